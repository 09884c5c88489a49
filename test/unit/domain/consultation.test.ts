import { describe, expect, it } from 'vitest';
import {
  anchorTarget,
  checkAnchor,
  compileReport,
  deadlineEnd,
  isLate,
  linkAccess,
  linkExpiresAt,
  needsReminder,
  recipientStatus,
  reminderTimes,
  remapContentIds,
  type ReportInput,
} from '../../../src/domain/consultation.js';
import { diffPlanContent, isEmptyDiff } from '../../../src/domain/diff.js';
import { measure, node, planContent } from './fixtures.js';

const content = () =>
  planContent(
    [
      node('n1', { number: '1', text: 'Våldsförebyggande arbete', measures: [measure('m11', { text: 'Utbilda personal om våld' })] }),
      node('n2', { number: '2', text: 'Tidig upptäckt av våld', position: 1, measures: [measure('m21', { text: 'Pilot med verktyget ESTER' })] }),
    ],
    { plan: { sections: [{ heading: 'Särskilt sårbara grupper', body: 'Personer med funktionsnedsättning.' }] } },
  );

const sent = { consultationState: 'sent' as const, deadline: '2022-05-07', sentAt: '2022-03-17T08:00:00Z', openedAt: null, answeredAt: null, declinedAt: null };

describe('deadlines and links', () => {
  it('runs a deadline to midnight Swedish time, summer and winter', () => {
    expect(deadlineEnd('2022-05-07').toISOString()).toBe('2022-05-07T22:00:00.000Z');
    expect(deadlineEnd('2022-01-15').toISOString()).toBe('2022-01-15T23:00:00.000Z');
    // The night clocks go back: 30 October 2022 ends at 23:00 UTC (UTC+1 again).
    expect(deadlineEnd('2022-10-30').toISOString()).toBe('2022-10-30T23:00:00.000Z');
    expect(deadlineEnd('2022-12-31').toISOString()).toBe('2022-12-31T23:00:00.000Z');
  });

  it('keeps a link valid through the grace days after the deadline', () => {
    expect(linkExpiresAt('2022-05-07', 14).toISOString()).toBe('2022-05-21T22:00:00.000Z');
    expect(linkExpiresAt('2022-05-07', 0).toISOString()).toBe('2022-05-07T22:00:00.000Z');
  });

  it('says what a link allows: unknown when revoked or not sent, expired after the grace period, editable until answered', () => {
    const facts = { consultationState: 'sent' as const, deadline: '2022-05-07', graceDays: 3, revokedAt: null, answeredAt: null, declinedAt: null };
    const april = new Date('2022-04-08T10:00:00Z');
    expect(linkAccess(facts, april)).toEqual({ kind: 'open', editable: true });
    expect(linkAccess({ ...facts, revokedAt: '2022-04-01T00:00:00Z' }, april)).toEqual({ kind: 'unknown' });
    expect(linkAccess({ ...facts, consultationState: 'draft' }, april)).toEqual({ kind: 'unknown' });
    expect(linkAccess({ ...facts, answeredAt: '2022-04-02T00:00:00Z' }, april)).toEqual({ kind: 'open', editable: false });
    expect(linkAccess({ ...facts, consultationState: 'closed' }, april)).toEqual({ kind: 'open', editable: false });
    expect(linkAccess(facts, new Date('2022-05-09T10:00:00Z'))).toEqual({ kind: 'open', editable: true });
    expect(linkAccess(facts, new Date('2022-05-10T21:59:59Z'))).toEqual({ kind: 'open', editable: true });
    expect(linkAccess(facts, new Date('2022-05-10T22:00:00Z'))).toEqual({ kind: 'expired' });
  });

  it('derives the recipient status from the facts and the date', () => {
    const april = new Date('2022-04-08T10:00:00Z');
    expect(recipientStatus({ ...sent, consultationState: 'draft', sentAt: null }, april)).toBe('not_sent');
    expect(recipientStatus(sent, april)).toBe('invited');
    expect(recipientStatus({ ...sent, openedAt: '2022-04-01T00:00:00Z' }, april)).toBe('opened');
    expect(recipientStatus({ ...sent, openedAt: '2022-04-01T00:00:00Z' }, new Date('2022-05-07T22:00:00Z'))).toBe('overdue');
    expect(recipientStatus({ ...sent, openedAt: '2022-04-01T00:00:00Z' }, new Date('2022-05-07T21:59:00Z'))).toBe('opened');
    expect(recipientStatus({ ...sent, answeredAt: '2022-05-08T00:00:00Z' }, new Date('2022-06-01T00:00:00Z'))).toBe('answered');
    expect(recipientStatus({ ...sent, declinedAt: '2022-04-02T00:00:00Z' }, april)).toBe('declined');
    expect(isLate('2022-05-07T21:59:59Z', '2022-05-07')).toBe(false);
    expect(isLate('2022-05-07T22:00:00Z', '2022-05-07')).toBe(true);
  });

  it('reminds seven and two days before the deadline at 08:00, only what is still ahead, only those who owe an answer', () => {
    expect(reminderTimes('2022-05-07', new Date('2022-03-17T08:00:00Z')).map((r) => [r.daysBefore, r.at.toISOString()])).toEqual([
      [7, '2022-04-30T06:00:00.000Z'],
      [2, '2022-05-05T06:00:00.000Z'],
    ]);
    expect(reminderTimes('2022-05-07', new Date('2022-05-01T00:00:00Z')).map((r) => r.daysBefore)).toEqual([2]);
    expect(reminderTimes('2022-05-07', new Date('2022-05-06T00:00:00Z'))).toEqual([]);
    const may = new Date('2022-05-01T00:00:00Z');
    expect(needsReminder({ ...sent, revokedAt: null }, may)).toBe(true);
    expect(needsReminder({ ...sent, revokedAt: null, answeredAt: '2022-04-08T00:00:00Z' }, may)).toBe(false);
    expect(needsReminder({ ...sent, revokedAt: null, declinedAt: '2022-04-08T00:00:00Z' }, may)).toBe(false);
    expect(needsReminder({ ...sent, revokedAt: '2022-04-08T00:00:00Z' }, may)).toBe(false);
    expect(needsReminder({ ...sent, revokedAt: null }, new Date('2022-05-08T00:00:00Z'))).toBe(false);
    expect(needsReminder({ ...sent, revokedAt: null, consultationState: 'closed' }, may)).toBe(false);
  });
});

