import { memo, useEffect, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n';
import type { SourceRange } from './model';

export interface Highlight extends SourceRange {
  /** The id of the control that asked for these lines; "back" returns focus there. */
  returnTo: string;
  /** Changes on every request, so asking for the same lines again scrolls to them again. */
  serial: number;
}

export const lineId = (line: number) => `import-line-${line}`;

/**
 * The document's text as the importer read it, one numbered line per row, in a scrollable region.
 * Asked to show a range, it scrolls to it, marks it (a bar and a text label, not colour alone) and
 * moves focus to its first line; Escape or "back" returns to the item that asked.
 */
export const SourcePanel = memo(function SourcePanel({ lines, fileName, highlight, onBack }: { lines: string[]; fileName: string; highlight: Highlight | null; onBack: () => void }) {
  const { t } = useTranslation('import');
  useEffect(() => {
    if (!highlight) return;
    const first = document.getElementById(lineId(Math.max(1, Math.min(highlight.from, lines.length))));
    first?.scrollIntoView({ block: 'center' });
    first?.focus({ preventScroll: true });
  }, [highlight, lines.length]);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && highlight) {
      event.preventDefault();
      onBack();
    }
  };
  const isMarked = (n: number) => !!highlight && n >= highlight.from && n <= highlight.to;
  return (
    <section className="import-source" aria-labelledby="import-source-heading">
      <div className="import-source__head">
        <h2 id="import-source-heading">{t('source.title')}</h2>
        <p className="muted">{t('source.description', { file: fileName, count: lines.length, lines: formatNumber(lines.length) })}</p>
        {highlight && (
          <p className="import-source__marked">
            {highlight.from === highlight.to ? t('source.markedOne', { line: highlight.from }) : t('source.markedRange', { from: highlight.from, to: highlight.to })}{' '}
            <button type="button" className="link-button" onClick={onBack}>
              {t('source.back')}
            </button>
          </p>
        )}
      </div>
      <div className="import-source__scroll" role="region" tabIndex={0} aria-label={t('source.regionLabel')} onKeyDown={onKeyDown}>
        <ol className="import-source__lines" role="list">
          {lines.map((line, i) => {
            const n = i + 1;
            const marked = isMarked(n);
            return (
              <li key={n} id={lineId(n)} className={marked ? 'import-source__line is-marked' : 'import-source__line'} tabIndex={marked && n === highlight!.from ? -1 : undefined}>
                <span className="import-source__number">{n}</span>
                <span className="import-source__text">
                  {line || '\u00a0'}
                  {marked && <span className="visually-hidden"> {t('source.markedLine')}</span>}
                </span>
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
});
