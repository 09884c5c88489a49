/**
 * The audit trail stores whole snapshots (before and after); a reader wants "who changed what,
 * old → new". These pure functions turn a pair of snapshots into field changes and a short label.
 */

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * Fields that change with every write or never mean anything to a reader: the row version (it
 * increments on each update), the id (the event names it already) and timestamps.
 */
export const bookkeepingFields: ReadonlySet<string> = new Set(['id', 'version', 'createdAt', 'updatedAt', 'searchText']);

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** JSON with object keys sorted: two values are equal when their canonical texts are. */
function canonical(value: unknown): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Deep equality of JSON values, where a missing field equals null (a created row had "nothing" before). */
export const sameValue = (a: unknown, b: unknown): boolean => canonical(a ?? null) === canonical(b ?? null);

/**
 * Every top-level field whose value differs between the snapshots, in the order the fields appear
 * (before's fields first, then fields only after has). A create lists what was set (before null),
 * a delete what was removed (after null). Snapshots that are not objects give no field changes.
 */
export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const from = isRecord(before) ? before : {};
  const to = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (bookkeepingFields.has(field)) continue;
    if (sameValue(from[field], to[field])) continue;
    changes.push({ field, before: from[field] ?? null, after: to[field] ?? null });
  }
  return changes;
}

const labelFields = ['code', 'number', 'title', 'name', 'email'] as const;
const maxTextLabel = 80;

/**
 * A short name for the entity of an event, from the snapshot after the change (or before, for a
 * delete): its code, number, title, name or e-mail, the first one present. A goal or measure
 * without code or number falls back to the start of its text.
 */
export function auditLabel(before: unknown, after: unknown): string | null {
  for (const snapshot of [after, before]) {
    if (!isRecord(snapshot)) continue;
    for (const field of labelFields) {
      const value = snapshot[field];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    }
    const text = snapshot.text;
    if (typeof text === 'string' && text.trim() !== '') {
      const trimmed = text.trim().replace(/\s+/g, ' ');
      return trimmed.length > maxTextLabel ? `${trimmed.slice(0, maxTextLabel - 1)}…` : trimmed;
    }
  }
  return null;
}
