import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  canTransition,
  checkTransition,
  isContentEditable,
  isFinalStatus,
  isIsoDate,
  versionReasonFor,
} from '../../../src/domain/lifecycle.js';
import { planStatuses, type PlanStatus } from '../../../src/domain/vocabulary.js';

const allowed: [PlanStatus, PlanStatus][] = [
  ['draft', 'consultation'],
  ['consultation', 'draft'],
  ['draft', 'adopted'],
  ['consultation', 'adopted'],
  ['adopted', 'in_force'],
  ['adopted', 'replaced'],
  ['adopted', 'expired'],
  ['in_force', 'expired'],
  ['in_force', 'replaced'],
];
const decided = { body: 'Kommunfullmäktige', date: '2024-03-25' };

describe('plan lifecycle', () => {
  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(allowedTransitions(from)).toContain(to);
    expect(checkTransition(from, to, decided)).toEqual([]);
  });

  it('allows nothing else', () => {
    for (const from of planStatuses) {
      for (const to of planStatuses) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it.each([
    ['draft', 'in_force'],
    ['consultation', 'in_force'],
    ['adopted', 'draft'],
    ['in_force', 'adopted'],
    ['expired', 'in_force'],
    ['replaced', 'draft'],
    ['draft', 'draft'],
  ] as [PlanStatus, PlanStatus][])('refuses %s → %s', (from, to) => {
    expect(checkTransition(from, to, decided)).toEqual([{ field: 'status', code: 'transition_not_allowed' }]);
  });

  it('ends in expired and replaced', () => {
    expect(allowedTransitions('expired')).toEqual([]);
    expect(isFinalStatus('replaced')).toBe(true);
    expect(isFinalStatus('in_force')).toBe(false);
  });

  it('lets only drafts and plans on consultation be edited', () => {
    expect(planStatuses.filter(isContentEditable)).toEqual(['draft', 'consultation']);
  });

  it('freezes a version when sent out and when adopted', () => {
    expect(versionReasonFor('consultation')).toBe('consultation');
    expect(versionReasonFor('adopted')).toBe('adoption');
    for (const status of ['draft', 'in_force', 'expired', 'replaced'] as const) expect(versionReasonFor(status)).toBeNull();
  });
});

describe('checkTransition: adopting needs the decision', () => {
  it('requires body and date', () => {
    expect(checkTransition('consultation', 'adopted', { body: null, date: null })).toEqual([
      { field: 'decision.body', code: 'required' },
      { field: 'decision.date', code: 'required' },
    ]);
    expect(checkTransition('draft', 'adopted', undefined)).toHaveLength(2);
    expect(checkTransition('draft', 'adopted', { body: '   ', date: '2024-03-25' })).toEqual([
      { field: 'decision.body', code: 'required' },
    ]);
  });

  it('requires a real date', () => {
    expect(checkTransition('draft', 'adopted', { body: 'Kommunfullmäktige', date: '2024-02-30' })).toEqual([
      { field: 'decision.date', code: 'invalid_date' },
    ]);
    expect(checkTransition('draft', 'adopted', { body: 'Kommunfullmäktige', date: '25 mars 2024' })).toEqual([
      { field: 'decision.date', code: 'invalid_date' },
    ]);
  });

  it('does not ask for a decision for other moves', () => {
    expect(checkTransition('draft', 'consultation', null)).toEqual([]);
    expect(checkTransition('adopted', 'in_force', null)).toEqual([]);
  });

  it('reports a refused transition before any missing decision', () => {
    expect(checkTransition('expired', 'adopted', null)).toEqual([{ field: 'status', code: 'transition_not_allowed' }]);
  });
});

describe('isIsoDate', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('2024-1-1')).toBe(false);
  });
});
