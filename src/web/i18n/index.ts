import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import commonEn from './common.en.json';
import commonSv from './common.sv.json';

export const supportedLanguages = ['sv', 'en'] as const;
export type UiLanguage = (typeof supportedLanguages)[number];
const storageKey = 'fridplan.language';

function initialLanguage(): UiLanguage {
  try {
    const stored = localStorage.getItem(storageKey);
    if (stored === 'sv' || stored === 'en') return stored;
  } catch {
    // storage may be blocked; Swedish is the default
  }
  return 'sv';
}

void i18next.use(initReactI18next).init({
  lng: initialLanguage(),
  fallbackLng: 'sv',
  supportedLngs: [...supportedLanguages],
  defaultNS: 'common',
  ns: ['common'],
  resources: { sv: { common: commonSv }, en: { common: commonEn } },
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;

export function setLanguage(language: UiLanguage): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // the choice then lasts for this visit only
  }
}

/**
 * Translations live beside each page: a page registers its namespace when its module loads,
 * so a route's words arrive with its code.
 */
export function registerTranslations(namespace: string, sv: Record<string, unknown>, en: Record<string, unknown>): void {
  if (!i18next.hasResourceBundle('sv', namespace)) i18next.addResourceBundle('sv', namespace, sv, true, true);
  if (!i18next.hasResourceBundle('en', namespace)) i18next.addResourceBundle('en', namespace, en, true, true);
}

export const currentLanguage = (): UiLanguage => (i18next.language === 'en' ? 'en' : 'sv');
export const locale = (): string => (currentLanguage() === 'en' ? 'en-GB' : 'sv-SE');

export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = value.length === 10 ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: value.length === 10 ? 'UTC' : undefined }).format(date);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

export default i18next;
