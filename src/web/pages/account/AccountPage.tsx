import { useState, type FormEvent } from 'react';
import { useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { account as accountSchema } from '../../../api/schemas-auth';
import { api, ApiError, type Unit } from '../../api/client';
import { useSession } from '../../app/session';
import { sessionStore } from '../../app/session-store';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { PageHeading } from '../../components/PageHeading';
import i18next, { formatDateTime, registerTranslations, setLanguage } from '../../i18n';
import en from './en.json';
import sv from './sv.json';

registerTranslations('account', sv, en);

type Account = z.infer<typeof accountSchema>;

export async function loader({ request }: LoaderFunctionArgs) {
  const signal = request.signal;
  // 401 for the public: the route's error page sends them to sign in and back.
  const account = await api<Account>('/account', { signal });
  await sessionStore.ready();
  // A reporter's units by name: only the organizations where the person has units.
  const withUnits = (sessionStore.get()?.user?.memberships ?? []).filter((m) => m.unitIds.length > 0);
  const lists = await Promise.all(withUnits.map((m) => api<Unit[]>(`/organizations/${m.organization.id}/units`, { signal })));
  const unitNames: Record<string, string> = {};
  for (const unit of lists.flat()) unitNames[unit.id] = unit.name;
  return { account, unitNames };
}

export function Component() {
  const { t } = useTranslation('account');
  const loaded = useLoaderData<typeof loader>();
  const { user } = useSession();
  const [account, setAccount] = useState(loaded.account);
  const title = t('title');
  return (
    <div className="container container--narrow">
      <PageHeading title={title}>{title}</PageHeading>
      {account.lastLoginAt && <p className="muted">{t('lastLogin', { when: formatDateTime(account.lastLoginAt) })}</p>}
      <ProfileForm account={account} onSaved={setAccount} />
      <PasswordForm hasPassword={account.hasPassword} />
      <section aria-labelledby="account-memberships-heading">
        <h2 id="account-memberships-heading">{t('memberships.heading')}</h2>
        {user?.isSystemAdmin && <p>{t('memberships.systemAdmin')}</p>}
        {user && user.memberships.length > 0 ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('memberships.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('memberships.organization')}</th>
                  <th scope="col">{t('memberships.role')}</th>
                  <th scope="col">{t('memberships.units')}</th>
                </tr>
              </thead>
              <tbody>
                {user.memberships.map((m) => (
                  <tr key={m.organization.id}>
                    <th scope="row">{m.organization.name}</th>
                    <td>{t(`common:enums.role.${m.role}`)}</td>
                    <td>{m.unitIds.length ? m.unitIds.map((id) => loaded.unitNames[id] ?? id).join(', ') : t('memberships.allUnits')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          !user?.isSystemAdmin && <p>{t('memberships.none')}</p>
        )}
      </section>
    </div>
  );
}

function ProfileForm({ account, onSaved }: { account: Account; onSaved: (account: Account) => void }) {
  const { t } = useTranslation('account');
  const { refresh } = useSession();
  const [displayName, setDisplayName] = useState(account.displayName);
  const [language, setPreferred] = useState<string>(account.preferredLanguage ?? '');
  const [version, setVersion] = useState(account.version);
  const [nameError, setNameError] = useState<string | undefined>();
  const [summary, setSummary] = useState<SummaryError[]>([]);
  // The key, not the text: a change of language re-renders the notice in the new one.
  const [notice, setNotice] = useState<{ kind: 'success' | 'warning'; key: 'profile.saved' | 'profile.conflict' } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setNotice(null);
    if (!displayName.trim()) {
      const message = t('profile.displayNameMissing');
      setNameError(message);
      setSummary([{ fieldId: 'account-displayName', message }]);
      return;
    }
    setBusy(true);
    try {
      const preferredLanguage = language === 'sv' || language === 'en' ? language : null;
      const saved = await api<Account>('/account', { method: 'PATCH', body: { version, displayName: displayName.trim(), preferredLanguage } });
      setVersion(saved.version);
      setNameError(undefined);
      setSummary([]);
      onSaved(saved);
      // The chosen language applies at once, not only at the next sign-in.
      if (saved.preferredLanguage) setLanguage(saved.preferredLanguage);
      await refresh();
      setNotice({ kind: 'success', key: 'profile.saved' });
      announce(i18next.t('account:profile.saved'));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409) {
        // Only the person edits their own account: keep what they typed and take the newer version.
        const current = error.current as Account | undefined;
        if (current) setVersion(current.version);
        setNotice({ kind: 'warning', key: 'profile.conflict' });
        setSummary([]);
        return;
      }
      const nameProblem = error.fieldMessage('displayName');
      setNameError(nameProblem);
      setSummary([{ fieldId: nameProblem ? 'account-displayName' : 'account-preferredLanguage', message: nameProblem ?? error.fieldMessage('preferredLanguage') ?? error.message }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="account-profile-heading">
      <h2 id="account-profile-heading">{t('profile.heading')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <ErrorSummary errors={summary} />
        {notice && (
          <div className={`notice notice--${notice.kind}`} role={notice.kind === 'warning' ? 'alert' : undefined}>
            {t(notice.key)}
          </div>
        )}
        <dl className="account-email">
          <dt>{t('profile.email')}</dt>
          <dd>
            {account.email}
            <div className="field__hint">{t('profile.emailHint')}</div>
          </dd>
        </dl>
        <TextField
          id="account-displayName"
          label={t('profile.displayName')}
          hint={t('profile.displayNameHint')}
          value={displayName}
          onChange={setDisplayName}
          error={nameError}
          autoComplete="name"
          maxLength={200}
          required
        />
        <SelectField
          id="account-preferredLanguage"
          label={t('profile.language')}
          hint={t('profile.languageHint')}
          value={language}
          onChange={setPreferred}
          emptyLabel={t('profile.noLanguage')}
          options={[
            { value: 'sv', label: t('common:language.sv') },
            { value: 'en', label: t('common:language.en') },
          ]}
        />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t('profile.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

type PasswordValues = { currentPassword: string; newPassword: string; repeat: string };
const passwordIds: Record<keyof PasswordValues, string> = {
  currentPassword: 'account-currentPassword',
  newPassword: 'account-newPassword',
  repeat: 'account-repeatPassword',
};

function PasswordForm({ hasPassword }: { hasPassword: boolean }) {
  const { t } = useTranslation('account');
  const { refresh } = useSession();
  const empty: PasswordValues = { currentPassword: '', newPassword: '', repeat: '' };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Partial<Record<keyof PasswordValues, string>>>({});
  const [summary, setSummary] = useState<SummaryError[]>([]);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof PasswordValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  function show(found: Partial<Record<keyof PasswordValues, string>>, general?: string) {
    setErrors(found);
    const order: (keyof PasswordValues)[] = ['currentPassword', 'newPassword', 'repeat'];
    setSummary([
      ...(general ? [{ fieldId: passwordIds.currentPassword, message: general }] : []),
      ...order.filter((k) => found[k]).map((k) => ({ fieldId: passwordIds[k], message: found[k]! })),
    ]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setSaved(false);
    const found: Partial<Record<keyof PasswordValues, string>> = {};
    if (!values.currentPassword) found.currentPassword = t('password.currentMissing');
    if (!values.newPassword) found.newPassword = t('password.newMissing');
    if (!values.repeat) found.repeat = t('password.repeatMissing');
    else if (values.newPassword && values.repeat !== values.newPassword) found.repeat = t('password.mismatch');
    if (Object.keys(found).length) return show(found);
    setBusy(true);
    try {
      await api('/auth/password', { method: 'POST', body: { currentPassword: values.currentPassword, newPassword: values.newPassword } });
      setValues(empty);
      show({});
      setSaved(true);
      announce(t('password.saved'));
      await refresh();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const fromServer = { currentPassword: error.fieldMessage('currentPassword'), newPassword: error.fieldMessage('newPassword') };
      const known = Object.fromEntries(Object.entries(fromServer).filter(([, v]) => v)) as Partial<Record<keyof PasswordValues, string>>;
      show(known, Object.keys(known).length ? undefined : error.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="account-password-heading">
      <h2 id="account-password-heading">{t('password.heading')}</h2>
      {!hasPassword ? (
        <p>{t('password.noPassword')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <ErrorSummary errors={summary} />
          {saved && (
            <div className="notice notice--success" role="status">
              {t('password.saved')}
            </div>
          )}
          <TextField
            id={passwordIds.currentPassword}
            label={t('password.current')}
            type="password"
            autoComplete="current-password"
            value={values.currentPassword}
            onChange={set('currentPassword')}
            error={errors.currentPassword}
            required
          />
          <TextField
            id={passwordIds.newPassword}
            label={t('password.new')}
            hint={t('password.newHint')}
            type="password"
            autoComplete="new-password"
            value={values.newPassword}
            onChange={set('newPassword')}
            error={errors.newPassword}
            required
          />
          <TextField
            id={passwordIds.repeat}
            label={t('password.repeat')}
            type="password"
            autoComplete="new-password"
            value={values.repeat}
            onChange={set('repeat')}
            error={errors.repeat}
            required
          />
          <div className="button-row">
            <button type="submit" className="button" disabled={busy}>
              {t('password.save')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
