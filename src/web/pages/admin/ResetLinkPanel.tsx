import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { resetLink } from '../../../api/schemas-auth';
import { announce } from '../../components/LiveRegion';
import { formatDateTime } from '../../i18n';

export type ResetLink = z.infer<typeof resetLink>;

/**
 * A freshly issued link to choose a password. The server keeps only a hash of its token, so this
 * is the one time it can be shown: said plainly, with a copy button and the link's expiry. The
 * panel takes focus when it appears so a screen reader user hears all of that first.
 */
export function ResetLinkPanel({ link, name, onDone }: { link: ResetLink; name: string; onDone: () => void }) {
  const { t } = useTranslation('admin');
  const ref = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    ref.current?.focus();
  }, [link.token]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopyState('copied');
      announce(t('reset.copied'));
    } catch {
      // Clipboard access can be refused (no secure context, permissions): select it for the user.
      inputRef.current?.select();
      setCopyState('failed');
      announce(t('reset.copyFailed'));
    }
  };

  return (
    <div className="notice notice--warning reset-link" role="region" aria-labelledby="reset-link-title" tabIndex={-1} ref={ref}>
      <h2 id="reset-link-title" className="notice__title">
        {t('reset.title', { name })}
      </h2>
      <p>
        <strong>{t('reset.onlyOnce')}</strong> {t('reset.onlyOnceBody')}
      </p>
      <div className="field">
        <label className="field__label" htmlFor="reset-link-url">
          {t('reset.link')}
        </label>
        <div className="field__hint" id="reset-link-expiry">
          {t('reset.expires', { when: formatDateTime(link.expiresAt) })}
        </div>
        <input
          ref={inputRef}
          id="reset-link-url"
          className="input reset-link__url"
          type="text"
          readOnly
          value={link.url}
          aria-describedby="reset-link-expiry"
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
        />
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void copy()}>
          {t('reset.copy')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('reset.done')}
        </button>
      </div>
      {copyState !== 'idle' && <p className={copyState === 'failed' ? 'field__error' : 'reset-link__copied'}>{copyState === 'copied' ? t('reset.copied') : t('reset.copyFailed')}</p>}
    </div>
  );
}
