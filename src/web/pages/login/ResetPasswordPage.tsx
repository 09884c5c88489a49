import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { TextField } from '../../components/fields';
import { PageHeading } from '../../components/PageHeading';
import { ns } from './shared';

/** The token travels in the fragment (#token=…), which browsers never send to a server or its logs. */
function tokenFromHash(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}

const newId = 'reset-new-password';
const repeatId = 'reset-repeat-password';

export function Component() {
  const { t } = useTranslation(ns);
  const navigate = useNavigate();
  const [token] = useState(tokenFromHash);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ password?: string; repeat?: string }>({});
  const [summary, setSummary] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const title = t('reset.title');

  function show(errors: { password?: string; repeat?: string }, general?: string) {
    setFieldErrors(errors);
    setSummary([
      ...(general ? [{ fieldId: newId, message: general }] : []),
      ...(errors.password ? [{ fieldId: newId, message: errors.password }] : []),
      ...(errors.repeat ? [{ fieldId: repeatId, message: errors.repeat }] : []),
    ]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const errors: { password?: string; repeat?: string } = {};
    if (!password) errors.password = t('reset.missing');
    if (!repeat) errors.repeat = t('reset.repeatMissing');
    else if (password && repeat !== password) errors.repeat = t('reset.mismatch');
    if (errors.password || errors.repeat) return show(errors);
    setBusy(true);
    try {
      await api('/auth/password-reset', { method: 'POST', body: { token, newPassword: password }, signInAgain: false });
      navigate('/login', { replace: true, state: { passwordReset: true } });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const passwordProblem = error.fieldMessage('newPassword');
      // A bad link is no field's fault; it leads the summary and points at the form.
      const general = passwordProblem ? undefined : (error.fieldMessage('token') ?? error.message);
      show(passwordProblem ? { password: passwordProblem } : {}, general);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="container container--narrow">
      <PageHeading title={title}>{title}</PageHeading>
      {!token ? (
        <>
          <div className="notice notice--warning">{t('reset.noToken')}</div>
          <p>
            <Link to="/login">{t('reset.toLogin')}</Link>
          </p>
        </>
      ) : (
        <>
          <p className="lead">{t('reset.intro')}</p>
          <form onSubmit={(e) => void submit(e)} noValidate>
            <ErrorSummary errors={summary} />
            <TextField
              id={newId}
              label={t('reset.newPassword')}
              hint={t('reset.newPasswordHint')}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={setPassword}
              error={fieldErrors.password}
              required
            />
            <TextField id={repeatId} label={t('reset.repeat')} type="password" autoComplete="new-password" value={repeat} onChange={setRepeat} error={fieldErrors.repeat} required />
            <div className="button-row">
              <button type="submit" className="button" disabled={busy}>
                {t('reset.submit')}
              </button>
            </div>
          </form>
        </>
      )}
    </div>
  );
}
