import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { signIn, type SessionUser } from '../app/session';
import { ErrorSummary, type SummaryError } from './ErrorSummary';
import { TextField } from './fields';

/**
 * E-mail and password, for the login page and the sign-in-again dialog. A refusal is the server's
 * message as it is ("wrong e-mail or password"), which never says whether the account exists.
 */
export function SignInForm({
  idPrefix,
  initialEmail = '',
  submitLabel,
  onSignedIn,
  extraErrors = [],
  children,
}: {
  idPrefix: string;
  initialEmail?: string;
  submitLabel: string;
  onSignedIn: (user: SessionUser) => void;
  /** Errors from elsewhere (a failed single sign-on) shown in the same summary. */
  extraErrors?: SummaryError[];
  /** Buttons beside "Sign in" (the dialog's Cancel). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);
  const emailId = `${idPrefix}-email`;
  const passwordId = `${idPrefix}-password`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: { email?: string; password?: string } = {};
    if (!email.trim()) missing.email = t('signIn.emailMissing');
    if (!password) missing.password = t('signIn.passwordMissing');
    if (missing.email || missing.password) {
      setFieldErrors(missing);
      setErrors([
        ...(missing.email ? [{ fieldId: emailId, message: missing.email }] : []),
        ...(missing.password ? [{ fieldId: passwordId, message: missing.password }] : []),
      ]);
      return;
    }
    setBusy(true);
    try {
      const user = await signIn(email.trim(), password);
      setPassword('');
      onSignedIn(user);
    } catch (error) {
      const message = error instanceof ApiError ? error.message : t('signIn.failed');
      // The refusal is about the pair, not one field: it links to the e-mail, where one starts again.
      setFieldErrors({});
      setErrors([{ fieldId: emailId, message }]);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  const summary = errors.length ? errors : extraErrors;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary errors={summary} />
      <TextField
        id={emailId}
        label={t('signIn.email')}
        type="email"
        autoComplete="username"
        value={email}
        onChange={setEmail}
        error={fieldErrors.email}
        required
      />
      <TextField
        id={passwordId}
        label={t('signIn.password')}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={fieldErrors.password}
        required
      />
      <div className="button-row">
        <button type="submit" className="button" disabled={busy} id={`${idPrefix}-submit`}>
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
