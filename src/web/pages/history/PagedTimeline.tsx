import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n';
import { Timeline } from './Timeline';
import type { useEventPages } from './useEventPages';
import type { HistoryLabels } from './values';

/** A timeline with its count, a way to read older events, and a retry when fetching failed. */
export function PagedTimeline({ pages, labels, labelledBy }: { pages: ReturnType<typeof useEventPages>; labels: HistoryLabels; labelledBy?: string }) {
  const { t } = useTranslation('history');
  const { events, total, nextBefore, busy, error, firstNewIndex } = pages;
  return (
    <div className="history">
      {events.length === 0 && !error ? (
        <p>{t('none')}</p>
      ) : (
        <>
          <p className="muted">{t('showing', { shown: formatNumber(events.length), total: formatNumber(total) })}</p>
          <Timeline events={events} labels={labels} labelledBy={labelledBy} firstNewIndex={firstNewIndex} />
        </>
      )}
      {error && (
        <div className="notice notice--warning" role="alert">
          <p>{t('loadFailed', { message: error })}</p>
        </div>
      )}
      {(nextBefore !== null || error) && (
        <p>
          <button type="button" className="button button--secondary" onClick={() => void (events.length ? pages.loadOlder() : pages.loadFirst())} disabled={busy}>
            {busy ? t('loadingOlder') : error ? t('retry') : t('loadOlder')}
          </button>
        </p>
      )}
    </div>
  );
}
