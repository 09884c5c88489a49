import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ns, type ConflictRow } from './shared';

/**
 * Shown when a save is answered 409: someone else saved the record since the user opened it. It
 * lists what the server has that differs from what the user started from, next to what the user
 * typed, and offers to put the user's changes on top of the server's record or to drop them.
 */
export function ConflictNotice({ rows, onReapply, onDiscard }: { rows: ConflictRow[]; onReapply: () => void; onDiscard: () => void }) {
  const { t } = useTranslation(ns);
  const headingId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div className="notice notice--warning conflict" role="alert" aria-labelledby={headingId} tabIndex={-1} ref={ref}>
      <h2 id={headingId} className="conflict__title">
        {t('conflict.title')}
      </h2>
      <p>{t('conflict.intro')}</p>
      {rows.length === 0 ? (
        <p>{t('conflict.noFieldChanges')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('conflict.tableLabel')}>
          <table>
            <caption>{t('conflict.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('conflict.field')}</th>
                <th scope="col">{t('conflict.server')}</th>
                <th scope="col">{t('conflict.yours')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">
                    {row.label}
                    {row.bothChanged && <span className="conflict__both">{t('conflict.bothChanged')}</span>}
                  </th>
                  <td className="conflict__value">{row.server || <span className="muted">{t('conflict.empty')}</span>}</td>
                  <td className="conflict__value">{row.yours || <span className="muted">{t('conflict.empty')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>{t('conflict.explain')}</p>
      <div className="button-row">
        <button type="button" className="button" onClick={onReapply}>
          {t('conflict.reapply')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDiscard}>
          {t('conflict.discard')}
        </button>
      </div>
    </div>
  );
}