describe('comment anchors', () => {
  it('accepts a goal, a measure, the plan, and a passage whose quote stands at its offsets', () => {
    const c = content();
    expect(checkAnchor(c, { kind: 'plan' }, 'a')).toEqual([]);
    expect(checkAnchor(c, { kind: 'node', nodeId: 'n2' }, 'a')).toEqual([]);
    expect(checkAnchor(c, { kind: 'measure', measureId: 'm21' }, 'a')).toEqual([]);
    expect(checkAnchor(c, { kind: 'passage', measureId: 'm21', field: 'text', start: 20, end: 25, quote: 'ESTER' }, 'a')).toEqual([]);
    expect(checkAnchor(c, { kind: 'passage', sectionIndex: 0, field: 'heading', start: 0, end: 8, quote: 'Särskilt' }, 'a')).toEqual([]);
  });

  it('refuses unknown targets and quotes that do not match', () => {
    const c = content();
    expect(checkAnchor(c, { kind: 'node', nodeId: 'nope' }, 'a')).toEqual([{ path: 'a.nodeId', code: 'unknown_reference' }]);
    expect(checkAnchor(c, { kind: 'measure', measureId: 'n1' }, 'a')).toEqual([{ path: 'a.measureId', code: 'unknown_reference' }]);
    expect(checkAnchor(c, { kind: 'passage', measureId: 'm21', field: 'text', start: 0, end: 5, quote: 'ESTER' }, 'a')).toEqual([{ path: 'a.quote', code: 'quote_mismatch' }]);
    expect(checkAnchor(c, { kind: 'passage', measureId: 'm21', field: 'text', start: 20, end: 99, quote: 'ESTER' }, 'a')).toEqual([{ path: 'a.quote', code: 'quote_mismatch' }]);
    // A passage names exactly one target, and a field that target has.
    expect(checkAnchor(c, { kind: 'passage', nodeId: 'n1', measureId: 'm21', field: 'text', start: 0, end: 1, quote: 'P' }, 'a')).toEqual([{ path: 'a', code: 'invalid_reference' }]);
    expect(checkAnchor(c, { kind: 'passage', sectionIndex: 0, field: 'text', start: 0, end: 1, quote: 'S' }, 'a')).toEqual([{ path: 'a', code: 'invalid_reference' }]);
  });

  it('groups a comment under its measure, goal, section or the plan, in document order', () => {
    const c = content();
    const plan = anchorTarget(c, { kind: 'plan' });
    const section = anchorTarget(c, { kind: 'passage', sectionIndex: 0, field: 'heading', start: 0, end: 8, quote: 'Särskilt' });
    const goal = anchorTarget(c, { kind: 'node', nodeId: 'n2' });
    const passage = anchorTarget(c, { kind: 'passage', measureId: 'm21', field: 'text', start: 20, end: 25, quote: 'ESTER' });
    expect(goal).toMatchObject({ kind: 'node', id: 'n2', number: '2' });
    expect(passage).toMatchObject({ kind: 'measure', id: 'm21', number: '2.1', label: 'Pilot med verktyget ESTER' });
    expect(section).toMatchObject({ kind: 'section', label: 'Särskilt sårbara grupper' });
    expect([passage, goal, section, plan].sort((a, b) => a.order - b.order).map((t) => t.kind)).toEqual(['plan', 'section', 'node', 'measure']);
  });
});

