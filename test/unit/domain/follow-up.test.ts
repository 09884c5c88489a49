import { describe, expect, it } from 'vitest';
import {
  allowedReportActions,
  combineStatuses,
  compareRounds,
  completionOf,
  effectiveStatusLabels,
  groupProgress,
  nextReportState,
  reminderTimes,
  roundProgress,
  type ReportFact,
} from '../../../src/domain/follow-up.js';

const fact = (over: Partial<ReportFact>): ReportFact => ({ id: 'r', measureId: 'm1', unitId: 'u1', goalId: 'g1', state: 'submitted', status: 'ongoing', progressPercent: null, ...over });

describe('status report states', () => {
  it('go draft → submitted → approved | returned, and returned → submitted', () => {
    expect(nextReportState('draft', 'submit')).toBe('submitted');
    expect(nextReportState('returned', 'submit')).toBe('submitted');
    expect(nextReportState('submitted', 'approve')).toBe('approved');
    expect(nextReportState('submitted', 'return')).toBe('returned');
    expect(nextReportState('draft', 'approve')).toBeNull();
    expect(nextReportState('approved', 'submit')).toBeNull();
    expect(nextReportState('approved', 'edit')).toBeNull();
    expect(nextReportState('approved', 'revise')).toBe('approved');
  });
  it('list the actions each state allows', () => {
    expect(allowedReportActions('draft')).toEqual(['edit', 'submit']);
    expect(allowedReportActions('submitted')).toEqual(['edit', 'approve', 'return']);
    expect(allowedReportActions('approved')).toEqual(['revise']);
  });
});

describe('status labels', () => {
  it('merge an organization’s words and weights over the defaults, in canonical order', () => {
    const labels = effectiveStatusLabels([{ code: 'done', sv: 'Klar', en: 'Finished', weight: 1 }, { code: 'paused', weight: null }]);
    expect(labels.map((l) => l.code)).toEqual(['not_started', 'started', 'ongoing', 'done', 'paused', 'not_applicable']);
    expect(labels[3]).toEqual({ code: 'done', sv: 'Klar', en: 'Finished', weight: 1 });
    expect(labels[4]).toMatchObject({ sv: 'Pausad', weight: null });
  });
});

describe('combining units’ statuses into a measure’s', () => {
  it('is unanimous when the units agree, leaves out not-applicable, and says ongoing for mixed work', () => {
    expect(combineStatuses([])).toBeNull();
    expect(combineStatuses([null, null])).toBeNull();
    expect(combineStatuses(['done', 'done'])).toBe('done');
    expect(combineStatuses(['done', 'not_applicable'])).toBe('done');
    expect(combineStatuses(['not_applicable'])).toBe('not_applicable');
    expect(combineStatuses(['done', 'not_started'])).toBe('ongoing');
    expect(combineStatuses(['paused', 'not_started'])).toBe('not_started');
    expect(combineStatuses(['paused', null])).toBe('paused');
  });
});

describe('roll-up', () => {
  it('counts completion by state', () => {
    expect(completionOf([{ state: 'draft' }, { state: 'submitted' }, { state: 'approved' }, { state: 'returned' }])).toEqual({ total: 4, draft: 1, submitted: 1, returned: 1, approved: 1, reported: 2, percent: 50 });
    expect(completionOf([]).percent).toBe(100);
  });

  it('counts each measure once per status, with drafts as unreported, and weighs progress', () => {
    const reports = [
      fact({ id: 'a', measureId: 'm1', unitId: 'u1', status: 'done' }),
      fact({ id: 'b', measureId: 'm1', unitId: 'u2', status: 'done' }),
      fact({ id: 'c', measureId: 'm2', status: 'ongoing' }),
      fact({ id: 'd', measureId: 'm3', state: 'draft', status: 'done' }),
      fact({ id: 'e', measureId: 'm4', status: 'not_applicable' }),
    ];
    const p = groupProgress(reports);
    expect(p.measureCount).toBe(4);
    expect(p.statusCounts).toEqual({ not_started: 0, started: 0, ongoing: 1, done: 1, paused: 0, not_applicable: 1, unreported: 1 });
    // done (1) and ongoing (0.5): not-applicable and unreported measures are left out.
    expect(p.progressIndex).toBe(75);
    // Given percentages win over the status weight.
    expect(groupProgress([fact({ status: 'ongoing', progressPercent: 20 })]).progressIndex).toBe(20);
    // Own weights.
    expect(groupProgress([fact({ status: 'ongoing' })], effectiveStatusLabels([{ code: 'ongoing', weight: 0.8 }])).progressIndex).toBe(80);
    expect(groupProgress([fact({ state: 'draft' })]).progressIndex).toBeNull();
  });

  it('rolls up per goal (in the order given) and unit, and compares with the previous round', () => {
    const now = roundProgress(
      [fact({ id: '1', goalId: 'g1', measureId: 'm1', status: 'done' }), fact({ id: '2', goalId: 'g2', measureId: 'm2', unitId: 'u2', status: 'started' })],
      ['g1', 'g2', 'g3'],
    );
    expect(now.goals.map((g) => [g.goalId, g.progressIndex, g.measureCount])).toEqual([
      ['g1', 100, 1],
      ['g2', 25, 1],
      ['g3', null, 0],
    ]);
    expect(now.units.map((u) => u.unitId)).toEqual(['u1', 'u2']);
    const before = roundProgress([fact({ goalId: 'g1', status: 'ongoing' })], ['g1', 'g2', 'g3']);
    expect(compareRounds(now, before)).toEqual([
      { goalId: 'g1', current: 100, previous: 50, change: 50, doneNow: 1, doneBefore: 0 },
      { goalId: 'g2', current: 25, previous: null, change: null, doneNow: 0, doneBefore: 0 },
      { goalId: 'g3', current: null, previous: null, change: null, doneNow: 0, doneBefore: 0 },
    ]);
  });
});

describe('reminder times', () => {
  it('are N days before the deadline and the day after it, at 09:00 UTC', () => {
    expect(reminderTimes('2026-02-15', 7)).toEqual({ before: new Date('2026-02-08T09:00:00Z'), after: new Date('2026-02-16T09:00:00Z') });
    expect(reminderTimes('2026-03-01', 0).before).toBeNull();
  });
});
