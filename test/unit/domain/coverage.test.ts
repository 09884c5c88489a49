import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../../src/domain/coverage.js';
import { measure, node, planContent } from './fixtures.js';

const terms = {
  preventionLevels: [{ code: 'universal' }, { code: 'selective' }, { code: 'indicated' }],
  violenceForms: [{ code: 'physical' }, { code: 'honour' }, { code: 'trafficking' }],
  targetGroups: [{ code: 'victims_adults' }, { code: 'perpetrators' }],
};

const units = [
  { id: 'u-soc', name: 'Socialnämnden' },
  { id: 'u-edu', name: 'Barn- och utbildningsnämnden' },
  { id: 'u-ks', name: 'Kommunstyrelsen' },
];

/**
 * 1 Förebyggande (goal)
 *     m1 universal, lead soc, co edu            physical
 *     1.1 Genom att (strategy)
 *         m2 universal+selective, lead edu       physical, honour     victims_adults
 *     1.2 Delmål (goal)
 *         m3 indicated, lead soc+ks, co edu
 * 2 Stöd (goal)
 *     m4 selective, no lead unit
 * 3 Kunskap (goal), no measures
 */
const content = planContent(
  [
    node('g1', {
      text: 'Förebyggande',
      measures: [measure('m1', { preventionLevels: ['universal'], leadUnitIds: ['u-soc'], coUnitIds: ['u-edu'], violenceForms: ['physical'] })],
      children: [
        node('s11', {
          role: 'strategy',
          measures: [
            measure('m2', {
              preventionLevels: ['universal', 'selective'],
              leadUnitIds: ['u-edu'],
              violenceForms: ['physical', 'honour'],
              targetGroups: ['victims_adults'],
            }),
          ],
        }),
        node('g12', {
          text: 'Delmål',
          measures: [measure('m3', { preventionLevels: ['indicated'], leadUnitIds: ['u-soc', 'u-ks'], coUnitIds: ['u-edu'] })],
        }),
      ],
    }),
    node('g2', { text: 'Stöd', measures: [measure('m4', { preventionLevels: ['selective'] })] }),
    node('g3', { text: 'Kunskap' }),
  ],
  { units },
);

