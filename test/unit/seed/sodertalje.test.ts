import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSeedFile, walkSeedNodes } from '../../../src/seed/read-seed-files.js';

const file = fileURLToPath(new URL('../../../seed-data/sodertalje.yaml', import.meta.url));
const seed = readSeedFile(file);
const plan = seed.plans[0]!;
const nodes = [...walkSeedNodes(plan.nodes)];
const focusAreas = plan.nodes.filter((n) => n.role === 'goal');
const measures = nodes.flatMap((n) => n.measures);
const measure = (code: string) => {
  const found = measures.find((m) => m.code === code);
  if (!found) throw new Error(`no measure ${code}`);
  return found;
};

describe('seed: Södertälje, Handlingsplan Fri från våld 2024–2027', () => {
  it('is Södertälje kommun with one in-force action plan', () => {
    expect(seed.organization).toEqual({ code: '0181', name: 'Södertälje kommun', kind: 'municipality' });
    expect(seed.plans).toHaveLength(1);
    expect(plan.title).toBe('Handlingsplan Fri från våld 2024–2027');
    expect(plan.kind).toBe('action_plan');
    expect(plan.status).toBe('in_force');
  });

  it('carries the decision metadata as the document gives it', () => {
    expect(plan.decision).toEqual({ body: 'Kommunstyrelsen', date: '2023-12-15', registryNumber: 'KS 23/189' });
    expect(plan.validFrom).toBe('2024-01-01');
    expect(plan.validTo).toBe('2027-12-31');
    expect(plan.replaces?.reference).toBe(
      'Handlingsplan mot våld i nära relation och hedersrelaterat våld och förtryck, dnr: KS 20/154',
    );
    expect(plan.ownerUnit).toBe('kommunstyrelsen');
    expect(plan.followUp?.cadence).toBe('annual');
    expect(plan.followUp?.description).toContain('följs upp i det årliga uppföljningsarbetet av den sociala hållbarheten');
    expect(plan.frameworkLinks).toEqual(
      expect.arrayContaining(['agenda2030:3', 'agenda2030:5', 'agenda2030:10', 'agenda2030:16']),
    );
    expect(plan.sections.map((s) => s.heading)).toEqual([
      'Syfte',
      'Målgrupper',
      'Ansvar, genomförande och uppföljning',
      'Preventionsnivåer',
      'Begrepp',
      'Sårbara grupper',
      'Perspektiv',
    ]);
  });

  it('has 5 focus areas with their conditions', () => {
    expect(focusAreas).toHaveLength(5);
    expect(focusAreas.map((f) => f.number)).toEqual(['1', '2', '3', '4', '5']);
    expect(focusAreas.every((f) => f.label === 'Fokusområde')).toBe(true);
    expect(focusAreas.map((f) => f.children.filter((c) => c.role === 'condition').length)).toEqual([2, 2, 2, 2, 3]);
    expect(nodes.filter((n) => n.role === 'condition')).toHaveLength(11);
    expect(focusAreas[3]!.text).toBe('Våldsutsatta vuxna och barn erbjuds insatser utifrån sina specifika behov');
    // measures hang on the focus areas, not on the conditions
    expect(nodes.filter((n) => n.role === 'condition').every((n) => n.measures.length === 0)).toBe(true);
    expect(focusAreas.map((f) => f.measures.length)).toEqual([8, 5, 4, 7, 9]);
  });

  it('has 33 measures with unique codes and no 1:7', () => {
    expect(measures).toHaveLength(33);
    const codes = measures.map((m) => m.code);
    expect(new Set(codes).size).toBe(33);
    expect(codes).not.toContain('1:7');
    expect(codes.slice(0, 8)).toEqual(['1:1', '1:2', '1:3', '1:4', '1:5', '1:6', '1:8', '1:9']);
    expect(codes.at(-1)).toBe('5:9');
    for (const m of measures) {
      expect(m.lead.length).toBeGreaterThan(0);
      expect(m.preventionLevels.length).toBeGreaterThanOrEqual(1);
      expect(m.preventionLevels.length).toBeLessThanOrEqual(2);
    }
  });

  it('splits Åtgärd 1:6 (Orange Week) into lead and co-responsible boards', () => {
    const m = measure('1:6');
    expect(m.text).toContain('Orange Week');
    expect(m.lead).toEqual(['kommunstyrelsen']);
    expect(m.co).toEqual([
      'socialnamnden',
      'omsorgsnamnden',
      'aldreomsorgsnamnden',
      'utbildningsnamnderna',
      'kultur-och-fritidsnamnderna',
      'arbets-och-naringslivsnamnden',
    ]);
    expect(m.preventionLevels).toEqual(['universal']);
  });

  it('keeps two prevention levels where the document gives two ("Indikativ" = indicated)', () => {
    expect(measure('2:1').preventionLevels).toEqual(['indicated', 'selective']);
    expect(measure('3:1').preventionLevels).toEqual(['indicated', 'selective']);
    expect(measure('3:4').preventionLevels).toEqual(['indicated', 'selective']);
    expect(measures.filter((m) => m.preventionLevels.length === 2).map((m) => m.code)).toEqual(['2:1', '2:2', '3:1', '3:4']);
  });

  it('resolves every spelling of the pensioners’ council to one unit', () => {
    const kpr = seed.units.find((u) => u.key === 'kommunala-pensionarsradet')!;
    expect(kpr.aliases).toEqual(expect.arrayContaining(['Kommunala pensio- närrådet', 'Kommunala pensionsnärrådet']));
    expect(measure('1:8').co).toContain('kommunala-pensionarsradet');
    expect(measure('3:4').co).toContain('kommunala-pensionarsradet');
    expect(measure('5:9').lead).toEqual(['kommunstyrelsen', 'telge-ab']);
  });

  it('copies measure texts exactly', () => {
    expect(measure('1:1').text).toBe(
      'Säkerställa förutsättningarna för ett kunskapsbaserat normkritiskt arbete om kön och maskulinitetsnormer i kultur – och fritidsverksamheter.',
    );
    expect(measure('2:4').text).toBe('Utreda möjligheterna att hänvisa våldsutövare till tillfälligt boende.');
    expect(measure('4:7').text).toBe(
      'Arbeta för en fördjupad samverkan mellan socialtjänst och polis i akuta våldshändelser i familjer med barn.',
    );
    expect(measure('5:8').text).toBe(
      'Berörda nämnders förtroendevalda erbjuds genomgå kurs om våld i nära relation, hedersrelaterat våld och förtryck, våld mot personer med funktionsnedsättning och våld mot äldre.',
    );
  });
});
