import { useTranslation } from 'react-i18next';
import type { StatusReport } from './model';
import { formatPercent, ns } from './shared';

/** The content of a report as a summary list: status, progress, narrative, evidence links. */
export function ReportFacts({
  report,
  statusLabel,
}: {
  report: Pick<StatusReport, 'status' | 'progressPercent' | 'narrative' | 'evidenceLinks'>;
  statusLabel: (code: string | null | undefined) => string;
}) {
  const { t } = useTranslation(ns);
  return (
    <dl className="summary-list">
      <dt>{t('entry.status')}</dt>
      <dd>{statusLabel(report.status)}</dd>
      <dt>{t('entry.progress')}</dt>
      <dd>{formatPercent(report.progressPercent)}</dd>
      <dt>{t('entry.narrative')}</dt>
      <dd className="narrative">{report.narrative || <span className="muted">{t('entry.noNarrative')}</span>}</dd>
      <dt>{t('entry.links')}</dt>
      <dd>
        {report.evidenceLinks.length === 0 ? (
          <span className="muted">{t('entry.noLinks')}</span>
        ) : (
          <ul className="plain-list">
            {report.evidenceLinks.map((l, i) => (
              <li key={i}>
                <a href={l.url} rel="noopener noreferrer" target="_blank">
                  {l.title || l.url}
                  <span className="visually-hidden"> {t('entry.opensNewTab')}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  );
}
