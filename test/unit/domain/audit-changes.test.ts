import { describe, expect, it } from 'vitest';
import { auditChanges, auditLabel, sameValue } from '../../../src/domain/audit-changes.js';

describe('auditChanges', () => {
  it('lists each changed top-level field with old and new value, and nothing unchanged', () => {
    const before = { id: 'x', title: 'Gammal', kind: 'action_plan', validTo: null, version: 1 };
    const after = { id: 'x', title: 'Ny', kind: 'action_plan', validTo: '2027-12-31', version: 2 };
    expect(auditChanges(before, after)).toEqual([
      { field: 'title', before: 'Gammal', after: 'Ny' },
      { field: 'validTo', before: null, after: '2027-12-31' },
    ]);
  });

  it('compares nested values deeply and ignores key order', () => {
    const before = { decision: { body: 'KF', date: '2024-01-01' }, codes: ['a', 'b'] };
    expect(auditChanges(before, { decision: { date: '2024-01-01', body: 'KF' }, codes: ['a', 'b'] })).toEqual([]);
    expect(auditChanges(before, { decision: { body: 'KS', date: '2024-01-01' }, codes: ['b', 'a'] })).toEqual([
      { field: 'decision', before: { body: 'KF', date: '2024-01-01' }, after: { body: 'KS', date: '2024-01-01' } },
      { field: 'codes', before: ['a', 'b'], after: ['b', 'a'] },
    ]);
  });

  it('a create lists what was set, a delete what was removed; null and missing are the same', () => {
    expect(auditChanges(null, { id: 'u', name: 'Socialnämnden', shortName: null, aliases: [] })).toEqual([
      { field: 'name', before: null, after: 'Socialnämnden' },
      { field: 'aliases', before: null, after: [] },
    ]);
    expect(auditChanges({ id: 'u', name: 'Socialnämnden', shortName: null }, null)).toEqual([{ field: 'name', before: 'Socialnämnden', after: null }]);
  });

  it('reports fields that appear only after, after the fields before had', () => {
    expect(auditChanges({ a: 1 }, { b: 2, a: 1 })).toEqual([{ field: 'b', before: null, after: 2 }]);
  });

  it('skips bookkeeping fields and gives nothing for snapshots that are not objects', () => {
    expect(auditChanges({ version: 1, updatedAt: 'a', createdAt: 'a', searchText: 'x' }, { version: 2, updatedAt: 'b', createdAt: 'b', searchText: 'y' })).toEqual([]);
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges(undefined, 'text')).toEqual([]);
    expect(auditChanges([1], [2])).toEqual([]);
  });

  it('tells false, 0 and empty string apart from null', () => {
    expect(auditChanges({ enabled: true, n: 0, s: '' }, { enabled: false, n: null, s: null })).toEqual([
      { field: 'enabled', before: true, after: false },
      { field: 'n', before: 0, after: null },
      { field: 's', before: '', after: null },
    ]);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue({ a: undefined }, {})).toBe(true);
    expect(sameValue(0, false)).toBe(false);
  });
});

describe('auditLabel', () => {
  it('takes code, number, title, name or e-mail, in that order, from after, else before', () => {
    expect(auditLabel(null, { code: '1.2a', text: 'Åtgärd', title: 'x' })).toBe('1.2a');
    expect(auditLabel(null, { number: '3', text: 'Mål' })).toBe('3');
    expect(auditLabel(null, { title: 'Handlingsplan' })).toBe('Handlingsplan');
    expect(auditLabel(null, { name: 'Socialnämnden' })).toBe('Socialnämnden');
    expect(auditLabel(null, { email: 'a@b.se' })).toBe('a@b.se');
    expect(auditLabel({ title: 'Borttagen plan' }, null)).toBe('Borttagen plan');
    expect(auditLabel({ title: 'Före' }, { title: 'Efter' })).toBe('Efter');
  });

  it('skips empty values, takes a version number, and falls back to the start of the text', () => {
    expect(auditLabel(null, { code: null, number: '', text: '  Ett   mål  ' })).toBe('Ett mål');
    expect(auditLabel(null, { number: 4, reason: 'manual' })).toBe('4');
    const long = 'ord '.repeat(40);
    const label = auditLabel(null, { text: long })!;
    expect(label.length).toBe(80);
    expect(label.endsWith('…')).toBe(true);
    expect(auditLabel(null, { other: 1 })).toBeNull();
    expect(auditLabel(null, null)).toBeNull();
  });
});
