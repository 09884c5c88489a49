import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { announce } from '../../components/LiveRegion';
import { TextArea } from '../../components/fields';
import { formatDateTime, formatNumber } from '../../i18n';
import type { StatusReport } from './model';
import { ReportFacts } from './ReportFacts';
import { MeasureName, ns } from './shared';

/**
 * Submitted reports waiting for review, one article each with the report's content and two actions:
 * approve, or return with a comment (required, so the reporter knows what to change). After an
 * action the item leaves the queue and focus moves to the next item's heading, so a coordinator can
 * go through the whole queue from the keyboard.
 */
export function ReviewQueue({
  reports,
  statusLabel,
  canReview,
  onReviewed,
}: {
  reports: StatusReport[];
  statusLabel: (code: string | null | undefined) => string;
  canReview: boolean;
  onReviewed: () => void;
}) {
  const { t } = useTranslation(ns);
  const queue = reports.filter((r) => r.state === 'submitted');
  const headingRef = useRef<HTMLHeadingElement>(null);

  const afterAction = (index: number) => {
    onReviewed();
    window.setTimeout(() => {
      const items = document.querySelectorAll<HTMLElement>('.review-item h3');
      const target = items[Math.min(index, items.length - 1)];
      if (target) target.focus();
      else headingRef.current?.focus();
    }, 400);
  };

  return (
    <section className="round-section" aria-labelledby="review-title">
      <h2 id="review-title" tabIndex={-1} ref={headingRef}>
        {t('round.review.title')}
      </h2>
      <p>{t('round.review.count', { count: queue.length, formatted: formatNumber(queue.length) })}</p>
      {queue.length > 0 && (
        <ul className="review-queue">
          {queue.map((report, index) => (
            <ReviewItem key={`${report.id}:${report.version}`} report={report} statusLabel={statusLabel} canReview={canReview} onDone={() => afterAction(index)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReviewItem({ report, statusLabel, canReview, onDone }: { report: StatusReport; statusLabel: (code: string | null | undefined) => string; canReview: boolean; onDone: () => void }) {
  const { t } = useTranslation(ns);
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `review-${report.id}`;
  const name = [report.measureCode, report.measureText].filter(Boolean).join(' ');

  const act = async (action: 'approve' | 'return') => {
    if (busy) return;
    if (action === 'return' && !comment.trim()) {
      setError(t('round.review.commentRequired'));
      document.getElementById(`${id}-comment`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    setGeneral(null);
    try {
      await api(`/status-reports/${report.id}/${action}`, { method: 'POST', body: action === 'approve' ? { version: report.version } : { version: report.version, comment: comment.trim() } });
      announce(t(action === 'approve' ? 'round.review.approved' : 'round.review.returned', { measure: name, unit: report.unitName }));
      onDone();
    } catch (e) {
      const message = e instanceof ApiError ? (e.fieldMessage('comment') ?? e.message) : String(e);
      if (e instanceof ApiError && e.fieldMessage('comment')) setError(message);
      else setGeneral(message);
      // A changed report (409) is shown as it now is.
      if (e instanceof ApiError && e.status === 409) onDone();
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="review-item" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} tabIndex={-1}>
        <MeasureName code={report.measureCode} text={report.measureText} />
      </h3>
      <p className="meta-row">
        <span>
          {t('round.review.unit')}: {report.unitName}
        </span>
        {report.submittedAt && <span>{t('round.review.submittedAt', { date: formatDateTime(report.submittedAt) })}</span>}
        <Link to={`/status-reports/${report.id}`}>{t('round.review.open', { measure: report.measureCode ?? '' })}</Link>
      </p>
      <ReportFacts report={report} statusLabel={statusLabel} />
      {general && (
        <div className="notice notice--warning" role="alert">
          {general}
        </div>
      )}
      {canReview && (
        <div className="review-actions">
          {returning ? (
            <>
              <TextArea id={`${id}-comment`} label={t('round.review.comment', { measure: report.measureCode ?? name })} hint={t('round.review.commentHint')} error={error ?? undefined} value={comment} onChange={setComment} rows={3} maxLength={4000} />
              <div className="button-row">
                <button type="button" className="button" onClick={() => void act('return')} aria-disabled={busy || undefined}>
                  {t('round.review.sendBack')}
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    setReturning(false);
                    setError(null);
                    window.setTimeout(() => document.getElementById(`${id}-return`)?.focus(), 0);
                  }}
                >
                  {t('round.review.cancel')}
                </button>
              </div>
            </>
          ) : (
            <div className="button-row">
              <button type="button" className="button" onClick={() => void act('approve')} aria-disabled={busy || undefined} aria-describedby={`${id}-title`}>
                {t('round.review.approve')}
              </button>
              <button
                type="button"
                id={`${id}-return`}
                className="button button--secondary"
                aria-describedby={`${id}-title`}
                onClick={() => {
                  setReturning(true);
                  window.setTimeout(() => document.getElementById(`${id}-comment`)?.focus(), 0);
                }}
              >
                {t('round.review.return')}
              </button>
            </div>
          )}
        </div>
      )}
    </li>
  );
}
