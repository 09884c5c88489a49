import { describe, expect, it } from 'vitest';
import { diffPlanContent, isEmptyDiff, wordDiff, type WordSegment } from '../../../src/domain/diff.js';
import type { PlanContent } from '../../../src/domain/plan-content.js';
import { measure, node, planContent } from './fixtures.js';

const units = [
  { id: 'u-soc', name: 'Socialnämnden' },
  { id: 'u-edu', name: 'Barn- och utbildningsnämnden' },
  { id: 'u-ks', name: 'Kommunstyrelsen' },
];

/** A small Södertälje-like plan: two focus areas with coded measures. */
function basePlan(): PlanContent {
  return planContent(
    [
      node('f1', {
        number: '1',
        text: 'Förebyggande arbete',
        measures: [
          measure('m11', { code: '1:1', text: 'Utbilda personal i våld i nära relationer', leadUnitIds: ['u-soc'], preventionLevels: ['universal'] }),
          measure('m12', { code: '1:2', text: 'Genomföra kampanj', leadUnitIds: ['u-ks'], coUnitIds: ['u-edu', 'u-soc'] }),
          measure('m13', { code: '1:3', text: 'Kartlägga behov' }),
        ],
      }),
      node('f2', { number: '2', text: 'Stöd och skydd', measures: [measure('m21', { code: '2:1', text: 'Skyddat boende' })] }),
    ],
    { units, plan: { violenceForms: ['physical', 'psychological'] } },
  );
}

