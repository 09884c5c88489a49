import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Organization } from '../../api/client';
import type { SummaryError } from '../../components/ErrorSummary';
import { describedBy, TextArea, TextField } from '../../components/fields';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { allowedOrRefused, NotAllowed } from '../access/NotAllowed';
import { FormErrorAlerts, VersionConflict } from '../plan-edit/FormAlerts';
import { formErrors, noErrors, useVersionedForm, type FormErrors } from '../plan-edit/shared';
import { AdminHeader, loadOrganization, RoleRadios, roles, type Role, type SsoProvider } from './shared';

/** /organizations/:organizationId/sso: the organization's OpenID Connect settings, for its admins. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const organization = await loadOrganization(params.organizationId!, signal);
  const data = await allowedOrRefused(async () => {
    try {
      return { provider: await api<SsoProvider>(`/organizations/${organization.id}/sso`, { signal }) };
    } catch (error) {
      // No configuration yet: the form starts empty.
      if (error instanceof ApiError && error.status === 404) return { provider: null };
      throw error;
    }
  });
  return { organization, data };
}

export function Component() {
  const { organization, data } = useLoaderData<typeof loader>();
  if (data.refused) return <NotAllowed refusal={data.refused} need="admin" />;
  return <SsoSettings organization={organization} provider={data.provider} />;
}

interface MappingRow {
  value: string;
  role: Role;
}

interface SsoValues extends Record<string, unknown> {
  issuer: string;
  clientId: string;
  clientSecret: string;
  keepSecret: boolean;
  allowedDomains: string;
  defaultRole: Role;
  roleClaim: string;
  mapping: MappingRow[];
  enabled: boolean;
}

function toValues(provider: SsoProvider | null): SsoValues {
  return {
    issuer: provider?.issuer ?? '',
    clientId: provider?.clientId ?? '',
    clientSecret: '',
    keepSecret: provider?.hasClientSecret ?? false,
    allowedDomains: (provider?.allowedDomains ?? []).join('\n'),
    defaultRole: provider?.defaultRole ?? 'reader',
    roleClaim: provider?.roleClaim ?? '',
    mapping: Object.entries(provider?.roleMapping ?? {}).map(([value, role]) => ({ value, role })),
    enabled: provider?.enabled ?? true,
  };
}

const domainList = (text: string) =>
  text
    .split(/[\n,;]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);

function SsoSettings({ organization, provider: initial }: { organization: Organization; provider: SsoProvider | null }) {
  const { t } = useTranslation('admin');
  const [provider, setProvider] = useState(initial);
  const form = useVersionedForm<SsoValues>(toValues(initial), initial?.version ?? 0);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const savedRef = useRef<HTMLDivElement>(null);
  const { values, setField } = form;
  useUnsavedChanges(form.dirty);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  const fields: Record<string, { id: string; label: string }> = {
    issuer: { id: 'sso-issuer', label: t('sso.issuer') },
    clientId: { id: 'sso-client-id', label: t('sso.clientId') },
    clientSecret: { id: 'sso-client-secret', label: t('sso.clientSecret') },
    allowedDomains: { id: 'sso-domains', label: t('sso.allowedDomains') },
    defaultRole: { id: 'sso-default-role', label: t('sso.defaultRole') },
    roleClaim: { id: 'sso-role-claim', label: t('sso.roleClaim') },
    roleMapping: { id: values.mapping.length ? 'sso-mapping-value-0' : 'sso-mapping-add', label: t('sso.mappingTitle') },
    enabled: { id: 'sso-enabled', label: t('sso.enabled') },
  };
  // A mapping error names its claim value (body.roleMapping.<value>): it belongs to that row.
  values.mapping.forEach((row, i) => {
    if (row.value.trim()) fields[`roleMapping.${row.value.trim()}`] = { id: `sso-mapping-value-${i}`, label: t('sso.mappingValue', { n: i + 1 }) };
  });

  const check = (): FormErrors => {
    const byField: Record<string, string> = {};
    const summary: SummaryError[] = [];
    const add = (key: string, id: string, message: string, label?: string) => {
      byField[key] = message;
      summary.push({ fieldId: id, message: label ? `${label}: ${message}` : message });
    };
    if (!values.issuer.trim()) add('issuer', fields.issuer!.id, t('sso.required.issuer'), fields.issuer!.label);
    if (!values.clientId.trim()) add('clientId', fields.clientId!.id, t('sso.required.clientId'), fields.clientId!.label);
    if (provider?.hasClientSecret && !values.keepSecret && !values.clientSecret) add('clientSecret', fields.clientSecret!.id, t('sso.required.clientSecret'), fields.clientSecret!.label);
    if (domainList(values.allowedDomains).length === 0) add('allowedDomains', fields.allowedDomains!.id, t('sso.required.allowedDomains'), fields.allowedDomains!.label);
    const seen = new Set<string>();
    values.mapping.forEach((row, i) => {
      const value = row.value.trim();
      if (!value) add(`mapping.${i}`, `sso-mapping-value-${i}`, t('sso.mappingEmpty', { n: i + 1 }));
      else if (seen.has(value)) add(`mapping.${i}`, `sso-mapping-value-${i}`, t('sso.mappingDuplicate', { value }));
      seen.add(value);
    });
    return { byField, summary, general: null };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const local = check();
    setErrors(local);
    if (local.summary.length) return;
    setBusy(true);
    try {
      const secret = values.keepSecret ? undefined : values.clientSecret || undefined;
      const next = await api<SsoProvider>(`/organizations/${organization.id}/sso`, {
        method: 'PUT',
        body: {
          version: provider ? form.version : undefined,
          issuer: values.issuer.trim(),
          clientId: values.clientId.trim(),
          clientSecret: secret,
          allowedDomains: domainList(values.allowedDomains),
          defaultRole: values.defaultRole,
          roleClaim: values.roleClaim.trim() || null,
          roleMapping: Object.fromEntries(values.mapping.map((row) => [row.value.trim(), row.role])),
          enabled: values.enabled,
        },
      });
      setProvider(next);
      form.reset(toValues(next), next.version);
      setErrors(noErrors);
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.current) {
        const current = error.current as SsoProvider;
        setProvider(current);
        setErrors(noErrors);
        const text = (v: unknown) => String(v ?? '');
        form.showConflict({ ...toValues(current), clientSecret: values.clientSecret, keepSecret: values.keepSecret }, current.version, [
          { key: 'issuer', label: t('sso.issuer'), format: text },
          { key: 'clientId', label: t('sso.clientId'), format: text },
          { key: 'allowedDomains', label: t('sso.allowedDomains'), format: (v) => domainList(String(v)).join(', ') },
          { key: 'defaultRole', label: t('sso.defaultRole'), format: (v) => t(`role.${String(v)}`) },
          { key: 'roleClaim', label: t('sso.roleClaim'), format: text },
          { key: 'mapping', label: t('sso.mappingTitle'), format: (v) => (v as MappingRow[]).map((r) => `${r.value} → ${t(`role.${r.role}`)}`).join(', ') },
          { key: 'enabled', label: t('sso.enabled'), format: (v) => (v ? '✓' : '–') },
        ]);
        return;
      }
      setErrors(formErrors(error, fields, fields.issuer!.id));
    } finally {
      setBusy(false);
    }
  };

  const setRow = (index: number, row: Partial<MappingRow>) =>
    setField(
      'mapping',
      values.mapping.map((r, i) => (i === index ? { ...r, ...row } : r)),
    );
  const removeRow = (index: number) => {
    const rows = values.mapping.filter((_, i) => i !== index);
    setField('mapping', rows);
    // Focus stays in the list: the row that took this one's place, else the previous one, else "add".
    window.setTimeout(() => {
      const next = rows.length ? Math.min(index, rows.length - 1) : -1;
      document.getElementById(next >= 0 ? `sso-mapping-value-${next}` : 'sso-mapping-add')?.focus();
    }, 0);
  };
  const addRow = () => {
    setField('mapping', [...values.mapping, { value: '', role: 'reader' }]);
    const index = values.mapping.length;
    window.setTimeout(() => document.getElementById(`sso-mapping-value-${index}`)?.focus(), 0);
  };

  const secretField = (label: string) => (
    <TextField
      id="sso-client-secret"
      label={label}
      hint={provider?.hasClientSecret ? t('sso.clientSecretHint') : `${t('sso.secretNotStored')} ${t('sso.clientSecretHint')}`}
      type="password"
      autoComplete="new-password"
      value={values.clientSecret}
      onChange={(v) => setField('clientSecret', v)}
      error={errors.byField.clientSecret}
      maxLength={500}
    />
  );

  return (
    <>
      <AdminHeader organization={organization} section="sso" />
      <p>{t('sso.intro')}</p>
      {!provider && <p className="notice">{t('sso.none')}</p>}
      {saved && (
        <div className="notice notice--success" role="status" tabIndex={-1} ref={savedRef}>
          <p>{t('sso.saved')}</p>
        </div>
      )}
      <form className="admin-form" onSubmit={submit} noValidate aria-label={t('sso.title')}>
        <FormErrorAlerts errors={errors} />
        <VersionConflict form={form} submitId="sso-save" firstFieldId="sso-issuer" />
        <TextField
          id="sso-issuer"
          label={t('sso.issuer')}
          hint={t('sso.issuerHint')}
          type="url"
          autoComplete="off"
          value={values.issuer}
          onChange={(v) => setField('issuer', v)}
          error={errors.byField.issuer}
          maxLength={500}
        />
        <TextField
          id="sso-client-id"
          label={t('sso.clientId')}
          hint={t('sso.clientIdHint')}
          autoComplete="off"
          value={values.clientId}
          onChange={(v) => setField('clientId', v)}
          error={errors.byField.clientId}
          maxLength={500}
        />
        {provider?.hasClientSecret ? (
          // A stored secret is never sent back: the choice is to keep it or to replace it.
          <fieldset className="fieldset" aria-describedby="sso-secret-state">
            <legend className="fieldset__legend">{t('sso.clientSecret')}</legend>
            <p className="field__hint" id="sso-secret-state">
              {t('sso.secretStored')}
            </p>
            <div className="checkbox field">
              <input id="sso-keep-secret" type="checkbox" checked={values.keepSecret} onChange={(e) => setField('keepSecret', e.target.checked)} />
              <label htmlFor="sso-keep-secret">{t('sso.keepSecret')}</label>
            </div>
            {!values.keepSecret && secretField(t('sso.newSecret'))}
          </fieldset>
        ) : (
          secretField(t('sso.clientSecret'))
        )}
        <TextArea
          id="sso-domains"
          label={t('sso.allowedDomains')}
          hint={t('sso.allowedDomainsHint')}
          rows={3}
          value={values.allowedDomains}
          onChange={(v) => setField('allowedDomains', v)}
          error={errors.byField.allowedDomains}
        />
        <RoleRadios id="sso-default-role" legend={t('sso.defaultRole')} hint={t('sso.defaultRoleHint')} value={values.defaultRole} onChange={(role) => setField('defaultRole', role)} error={errors.byField.defaultRole} />
        <TextField
          id="sso-role-claim"
          label={t('sso.roleClaim')}
          hint={t('sso.roleClaimHint')}
          autoComplete="off"
          value={values.roleClaim}
          onChange={(v) => setField('roleClaim', v)}
          error={errors.byField.roleClaim}
          maxLength={100}
        />
        <fieldset className="fieldset" aria-describedby={describedBy('sso-mapping', t('sso.mappingHint'), errors.byField.roleMapping)}>
          <legend className="fieldset__legend">{t('sso.mappingTitle')}</legend>
          <p className="field__hint" id="sso-mapping-hint">
            {t('sso.mappingHint')}
          </p>
          {errors.byField.roleMapping && (
            <p className="field__error" id="sso-mapping-error">
              {errors.byField.roleMapping}
            </p>
          )}
          {values.mapping.length === 0 && <p className="muted">{t('sso.mappingNone')}</p>}
          <ul className="mapping-rows">
            {values.mapping.map((row, i) => {
              const error = errors.byField[`mapping.${i}`] ?? errors.byField[`roleMapping.${row.value.trim()}`];
              return (
                <li key={i} className={`mapping-row${error ? ' field--error' : ''}`}>
                  {error && (
                    <p className="field__error" id={`sso-mapping-value-${i}-error`}>
                      {error}
                    </p>
                  )}
                  <div className="mapping-row__fields">
                    <div className="field">
                      <label className="field__label" htmlFor={`sso-mapping-value-${i}`}>
                        {t('sso.mappingValue', { n: i + 1 })}
                      </label>
                      <input
                        id={`sso-mapping-value-${i}`}
                        className="input"
                        type="text"
                        autoComplete="off"
                        maxLength={200}
                        value={row.value}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `sso-mapping-value-${i}-error` : undefined}
                        onChange={(e) => setRow(i, { value: e.target.value })}
                      />
                    </div>
                    <div className="field">
                      <label className="field__label" htmlFor={`sso-mapping-role-${i}`}>
                        {t('sso.mappingRole', { n: i + 1 })}
                      </label>
                      <select id={`sso-mapping-role-${i}`} className="select" value={row.role} onChange={(e) => setRow(i, { role: e.target.value as Role })}>
                        {roles.map((role) => (
                          <option key={role} value={role}>
                            {t(`role.${role}`)}
                          </option>
                        ))}
                      </select>
                    </div>
                    <button type="button" className="button button--secondary button--small mapping-row__remove" onClick={() => removeRow(i)}>
                      {t('sso.mappingRemove', { n: i + 1 })}
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
          <button type="button" id="sso-mapping-add" className="button button--secondary" onClick={addRow}>
            {t('sso.mappingAdd')}
          </button>
        </fieldset>
        <div className={`checkbox field${errors.byField.enabled ? ' field--error' : ''}`}>
          <input id="sso-enabled" type="checkbox" checked={values.enabled} onChange={(e) => setField('enabled', e.target.checked)} aria-describedby="sso-enabled-hint" />
          <div>
            <label htmlFor="sso-enabled">{t('sso.enabled')}</label>
            <div className="field__hint" id="sso-enabled-hint">
              {t('sso.enabledHint')}
            </div>
          </div>
        </div>
        <button type="submit" id="sso-save" className="button" disabled={busy}>
          {busy ? t('sso.busy') : t('sso.save')}
        </button>
      </form>
    </>
  );
}
