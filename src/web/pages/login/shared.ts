import { registerTranslations } from '../../i18n';
import en from './en.json';
import sv from './sv.json';

registerTranslations('login', sv, en);
export const ns = 'login';

/**
 * Where to go after signing in: only a path on this site ("/plans/…"), never another origin
 * ("//evil.example", "https://…"), so a crafted link cannot send a person elsewhere.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/login') || value.startsWith('/reset-password')) return '/';
  return value;
}
