import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { currentLanguage, formatDate, formatNumber, registerTranslations } from '../../i18n';
import type { ReportState, RoundState, StatusLabel } from './model';
import en from './en.json';
import sv from './sv.json';
import './followup.css';

/*
 * What the follow-up pages share: their translations and styles, the state tags of reports and
 * rounds, deadlines that say "overdue" in words, and the organization's own status labels.
 */
registerTranslations('followup', sv, en);

export const ns = 'followup';

export function ReportStateTag({ state }: { state: ReportState | 'missing' }) {
  const { t } = useTranslation(ns);
  return <span className={`tag tag--report-${state === 'missing' ? 'not_started' : state}`}>{t(`reportState.${state}`)}</span>;
}

export function RoundStateTag({ state }: { state: RoundState }) {
  const { t } = useTranslation(ns);
  return <span className={`tag tag--round-${state}`}>{t(`roundState.${state}`)}</span>;
}

/** Whole days from today to a date ("2026-03-15"), negative when it has passed; in the user's time zone. */
export function daysUntil(date: string, today = new Date()): number {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const due = Date.UTC(y, m - 1, d);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((due - now) / 86_400_000);
}

/**
 * A deadline as a date, and when it has passed and the work is not done, the word "Försenad"
 * with the number of days, an icon and a border: overdue is never told by colour alone.
 */
export function Deadline({ date, done }: { date: string; done: boolean }) {
  const { t } = useTranslation(ns);
  const days = daysUntil(date);
  return (
    <span className="deadline-line">
      <span className="deadline">{formatDate(date)}</span>
      {!done && days < 0 && (
        <span className="overdue">
          <span className="overdue__icon" aria-hidden="true">
            !
          </span>
          {t('deadline.overdue', { count: -days, formatted: formatNumber(-days) })}
        </span>
      )}
      {!done && days >= 0 && days <= 7 && <span className="muted">{days === 0 ? t('deadline.today') : t('deadline.inDays', { count: days, formatted: formatNumber(days) })}</span>}
    </span>
  );
}

/** The organization's label for a status code in the current language, or the built-in one. */
export function useStatusLabel(labels: readonly StatusLabel[]): (code: string | null | undefined) => string {
  const { t } = useTranslation(ns);
  const english = currentLanguage() === 'en';
  return (code) => {
    if (!code) return t('status.none');
    const label = labels.find((l) => l.code === code);
    if (label) return english ? label.en : label.sv;
    return t(`status.${code}`, { defaultValue: code });
  };
}

/** A measure's code and text, the code set apart as in the plan's own tables. */
export function MeasureName({ code, text, to }: { code: string | null | undefined; text: string; to?: string }) {
  const body: ReactNode = (
    <>
      {code && <span className="report-table__code">{code}</span>} {text}
    </>
  );
  return to ? <Link to={to}>{body}</Link> : <>{body}</>;
}

/** A percentage for tables: "75 %" in Swedish, "75%" in English. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return new Intl.NumberFormat(currentLanguage() === 'en' ? 'en-GB' : 'sv-SE', { style: 'percent', maximumFractionDigits: 0 }).format(value / 100);
}

/** The share of `part` in `whole` as a whole percentage (0 for an empty whole). */
export const share = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 100) : 0);
