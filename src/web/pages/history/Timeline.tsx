import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TaxonomyList, Unit } from '../../api/client';
import { currentLanguage, formatDateTime, registerTranslations } from '../../i18n';
import { WordDiff } from '../versions/shared';
import en from './en.json';
import sv from './sv.json';
import './history.css';
import { actionName, cut, entityName, entityPath, fieldName, isEmpty, valueText, visibleChanges, type AuditChange, type AuditEvent, type HistoryLabels } from './values';

registerTranslations('history', sv, en);

/** Unit names and term labels of the organization, for values that are stored as ids and codes. */
export function useHistoryLabels(units: Pick<Unit, 'id' | 'name'>[] = [], taxonomies: TaxonomyList = []): HistoryLabels {
  return useMemo(() => {
    const unitNames = new Map(units.map((u) => [u.id, u.name]));
    const en = currentLanguage() === 'en';
    const terms = new Map<string, string>();
    for (const list of taxonomies) for (const term of list.terms) terms.set(`${list.taxonomy}:${term.code}`, en ? term.en : term.sv);
    return { unitName: (id) => unitNames.get(id), term: (taxonomy, code) => terms.get(`${taxonomy}:${code}`) };
  }, [units, taxonomies]);
}

/** One side of a change: "(empty)" when empty, long text cut with the whole of it one click away. */
function Value({ text, field }: { text: string; field: string }) {
  const { t } = useTranslation('history');
  if (!text) return <span className="muted">{t('change.empty')}</span>;
  const short = cut(text);
  if (!short.cut) return <q className="history-value">{short.text}</q>;
  return (
    <>
      <q className="history-value">{short.text}</q>
      <details className="history-more">
        <summary>{t('change.showAllField', { field })}</summary>
        <div className="history-more__body">{text}</div>
      </details>
    </>
  );
}

/** "Field: old → new", read by screen readers as "Field: from old to new". */
function ChangeLine({ change, event, labels }: { change: AuditChange; event: AuditEvent; labels: HistoryLabels }) {
  const { t } = useTranslation('history');
  const name = fieldName(t, change.field);
  const before = valueText(t, labels, event.entity, change.field, change.before);
  const after = valueText(t, labels, event.entity, change.field, change.after);
  // A record that did not exist before (a creation, a reset link issued): its values, no arrows.
  const createdOnly = isEmpty(event.before);
  const longText = typeof change.before === 'string' && typeof change.after === 'string' && (before.length > 160 || after.length > 160);
  if (longText) {
    // Two long texts side by side say little; the words that changed, marked, say it all.
    return (
      <li>
        <span className="history-field">{name}:</span> {cut(before, 80).text} <span aria-hidden="true">→</span>
        <span className="visually-hidden">{t('change.to')}</span> {cut(after, 80).text}
        <details className="history-more">
          <summary>{t('change.showAllField', { field: name })}</summary>
          <div className="history-more__body">
            <p className="history-more__label">{t('change.diff')}</p>
            <p>
              <WordDiff before={change.before as string} after={change.after as string} />
            </p>
          </div>
        </details>
      </li>
    );
  }
  if (createdOnly) {
    return (
      <li>
        <span className="history-field">{name}:</span> <Value text={after} field={name} />
      </li>
    );
  }
  return (
    <li>
      <span className="history-field">{name}:</span> <span className="visually-hidden">{t('change.from')} </span>
      <Value text={before} field={name} /> <span aria-hidden="true">→</span>
      <span className="visually-hidden"> {t('change.to')}</span> <Value text={after} field={name} />
    </li>
  );
}

/** What the event concerns: its kind of record and label, linked while the record exists. */
export function EventSubject({ event }: { event: AuditEvent }) {
  const { t } = useTranslation('history');
  const path = entityPath(event);
  const label = event.label ? cut(event.label, 90).text : null;
  return (
    <>
      <span className="history-entity">{entityName(t, event.entity)}</span>
      {label && (
        <>
          {' '}
          {path ? <Link to={path}>{label}</Link> : <span>{label}</span>}
        </>
      )}
    </>
  );
}

/** The field changes of one event; a creation's many first values are folded away. */
export function EventChanges({ event, labels }: { event: AuditEvent; labels: HistoryLabels }) {
  const { t } = useTranslation('history');
  const changes = visibleChanges(event);
  if (event.action === 'delete' && isEmpty(event.after)) return <p className="history-note">{t('event.removedRecord')}</p>;
  if (!changes.length) return event.action === 'update' ? <p className="history-note muted">{t('event.noChanges')}</p> : null;
  const list = (
    <ul className="history-changes" aria-label={t('event.changesLabel')}>
      {changes.map((change) => (
        <ChangeLine key={change.field} change={change} event={event} labels={labels} />
      ))}
    </ul>
  );
  if (isEmpty(event.before)) {
    return (
      <details className="history-more">
        <summary>{t('event.createdWith', { count: changes.length })}</summary>
        {list}
      </details>
    );
  }
  return list;
}

/**
 * A readable timeline, newest first: when, who, what happened to which record, and each changed
 * field as "field: old → new". An ordered list, so the count and order are announced.
 */
export function Timeline({ events, labels, labelledBy, firstNewIndex }: { events: AuditEvent[]; labels: HistoryLabels; labelledBy?: string; firstNewIndex?: number }) {
  const { t } = useTranslation('history');
  return (
    <ol className="timeline" aria-labelledby={labelledBy} aria-label={labelledBy ? undefined : t('timelineLabel')}>
      {events.map((event, index) => (
        <li key={event.id} className="timeline__event" id={`event-${event.seq}`} tabIndex={index === firstNewIndex ? -1 : undefined}>
          <p className="timeline__meta">
            <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
            <span aria-hidden="true"> · </span>
            <span className="timeline__actor">{event.actor.name}</span>
          </p>
          <p className="timeline__what">
            <strong>{actionName(t, event.action)}</strong>
            {' – '}
            <EventSubject event={event} />
          </p>
          <EventChanges event={event} labels={labels} />
        </li>
      ))}
    </ol>
  );
}
