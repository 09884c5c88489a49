import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { signInAgain } from '../app/session-store';
import { announce } from './LiveRegion';
import { SignInForm } from './SignInForm';

/**
 * Shown when the session ended while the person was working (idle or absolute expiry, signed out
 * elsewhere). The page and what was typed stay as they are behind this modal; after signing in the
 * waiting request is sent again. Native <dialog> with showModal: the page behind is inert (focus
 * stays in the dialog) and Escape cancels.
 */
export function SessionExpiredDialog({ email }: { email: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<Element | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    returnFocus.current = document.activeElement;
    if (dialog && !dialog.open) dialog.showModal();
    // Straight to the password when the e-mail is known.
    document.getElementById(email ? 'session-expired-password' : 'session-expired-email')?.focus();
    return () => {
      if (dialog?.open) dialog.close();
      // Back to where the person was (the Save button), as a page does after a modal.
      if (returnFocus.current instanceof HTMLElement && returnFocus.current.isConnected) returnFocus.current.focus();
    };
  }, [email]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="session-expired-title"
      aria-describedby="session-expired-body"
      onCancel={(event) => {
        event.preventDefault();
        signInAgain.abandoned(new Error('cancelled'));
      }}
    >
      <h2 id="session-expired-title">{t('sessionExpired.title')}</h2>
      <p id="session-expired-body">{t('sessionExpired.body')}</p>
      <SignInForm
        idPrefix="session-expired"
        initialEmail={email}
        submitLabel={t('sessionExpired.submit')}
        onSignedIn={() => {
          announce(t('sessionExpired.signedIn'));
          signInAgain.succeeded();
        }}
      >
        <button type="button" className="button button--secondary" onClick={() => signInAgain.abandoned(new Error('cancelled'))}>
          {t('actions.cancel')}
        </button>
      </SignInForm>
    </dialog>
  );
}