describe('diffPlanContent', () => {
  it('finds nothing between identical contents, whatever the version counters say', () => {
    const after = basePlan();
    after.plan.version = 7;
    after.nodes[0]!.version = 3;
    after.nodes[0]!.measures[0]!.version = 9;
    const diff = diffPlanContent(basePlan(), after);
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('reports plan fields, with decision fields by path', () => {
    const after = basePlan();
    after.plan.status = 'adopted';
    after.plan.decision = { body: 'Kommunfullmäktige', date: '2024-03-25', paragraph: '§ 42', registryNumber: null };
    expect(diffPlanContent(basePlan(), after).plan).toEqual([
      { field: 'status', before: 'draft', after: 'adopted' },
      { field: 'decision.body', before: null, after: 'Kommunfullmäktige' },
      { field: 'decision.date', before: null, after: '2024-03-25' },
      { field: 'decision.paragraph', before: null, after: '§ 42' },
    ]);
  });

  it('compares terms as sets', () => {
    const reordered = basePlan();
    reordered.plan.violenceForms = ['psychological', 'physical'];
    expect(diffPlanContent(basePlan(), reordered).plan).toEqual([]);

    const changed = basePlan();
    changed.plan.violenceForms = ['psychological', 'honour'];
    expect(diffPlanContent(basePlan(), changed).plan).toEqual([
      {
        field: 'violenceForms',
        before: ['physical', 'psychological'],
        after: ['psychological', 'honour'],
        added: ['honour'],
        removed: ['physical'],
      },
    ]);
  });

  it('compares sections and examples as lists, where order matters', () => {
    const before = basePlan();
    before.plan.sections = [
      { heading: 'Syfte', body: 'a' },
      { heading: 'Bakgrund', body: 'b' },
    ];
    const after = basePlan();
    after.plan.sections = [...before.plan.sections].reverse();
    expect(diffPlanContent(before, after).plan.map((c) => c.field)).toEqual(['sections']);
  });

  it('reports added and removed goals and measures with readable numbers', () => {
    const after = basePlan();
    after.nodes.push(node('f3', { text: 'Kunskap', position: 2, measures: [measure('m31', { text: 'Ny utbildning' })] }));
    after.nodes[0]!.measures.splice(2, 1); // 1:3 removed
    const diff = diffPlanContent(basePlan(), after);
    expect(diff.nodes.added).toEqual([{ id: 'f3', number: '3', text: 'Kunskap', parent: null }]);
    expect(diff.nodes.removed).toEqual([]);
    expect(diff.measures.added).toEqual([
      { id: 'm31', number: '3.1', text: 'Ny utbildning', node: { id: 'f3', number: '3', text: 'Kunskap' } },
    ]);
    expect(diff.measures.removed).toEqual([
      { id: 'm13', number: '1:3', text: 'Kartlägga behov', node: { id: 'f1', number: '1', text: 'Förebyggande arbete' } },
    ]);
    expect(diff.measures.changed).toEqual([]);
    expect(diff.nodes.changed).toEqual([]);
  });

  it('reports a removed goal together with its measures', () => {
    const after = basePlan();
    after.nodes.splice(1, 1);
    const diff = diffPlanContent(basePlan(), after);
    expect(diff.nodes.removed.map((n) => n.id)).toEqual(['f2']);
    expect(diff.measures.removed.map((m) => m.id)).toEqual(['m21']);
  });

  it('reports changed text, which the UI can mark word by word', () => {
    const after = basePlan();
    after.nodes[0]!.measures[0]!.text = 'Utbilda all personal i våld i nära relationer';
    const diff = diffPlanContent(basePlan(), after);
    const [change] = diff.measures.changed;
    expect(change).toEqual({
      id: 'm11',
      number: '1:1',
      text: 'Utbilda all personal i våld i nära relationer',
      changes: [{ field: 'text', before: 'Utbilda personal i våld i nära relationer', after: 'Utbilda all personal i våld i nära relationer' }],
    });
    const textChange = change!.changes[0]!;
    expect(wordDiff(textChange.before as string, textChange.after as string)).toEqual([
      { kind: 'same', text: 'Utbilda ' },
      { kind: 'added', text: 'all ' },
      { kind: 'same', text: 'personal i våld i nära relationer' },
    ]);
  });

  it('shows responsible units by name, compared as sets', () => {
    const after = basePlan();
    after.nodes[0]!.measures[1]!.coUnitIds = ['u-soc', 'u-edu']; // same set, other order: no change
    after.nodes[0]!.measures[0]!.leadUnitIds = ['u-edu'];
    const diff = diffPlanContent(basePlan(), after);
    expect(diff.measures.changed).toEqual([
      {
        id: 'm11',
        number: '1:1',
        text: 'Utbilda personal i våld i nära relationer',
        changes: [
          {
            field: 'leadUnits',
            before: ['Socialnämnden'],
            after: ['Barn- och utbildningsnämnden'],
            added: ['Barn- och utbildningsnämnden'],
            removed: ['Socialnämnden'],
          },
        ],
      },
    ]);
  });

  it('shows each side’s unit names, and the id when a name is missing', () => {
    const after = basePlan();
    after.units = [{ id: 'u-soc', name: 'Socialnämnden' }];
    after.nodes[0]!.measures[0]!.leadUnitIds = ['u-soc', 'u-gone'];
    const [change] = diffPlanContent(basePlan(), after).measures.changed;
    expect(change!.changes[0]).toMatchObject({ field: 'leadUnits', after: ['Socialnämnden', 'u-gone'], added: ['u-gone'] });
  });

  it('reports a moved measure as a change of node, with both goals readable', () => {
    const after = basePlan();
    const [moved] = after.nodes[0]!.measures.splice(1, 1);
    after.nodes[1]!.measures.push({ ...moved!, nodeId: 'f2', position: 1 });
    const diff = diffPlanContent(basePlan(), after);
    expect(diff.measures.changed).toEqual([
      {
        id: 'm12',
        number: '1:2',
        text: 'Genomföra kampanj',
        changes: [
          {
            field: 'node',
            before: { id: 'f1', number: '1', text: 'Förebyggande arbete' },
            after: { id: 'f2', number: '2', text: 'Stöd och skydd' },
          },
        ],
      },
    ]);
  });

  it('reports a moved goal as a change of parent', () => {
    const after = basePlan();
    const [f2] = after.nodes.splice(1, 1);
    after.nodes[0]!.children.push({ ...f2!, parentId: 'f1', position: 0 });
    const diff = diffPlanContent(basePlan(), after);
    expect(diff.nodes.changed).toEqual([
      {
        id: 'f2',
        number: '2',
        text: 'Stöd och skydd',
        changes: [{ field: 'parent', before: null, after: { id: 'f1', number: '1', text: 'Förebyggande arbete' } }],
      },
    ]);
    // Its measure went along with it: not a change of the measure.
    expect(diff.measures.changed).toEqual([]);
  });

  it('does not report siblings that only shifted because of an insertion or removal', () => {
    const after = basePlan();
    const measures = after.nodes[0]!.measures;
    measures.splice(0, 1); // 1:1 removed
    measures.unshift(measure('new', { nodeId: 'f1', code: '1:0' }));
    measures.splice(1, 0, measure('new2', { nodeId: 'f1', code: '1:1b' }));
    measures.forEach((m, index) => (m.position = index));
    const diff = diffPlanContent(basePlan(), after);
    expect(diff.measures.changed).toEqual([]);
    expect(diff.measures.added.map((m) => m.id)).toEqual(['new', 'new2']);
    expect(diff.measures.removed.map((m) => m.id)).toEqual(['m11']);
  });

  it('reports a real reordering of siblings, once, as a change of order', () => {
    const after = basePlan();
    const measures = after.nodes[0]!.measures;
    measures[2]!.position = 0; // 1:3 moved first
    measures[0]!.position = 1;
    measures[1]!.position = 2;
    const diff = diffPlanContent(basePlan(), after);
    expect(diff.measures.changed).toEqual([
      { id: 'm13', number: '1:3', text: 'Kartlägga behov', changes: [{ field: 'order', before: 3, after: 1 }] },
    ]);
  });

  it('reports changed node fields', () => {
    const after = basePlan();
    after.nodes[1]!.text = 'Stöd, skydd och behandling';
    after.nodes[1]!.preventionLevels = ['selective'];
    after.nodes[1]!.label = 'Fokusområde';
    const diff = diffPlanContent(basePlan(), after);
    expect(diff.nodes.changed).toEqual([
      {
        id: 'f2',
        number: '2',
        text: 'Stöd, skydd och behandling',
        changes: [
          { field: 'label', before: null, after: 'Fokusområde' },
          { field: 'text', before: 'Stöd och skydd', after: 'Stöd, skydd och behandling' },
          { field: 'preventionLevels', before: [], after: ['selective'], added: ['selective'], removed: [] },
        ],
      },
    ]);
  });

  it('reports the owner unit by name', () => {
    const after = basePlan();
    after.plan.ownerUnitId = 'u-ks';
    expect(diffPlanContent(basePlan(), after).plan).toEqual([
      { field: 'ownerUnit', before: null, after: { id: 'u-ks', name: 'Kommunstyrelsen' } },
    ]);
  });
});

describe('wordDiff', () => {
  const rebuild = (segments: WordSegment[], leave: 'added' | 'removed'): string =>
    segments.filter((s) => s.kind !== leave).map((s) => s.text).join('');

  it('marks replaced, added and removed words and keeps whitespace', () => {
    const before = 'Socialnämnden ansvarar för  stöd till våldsutsatta';
    const after = 'Kommunstyrelsen ansvarar för  stöd och skydd till våldsutsatta';
    const segments = wordDiff(before, after);
    expect(segments).toEqual([
      { kind: 'removed', text: 'Socialnämnden' },
      { kind: 'added', text: 'Kommunstyrelsen' },
      { kind: 'same', text: ' ansvarar för  stöd' },
      { kind: 'added', text: ' och skydd' },
      { kind: 'same', text: ' till våldsutsatta' },
    ]);
    expect(rebuild(segments, 'added')).toBe(before);
    expect(rebuild(segments, 'removed')).toBe(after);
  });

  it('handles empty texts', () => {
    expect(wordDiff('', '')).toEqual([]);
    expect(wordDiff('', 'Ny text')).toEqual([{ kind: 'added', text: 'Ny text' }]);
    expect(wordDiff('Gammal text', '')).toEqual([{ kind: 'removed', text: 'Gammal text' }]);
    expect(wordDiff('Samma', 'Samma')).toEqual([{ kind: 'same', text: 'Samma' }]);
  });

  it('stays correct for long texts beyond the word-pair limit', () => {
    const before = Array.from({ length: 1500 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 1500 }, (_, i) => `b${i}`).join(' ');
    const segments = wordDiff(`Start ${before} slut`, `Start ${after} slut`);
    expect(rebuild(segments, 'added')).toBe(`Start ${before} slut`);
    expect(rebuild(segments, 'removed')).toBe(`Start ${after} slut`);
  });
});
