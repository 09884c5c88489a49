import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { member, ssoProvider } from '../../../api/schemas-auth';
import { roles, type Role } from '../../../domain/access';
import { api, type Organization } from '../../api/client';
import { describedBy } from '../../components/fields';
import { PageHeading } from '../../components/PageHeading';
import { registerTranslations } from '../../i18n';
import en from './en.json';
import sv from './sv.json';
import './admin.css';

registerTranslations('admin', sv, en);

export type Member = z.infer<typeof member>;
export type SsoProvider = z.infer<typeof ssoProvider>;
export { roles, type Role };

export const loadOrganization = (organizationId: string, signal: AbortSignal) => api<Organization>(`/organizations/${organizationId}`, { signal });

const sections = ['members', 'sso', 'audit'] as const;

/**
 * The top of every administration page: the organization as caption, the page's h1 and the
 * administration's own navigation (a list of links, the current one marked for screen readers).
 */
export function AdminHeader({ organization, section }: { organization: Pick<Organization, 'id' | 'name'>; section: (typeof sections)[number] }) {
  const { t } = useTranslation('admin');
  const { pathname } = useLocation();
  const title = t(`nav.${section}`);
  return (
    <>
      <PageHeading title={`${title} – ${organization.name}`} caption={t('caption', { organization: organization.name })}>
        {t(`${section}.title`)}
      </PageHeading>
      <nav aria-label={t('nav.label')} className="plan-tabs">
        <ul className="tabs">
          {sections.map((s) => {
            const path = `/organizations/${organization.id}/${s}`;
            return (
              <li key={s}>
                <Link to={path} aria-current={pathname === path ? 'page' : undefined}>
                  {t(`nav.${s}`)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </>
  );
}

/**
 * The four roles as radio buttons, each with what it may do. The error (if any) is tied to the
 * fieldset; the first radio carries `id`, so an error summary link lands on it.
 */
export function RoleRadios(props: { id: string; legend: string; hint?: string; value: Role | ''; onChange: (role: Role) => void; error?: string | undefined; name?: string }) {
  const { t } = useTranslation('admin');
  const { id, legend, hint, value, onChange, error } = props;
  return (
    <fieldset className={`fieldset${error ? ' field--error' : ''}`} aria-describedby={describedBy(`${id}-group`, hint, error)}>
      <legend className="fieldset__legend">{legend}</legend>
      {hint && (
        <div className="field__hint" id={`${id}-group-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="field__error" id={`${id}-group-error`}>
          {error}
        </p>
      )}
      <div className="radios">
        {roles.map((role, index) => {
          const radioId = index === 0 ? id : `${id}-${role}`;
          return (
            <div className="radio" key={role}>
              <input
                id={radioId}
                type="radio"
                name={props.name ?? id}
                value={role}
                checked={value === role}
                onChange={() => onChange(role)}
                aria-describedby={`${id}-${role}-hint`}
              />
              <div>
                <label htmlFor={radioId}>{t(`role.${role}`)}</label>
                <div className="field__hint radio__hint" id={`${id}-${role}-hint`}>
                  {t(`role.hint.${role}`)}
                </div>
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export const isRole = (value: string | null): value is Role => value !== null && (roles as readonly string[]).includes(value);
