import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeedFile, seedDataDir, walkSeedNodes } from '../../../src/seed/read-seed-files.js';

const seed = readSeedFile(path.join(seedDataDir, 'malmo.yaml'));
const cityPlan = seed.plans.find((p) => p.key === 'fri-fran-vald')!;
const asfPlan = seed.plans.find((p) => p.kind === 'action_plan')!;
const measures = asfPlan.nodes.flatMap((n) => n.measures);
const ASF = 'arbetsmarknads-och-socialforvaltningen';

describe('seed: Malmö, Fri från våld – en gemensam angelägenhet', () => {
  it('is Malmö stad with two plans', () => {
    expect(seed.organization).toEqual({ code: '1280', name: 'Malmö stad', kind: 'municipality' });
    expect(seed.plans).toHaveLength(2);
    expect(cityPlan.title).toBe('Fri från våld – en gemensam angelägenhet');
    expect(cityPlan.status).toBe('in_force');
  });

  it('city-wide plan: 6 inriktningsmål with 22 "Genom att" strategies and no measures', () => {
    expect(cityPlan.nodes).toHaveLength(6);
    expect(cityPlan.nodes.map((n) => n.number)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(cityPlan.nodes.every((n) => n.role === 'goal' && n.label === 'Inriktningsmål')).toBe(true);
    const strategies = cityPlan.nodes.flatMap((n) => n.children);
    expect(strategies).toHaveLength(22);
    expect(cityPlan.nodes.map((n) => n.children.length)).toEqual([5, 3, 4, 4, 3, 3]);
    expect(strategies.every((s) => s.role === 'strategy' && s.label === 'Genom att')).toBe(true);
    expect([...walkSeedNodes(cityPlan.nodes)].flatMap((n) => n.measures)).toHaveLength(0);
    expect(cityPlan.nodes[5]!.text).toBe(
      'Stadens arbete sker i samverkan med myndigheter, civilsamhälle och andra relevanta aktörer',
    );
    expect(cityPlan.nodes[3]!.children.map((c) => c.text)).toEqual([
      'Prioritera barn som upplevt våld',
      'Utveckla stöd- och skyddsinsatserna',
      'Stärka det långsiktiga stödet till våldsutsatta',
      'Ge stöd till utsatta medarbetare',
    ]);
  });

  it('administration plan: an action plan under the city-wide plan, 2023–2026, followed up every second year', () => {
    expect(asfPlan.parentPlan).toBe('fri-fran-vald');
    expect(asfPlan.validFrom).toBe('2023-01-01');
    expect(asfPlan.validTo).toBe('2026-12-31');
    expect(asfPlan.ownerUnit).toBe(ASF);
    expect(seed.units.find((u) => u.key === ASF)?.name).toBe('Arbetsmarknads- och socialförvaltningen');
    expect(asfPlan.followUp?.cadence).toBe('biennial');
    expect(asfPlan.followUp?.description).toContain('vartannat år genom dialog');
    expect(asfPlan.followUp?.description).toContain('årsvis sammanställa och analysera statistik');
  });

  it('every administration goal mirrors the city-wide goal with the same number and text', () => {
    expect(asfPlan.nodes).toHaveLength(6);
    for (const goal of asfPlan.nodes) {
      expect(goal.sourceNode?.plan).toBe(cityPlan.key);
      const source = cityPlan.nodes.find((n) => n.number === goal.sourceNode?.number);
      expect(source).toBeDefined();
      expect(goal.number).toBe(source!.number);
      expect(goal.text).toBe(source!.text);
    }
  });

  it('has 27 activities: 7 city-wide, 6 in collaboration, 14 unit-specific', () => {
    expect(measures).toHaveLength(27);
    expect(asfPlan.nodes.map((n) => n.measures.length)).toEqual([4, 3, 7, 7, 4, 2]);
    const count = (scope: string) => measures.filter((m) => m.scope === scope).length;
    expect(count('city_wide')).toBe(7);
    expect(count('collaboration')).toBe(6);
    expect(count('unit_specific')).toBe(14);
    expect(measures.every((m) => m.lead.length > 0)).toBe(true);
  });

  it('copies activities exactly, with description and lead/co', () => {
    const hr = measures.find((m) => m.text.startsWith('Förankra och sprida'))!;
    expect(hr.text).toBe(
      'Förankra och sprida planens arbetsgivarperspektiv till HR-funktioner på förvaltningarna genom befintliga HR-nätverk som samordnas av den stadsövergripande HR-avdelningen.',
    );
    expect(hr.scope).toBe('city_wide');
    expect(hr.lead).toEqual(['hr-avdelningen']);

    const rutin = asfPlan.nodes[1]!.measures[0]!;
    expect(rutin.text).toBe(
      'Arbetsmarknads- och socialförvaltningen ska i sin samordnande roll i samverkan med stadskontoret undersöka möjligheten att ta fram en stadsövergripande rutin vad gäller skyddade personuppgifter för medarbetare.',
    );
    expect(rutin.lead).toEqual([ASF]);
    expect(rutin.co).toEqual(['stadskontoret']);

    const heder = asfPlan.nodes[3]!.measures.find((m) => m.text.includes('resurscentrum'))!;
    expect(heder.text).toBe('Förvaltningen deltar i ett utvecklingsarbete kring ett regionalt resurscentrum mot hedersförtryck.');
    expect(heder.description).toBe(
      'Utvecklingsarbetet samordnas av Länsstyrelsen i Skåne och sker i samverkan med andra statliga myndigheter och kommuner.',
    );
    expect(heder.scope).toBe('collaboration');
    expect(heder.lead).toEqual([ASF]);
    expect(heder.co).toContain('lansstyrelsen-skane');

    const last = asfPlan.nodes[5]!.measures[1]!;
    expect(last.text).toBe('Förvaltningen ska utveckla stödet till ideella organisationer och verka för att stödet ska vara långsiktigt.');
    expect(last.scope).toBe('unit_specific');
  });

  it('names the collaborators as units', () => {
    const unga = measures.find((m) => m.text.includes('våld i ungas relationer'))!;
    expect(unga.co).toEqual(['skolforvaltningarna', 'ungdomsmottagningen', 'ideburna-sektorn']);
    const trygg = measures.find((m) => m.description?.includes('Trygg relation fri från våld'))!;
    expect(trygg.co).toEqual(['polisen', 'kriminalvarden', 'andra-relevanta-aktorer']);
    expect(seed.units.find((u) => u.key === 'lansstyrelsen-skane')?.aliases).toContain('Länsstyrelsen i Skåne');
  });
});