describe('computeCoverage', () => {
  const coverage = computeCoverage(content, terms);

  it('lists goals in document order with depth and the measures of their whole subtree', () => {
    expect(coverage.goals.map(({ nodeId, number, depth, measureCount }) => ({ nodeId, number, depth, measureCount }))).toEqual([
      { nodeId: 'g1', number: '1', depth: 0, measureCount: 3 },
      { nodeId: 'g12', number: '1.2', depth: 1, measureCount: 1 },
      { nodeId: 'g2', number: '2', depth: 0, measureCount: 1 },
      { nodeId: 'g3', number: '3', depth: 0, measureCount: 0 },
    ]);
    expect(coverage.measureCount).toBe(4);
    expect(coverage.hasMeasures).toBe(true);
  });

  it('counts a measure in each of its levels but once per goal', () => {
    expect(coverage.goals[0]!.byPreventionLevel).toEqual({ universal: 2, selective: 1, indicated: 1 });
    expect(coverage.goals[0]!.measureCount).toBe(3);
    expect(coverage.goals[3]!.byPreventionLevel).toEqual({ universal: 0, selective: 0, indicated: 0 });
    expect(coverage.levelTotals).toEqual({ universal: 2, selective: 2, indicated: 1 });
  });

  it('counts units as lead and co, per goal, sorted by name', () => {
    expect(coverage.units).toEqual([
      {
        unitId: 'u-edu',
        name: 'Barn- och utbildningsnämnden',
        lead: 1,
        co: 2,
        byGoal: { g1: { lead: 1, co: 2 }, g12: { lead: 0, co: 1 }, g2: { lead: 0, co: 0 }, g3: { lead: 0, co: 0 } },
      },
      {
        unitId: 'u-ks',
        name: 'Kommunstyrelsen',
        lead: 1,
        co: 0,
        byGoal: { g1: { lead: 1, co: 0 }, g12: { lead: 1, co: 0 }, g2: { lead: 0, co: 0 }, g3: { lead: 0, co: 0 } },
      },
      {
        unitId: 'u-soc',
        name: 'Socialnämnden',
        lead: 2,
        co: 0,
        byGoal: { g1: { lead: 2, co: 0 }, g12: { lead: 1, co: 0 }, g2: { lead: 0, co: 0 }, g3: { lead: 0, co: 0 } },
      },
    ]);
  });

  it('counts violence forms and target groups', () => {
    expect(coverage.violenceForms).toEqual({ physical: 2, honour: 1, trafficking: 0 });
    expect(coverage.targetGroups).toEqual({ victims_adults: 1, perpetrators: 0 });
  });

  it('finds the gaps', () => {
    expect(coverage.gaps).toEqual({
      goalsWithoutMeasures: ['g3'],
      // Top-level goals only; g3 is already reported as without measures.
      goalLevelGaps: [
        { nodeId: 'g2', level: 'universal' },
        { nodeId: 'g2', level: 'indicated' },
      ],
      levelsWithoutMeasures: [],
      violenceFormsNotReached: ['trafficking'],
      targetGroupsNotReached: ['perpetrators'],
      measuresWithoutLeadUnit: ['m4'],
    });
  });

  it('reports a level no measure reaches', () => {
    const onlyUniversal = planContent([node('g', { measures: [measure('m', { preventionLevels: ['universal'] })] })]);
    expect(computeCoverage(onlyUniversal, terms).gaps.levelsWithoutMeasures).toEqual(['selective', 'indicated']);
  });

  it('computes level gaps on goals below a heading that is not itself a goal', () => {
    const underHeading = planContent([
      node('h', {
        role: 'heading',
        children: [node('g', { measures: [measure('m', { preventionLevels: ['universal', 'selective', 'indicated'] })] })],
      }),
      node('g2', { measures: [measure('m2', { preventionLevels: ['universal'] })] }),
    ]);
    const result = computeCoverage(underHeading, terms);
    expect(result.goals.map((g) => [g.nodeId, g.depth])).toEqual([
      ['g', 1],
      ['g2', 0],
    ]);
    expect(result.gaps.goalLevelGaps).toEqual([
      { nodeId: 'g2', level: 'selective' },
      { nodeId: 'g2', level: 'indicated' },
    ]);
  });

  it('still counts codes outside the given terms, without reporting them as gaps', () => {
    const custom = planContent([node('g', { measures: [measure('m', { preventionLevels: ['local_level'], violenceForms: ['local_form'] })] })]);
    const result = computeCoverage(custom, terms);
    expect(result.levelTotals).toEqual({ universal: 0, selective: 0, indicated: 0, local_level: 1 });
    expect(result.violenceForms.local_form).toBe(1);
    expect(result.gaps.levelsWithoutMeasures).toEqual(['universal', 'selective', 'indicated']);
  });

  it('names an unknown unit by its id', () => {
    const unknown = planContent([node('g', { measures: [measure('m', { leadUnitIds: ['u-x'] })] })]);
    expect(computeCoverage(unknown, terms).units.map((u) => u.name)).toEqual(['u-x']);
  });
});

describe('computeCoverage of a plan without measures (Växjö, Linköping)', () => {
  const vaxjo = planContent([
    node('a3', { number: '3', children: [node('a31', { number: '3.1', children: [node('f311', { number: '3.1.1', role: 'need' })] })] }),
    node('a4', { number: '4' }),
  ]);
  const coverage = computeCoverage(vaxjo, terms);

  it('lists every goal as without measures', () => {
    expect(coverage.hasMeasures).toBe(false);
    expect(coverage.goals.map((g) => g.number)).toEqual(['3', '3.1', '4']);
    expect(coverage.gaps.goalsWithoutMeasures).toEqual(['a3', 'a31', 'a4']);
  });

  it('reports no level, violence-form or target-group gaps, which would say nothing', () => {
    expect(coverage.gaps.goalLevelGaps).toEqual([]);
    expect(coverage.gaps.levelsWithoutMeasures).toEqual([]);
    expect(coverage.gaps.violenceFormsNotReached).toEqual([]);
    expect(coverage.gaps.targetGroupsNotReached).toEqual([]);
    expect(coverage.levelTotals).toEqual({ universal: 0, selective: 0, indicated: 0 });
    expect(coverage.units).toEqual([]);
  });

  it('handles an empty plan', () => {
    const empty = computeCoverage(planContent([]), terms);
    expect(empty.goals).toEqual([]);
    expect(empty.gaps.goalsWithoutMeasures).toEqual([]);
  });
});
