import { useState } from 'react';
import { Link, useRevalidator } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { announce } from '../../components/LiveRegion';
import { coordinatorApi, type ConsultationDetail, type ConsultationDiff } from './api';
import { DispositionTag } from './shared';

/**
 * The next version: a new draft made from the consulted version, and what changed in it against that
 * version, each change with the comments whose disposition points at it.
 */
export function NextVersionSection({ consultation: c, diff, manage }: { consultation: ConsultationDetail; diff: ConsultationDiff | null; manage: boolean }) {
  const { t } = useTranslation('remiss');
  const revalidator = useRevalidator();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setBusy(true);
    try {
      await coordinatorApi.nextVersion(c.id);
      setError(null);
      announce(t('next.created'));
      await revalidator.revalidate();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="next-title">
      <h2 id="next-title">{t('next.title')}</h2>
      {error && (
        <div className="notice notice--warning" role="alert">
          <p>{error}</p>
        </div>
      )}
      {!c.nextPlanId ? (
        <>
          <p>{t('next.intro')}</p>
          {manage && (
            <button type="button" className="button button--secondary" onClick={() => void create()} disabled={busy}>
              {t('next.create')}
            </button>
          )}
        </>
      ) : (
        <>
          <p>
            {t('next.exists')} <Link to={`/plans/${c.nextPlanId}`}>{t('next.open')}</Link>
            {manage && (
              <>
                {' · '}
                <Link to={`/plans/${c.nextPlanId}/structure`}>{t('next.edit')}</Link>
              </>
            )}
          </p>
          <h3>{t('next.changesTitle')}</h3>
          {!diff ? (
            <p className="muted">{t('next.noDiff')}</p>
          ) : diff.changes.length === 0 ? (
            <p className="muted">{t('next.noChanges')}</p>
          ) : (
            <ol className="remiss-changes">
              {diff.changes.map((change) => (
                <li key={`${change.kind}-${change.id}`} className={`remiss-change remiss-change--${change.change}`}>
                  <p>
                    <span className={`chip chip--${change.change === 'added' ? 'added' : change.change === 'removed' ? 'removed' : 'scope'}`}>{t(`change.${change.change}`)}</span>{' '}
                    <strong>
                      {t(`change.kind.${change.kind}`)} {change.number}
                    </strong>{' '}
                    {change.text}
                  </p>
                  {change.fields.length > 0 && <p className="muted">{t('next.fields', { fields: change.fields.map((f) => t(`field.${f}`, { defaultValue: f })).join(', ') })}</p>}
                  {change.comments.length === 0 ? (
                    <p className="muted">{t('next.noComments')}</p>
                  ) : (
                    <>
                      <p className="remiss-change__because">{t('next.because', { count: change.comments.length })}</p>
                      <ul className="remiss-change__comments">
                        {change.comments.map((comment) => (
                          <li key={comment.id}>
                            <strong>{comment.recipientName}:</strong> {comment.text} <DispositionTag disposition={comment.disposition} />
                            <span className="summary-list__more">{t('next.reason', { reason: comment.reason })}</span>
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
