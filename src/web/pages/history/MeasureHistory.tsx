import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaxonomyList, Unit } from '../../api/client';
import { PagedTimeline } from './PagedTimeline';
import { useHistoryLabels } from './Timeline';
import { useEventPages } from './useEventPages';

/**
 * The measure page's history: closed at first and fetched only when opened (most readers never
 * look, and the page should not wait for it). A disclosure button, not <details>, so that the
 * section keeps a real heading.
 */
export function MeasureHistory({ measureId, units, taxonomies }: { measureId: string; units: Unit[]; taxonomies: TaxonomyList }) {
  const { t } = useTranslation('history');
  const [open, setOpen] = useState(false);
  const pages = useEventPages(`/measures/${measureId}/history`, null);
  const labels = useHistoryLabels(units, taxonomies);
  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next && !pages.loaded && !pages.busy) void pages.loadFirst();
  };
  return (
    <section aria-labelledby="measure-history" className="measure-history">
      <h2 id="measure-history">{t('measureSection')}</h2>
      <p>{t('measureSectionHint')}</p>
      <p>
        <button type="button" className="button button--secondary" aria-expanded={open} aria-controls="measure-history-body" onClick={toggle}>
          {open ? t('hide') : t('show')}
        </button>
      </p>
      <div id="measure-history-body" hidden={!open}>
        {open && !pages.loaded && !pages.error ? (
          <p role="status">{t('loading')}</p>
        ) : (
          open && <PagedTimeline pages={pages} labels={labels} labelledBy="measure-history" />
        )}
      </div>
    </section>
  );
}
