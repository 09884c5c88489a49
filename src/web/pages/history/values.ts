import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { auditEvent } from '../../../api/schemas-audit';
import { formatDate, formatDateTime, formatNumber } from '../../i18n';

export type AuditEvent = z.infer<typeof auditEvent>;
export type AuditChange = AuditEvent['changes'][number];
export interface AuditPage {
  items: AuditEvent[];
  total: number;
  nextBefore: number | null;
}

/*
 * Turning audit values (rows as they were stored: strings, codes, ids, arrays, nested objects)
 * into short readable text: enum codes and taxonomy codes as words, unit ids as unit names,
 * timestamps as dates, and the rest compact. Long text is cut and shown whole on request.
 */

/** Columns that say nothing to a reader of the history (row ids, the concurrency counter). */
const hiddenFields = new Set(['id', 'organizationId', 'planId', 'version', 'searchText', 'createdAt', 'updatedAt', 'passwordHash', 'clientSecret', 'membershipId']);

export function visibleChanges(event: Pick<AuditEvent, 'changes'>): AuditChange[] {
  return event.changes.filter((c) => !hiddenFields.has(c.field) && !(isEmpty(c.before) && isEmpty(c.after)));
}

export function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Texts longer than this are cut in the timeline, with the whole text behind a disclosure. */
export const shortLength = 160;

export function cut(text: string, max = shortLength): { text: string; cut: boolean } {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return { text: clean, cut: false };
  const at = clean.lastIndexOf(' ', max);
  return { text: `${clean.slice(0, at > max * 0.6 ? at : max).trimEnd()} …`, cut: true };
}

/** What the timeline can resolve beyond the event itself: unit names and taxonomy term labels. */
export interface HistoryLabels {
  unitName: (id: string) => string | undefined;
  term: (taxonomy: string, code: string) => string | undefined;
}

export const noLabels: HistoryLabels = { unitName: () => undefined, term: () => undefined };

/** Fields whose codes belong to a taxonomy. */
const taxonomyOf: Record<string, string> = {
  preventionLevels: 'prevention_level',
  targetGroups: 'target_group',
  violenceForms: 'violence_form',
  vulnerableGroups: 'vulnerable_group',
  perspectives: 'perspective',
};

/** Fields whose string values are codes of a common vocabulary, per entity where the name is shared. */
function enumKey(entity: string, field: string): string | null {
  if (field === 'status' && (entity === 'plan' || entity === 'version')) return 'common:enums.planStatus';
  if (field === 'kind') return entity === 'unit' ? 'common:enums.unitKind' : entity === 'plan' || entity === 'version' ? 'common:enums.planKind' : null;
  if (field === 'scope') return 'common:enums.scope';
  if (field === 'followUpCadence') return 'common:enums.cadence';
  if (field === 'role') return entity === 'node' ? 'common:enums.nodeRole' : entity === 'membership' || entity === 'user' ? 'history:role' : null;
  if (field === 'defaultRole') return 'history:role';
  if (field === 'preferredLanguage') return 'history:language';
  return null;
}

/** One value as text in the current language; `''` for an empty value (the caller says "(empty)"). */
export function valueText(t: TFunction, labels: HistoryLabels, entity: string, field: string, value: unknown): string {
  if (isEmpty(value)) return '';
  if (typeof value === 'boolean') return value ? t('history:change.yes') : t('history:change.no');
  if (typeof value === 'number') return formatNumber(field === 'position' ? value + 1 : value);
  if (typeof value === 'string') return scalarText(t, labels, entity, field, value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? scalarText(t, labels, entity, field, item) : valueText(t, labels, entity, field, item))).join(', ');
  if (isRecord(value)) {
    // Plan sections ({ title, text }) and the like: the readable parts, not the braces.
    const parts = Object.entries(value)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `${t(`history:field.${k}`, { defaultValue: k })}: ${valueText(t, labels, entity, k, v)}`);
    return parts.join('; ');
  }
  return String(value);
}

function scalarText(t: TFunction, labels: HistoryLabels, entity: string, field: string, value: string): string {
  const taxonomy = taxonomyOf[field];
  if (taxonomy) return labels.term(taxonomy, value) ?? value;
  const vocabulary = enumKey(entity, field);
  if (vocabulary) return t(`${vocabulary}.${value}`, { defaultValue: value });
  if (uuid.test(value)) return labels.unitName(value) ?? t('history:change.reference', { id: value.slice(0, 8) });
  if (isoDate.test(value)) return formatDate(value);
  if (isoTimestamp.test(value) && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
  return value;
}

/** The field's name in the current language, or the field itself when it has no translation. */
export function fieldName(t: TFunction, field: string): string {
  return t(`history:field.${field}`, { defaultValue: field });
}

export function actionName(t: TFunction, action: string): string {
  return t(`history:action.${action}`, { defaultValue: action.replace(/_/g, ' ') });
}

export function entityName(t: TFunction, entity: string): string {
  return t(`history:entity.${entity}`, { defaultValue: entity.replace(/_/g, ' ') });
}

/** Where an event's record can be seen, while it still exists. */
export function entityPath(event: Pick<AuditEvent, 'entity' | 'entityId' | 'planId' | 'action'>): string | null {
  if (event.action === 'delete') return null;
  if (event.entity === 'measure') return `/measures/${event.entityId}`;
  if (event.entity === 'plan') return `/plans/${event.entityId}`;
  if (event.entity === 'node' && event.planId) return `/plans/${event.planId}#node-${event.entityId}`;
  if (event.entity === 'version' && event.planId) return `/plans/${event.planId}/versions`;
  return null;
}

/** The kinds of record and the actions the audit trail writes, for the log's filters. */
export const auditEntities = ['plan', 'node', 'measure', 'version', 'unit', 'term', 'organization', 'membership', 'user', 'sso_provider'] as const;
export const auditActions = [
  'create',
  'update',
  'delete',
  'move',
  'transition',
  'revise',
  'break_down',
  'import',
  'issue_reset_link',
  'reset_password',
  'change_password',
  'sso_provision',
  'sso_role_update',
  'grant_system_admin',
] as const;