describe('the next version and the report', () => {
  const idMap = { n1: 'N1', m11: 'M11', n2: 'N2', m21: 'M21' };

  it('maps the consulted version into the copy’s ids, so an unedited copy shows no change', () => {
    const copy = remapContentIds(content(), idMap);
    expect(isEmptyDiff(diffPlanContent(remapContentIds(content(), idMap), copy))).toBe(true);
    expect(copy.nodes[1]!.measures[0]).toMatchObject({ id: 'M21', nodeId: 'N2' });
    // Without the map every item would look removed and added.
    expect(diffPlanContent(content(), copy).nodes.added).toHaveLength(2);
  });

  it('compiles who was asked, who answered and how, every comment with its disposition, and the changes', () => {
    const input: ReportInput = {
      consultation: { id: 'c1', title: 'Remiss', deadline: '2022-05-07', sentAt: '2022-03-17T08:00:00Z', closedAt: null, state: 'sent' },
      organizationName: 'Kalmar kommun',
      planTitle: 'Strategi',
      versionNumber: 1,
      content: content(),
      recipients: [
        { id: 'r1', name: 'Socialnämnden', kind: 'internal', status: 'answered', answeredAt: '2022-04-08T08:00:00Z' },
        { id: 'r2', name: 'Polismyndigheten', kind: 'external', status: 'answered', answeredAt: '2022-05-08T08:00:00Z' },
        { id: 'r3', name: 'Region Kalmar län', kind: 'external', status: 'overdue', answeredAt: null },
        { id: 'r4', name: 'Kalmar Zontaklubb', kind: 'external', status: 'declined', answeredAt: null },
      ],
      responses: [
        { recipientId: 'r2', position: 'avstyrker', statement: 'Nej.', submittedAt: '2022-05-08T08:00:00Z', attachments: ['yttrande.pdf'] },
        { recipientId: 'r1', position: 'tillstyrker_med_synpunkter', statement: 'Ja, men.', submittedAt: '2022-04-08T08:00:00Z', attachments: [] },
      ],
      comments: [
        { id: 'k1', recipientId: 'r1', anchor: { kind: 'node', nodeId: 'n2' }, text: 'Komplettera', disposition: { disposition: 'accepted', reason: 'Görs.', linkedId: 'N2', note: null, decidedBy: 'Ann-Sofie' } },
        { id: 'k2', recipientId: 'r1', anchor: { kind: 'plan' }, text: 'Muntlig återkoppling', disposition: null },
        { id: 'k3', recipientId: 'r2', anchor: { kind: 'passage', measureId: 'm21', field: 'text', start: 20, end: 25, quote: 'ESTER' }, text: 'Vad är ESTER?', disposition: { disposition: 'noted', reason: 'Förklaras.', linkedId: null, note: 'I bilaga', decidedBy: 'Ann-Sofie' } },
      ],
      changes: [{ kind: 'node', change: 'changed', id: 'N2', number: '2', text: 'Tidig upptäckt av våld och stöd', fields: ['text'], commentIds: ['k1'] }],
    };
    const report = compileReport(input);
    expect(report.summary).toEqual({
      asked: 4,
      answered: 2,
      declined: 1,
      notAnswered: 1,
      late: 1,
      byPosition: { tillstyrker: 0, tillstyrker_med_synpunkter: 1, avstyrker: 1, avstar: 0 },
      comments: 3,
      disposed: 2,
    });
    expect(report.recipients.map((r) => [r.name, r.position, r.late])).toEqual([
      ['Socialnämnden', 'tillstyrker_med_synpunkter', false],
      ['Polismyndigheten', 'avstyrker', true],
      ['Region Kalmar län', null, false],
      ['Kalmar Zontaklubb', null, false],
    ]);
    expect(report.responses.map((r) => r.recipient)).toEqual(['Socialnämnden', 'Polismyndigheten']);
    expect(report.groups.map((g) => [g.target.kind, g.comments.map((c) => c.id)])).toEqual([
      ['plan', ['k2']],
      ['node', ['k1']],
      ['measure', ['k3']],
    ]);
    expect(report.groups[1]!.comments[0]).toMatchObject({ recipient: 'Socialnämnden', disposition: 'accepted', reason: 'Görs.', change: '2 Tidig upptäckt av våld och stöd' });
    expect(report.groups[2]!.comments[0]).toMatchObject({ quote: 'ESTER', disposition: 'noted', note: 'I bilaga', change: null });
    expect(report.changes[0]!.comments).toEqual([{ id: 'k1', recipient: 'Socialnämnden', text: 'Komplettera' }]);
  });
});
