import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeedFile, seedDataDir, walkSeedNodes } from '../../../src/seed/read-seed-files.js';

const seed = readSeedFile(path.join(seedDataDir, 'vaxjo.yaml'));
const plan = seed.plans[0]!;
const nodes = [...walkSeedNodes(plan.nodes)];
const byNumber = new Map(nodes.map((n) => [n.number, n]));

describe('seed: Växjö, Plan mot våld i nära relationer och hedersförtryck', () => {
  it('is Växjö kommun with one plan', () => {
    expect(seed.organization).toEqual({ code: '0780', name: 'Växjö kommun', kind: 'municipality' });
    expect(seed.plans).toHaveLength(1);
    expect(plan.title).toBe('Plan mot våld i nära relationer och hedersförtryck i Växjö kommun');
    expect(plan.kind).toBe('plan');
    expect(plan.status).toBe('in_force');
  });

  it('has the decision metadata: KF 2020-11-17 § 259, Dnr KS/2016-00237, valid from 2020-11-17 tills vidare', () => {
    expect(plan.decision).toEqual({
      body: 'Kommunfullmäktige',
      date: '2020-11-17',
      paragraph: '§ 259',
      registryNumber: 'KS/2016-00237',
    });
    expect(plan.registryNumber).toBe('KS/2016-00237');
    expect(plan.validFrom).toBe('2020-11-17');
    expect(plan.validTo).toBeUndefined();
    expect(plan.validityNote).toBe('Tills vidare');
    expect(plan.ownerUnit).toBe('kommunstyrelsen');
    expect(seed.units.find((u) => u.key === plan.ownerUnit)?.name).toBe('Kommunstyrelsen');
  });

  it('has 4 development areas 3.1–3.4 with 14 numbered items and no measures', () => {
    expect(plan.nodes.map((n) => n.number)).toEqual(['3.1', '3.2', '3.3', '3.4']);
    expect(plan.nodes.every((n) => n.role === 'goal' && n.label === 'Utvecklingsområde')).toBe(true);
    const items = plan.nodes.flatMap((n) => n.children);
    expect(items.map((n) => n.number)).toEqual([
      '3.1.1', '3.1.2', '3.1.3',
      '3.2.1', '3.2.2', '3.2.3',
      '3.3.1', '3.3.2', '3.3.3',
      '3.4.1', '3.4.2', '3.4.3', '3.4.4', '3.4.5',
    ]);
    expect(items.every((n) => n.role === 'goal' && n.label === 'Insatsområde' && n.children.length === 0)).toBe(true);
    for (const area of plan.nodes) {
      for (const item of area.children) expect(item.number!.startsWith(`${area.number}.`)).toBe(true);
    }
    expect(nodes).toHaveLength(18);
    expect(nodes.flatMap((n) => n.measures)).toHaveLength(0);
  });

  it('copies the headings and items exactly', () => {
    expect(plan.nodes.map((n) => n.text)).toEqual([
      'Ett hälsofrämjande och förebyggande arbete',
      'Upptäcka, stödja och skydda barn, unga och vuxna',
      'Ökad kunskap och kompetens',
      'Tidig upptäckt och arbete med våldsutövare',
    ]);
    expect(byNumber.get('3.1.2')?.text).toBe('Att tillgängliggöra information, kunskap och verktyg');
    expect(byNumber.get('3.2.2')?.text).toBe(
      'Att barn och unga som bor i skyddat boende har tillgång till pedagogiskt stöd, skolundervisning och meningsfull fritid.',
    );
    expect(byNumber.get('3.4.5')?.text).toBe(
      'Att verka för att identifiera och fånga upp mottagliga våldutövare och erbjuda de effektiva insatser.',
    );
  });

  it('links the plan to Hållbara Växjö 2030 as a local framework, and no node links anywhere', () => {
    const fw = seed.frameworks.find((f) => f.code === 'hallbara-vaxjo-2030');
    expect(fw).toBeDefined();
    expect(fw!.items.find((i) => i.code === 'malbild-gront-och-halsosamt')?.sv).toBe('Målbild: Grönt och hälsosamt');
    expect(plan.frameworkLinks).toContain('hallbara-vaxjo-2030:malbild-gront-och-halsosamt');
    expect(plan.frameworkLinks).toContain('hallbara-vaxjo-2030:utmaning-jamlikhet-och-jamstalldhet');
    expect(plan.frameworkLinks).toHaveLength(8);
    expect(nodes.every((n) => n.frameworkLinks.length === 0)).toBe(true);
  });

  it('keeps the plan prose as sections, and says there are no activities', () => {
    const headings = plan.sections.map((s) => s.heading);
    expect(headings).toEqual(expect.arrayContaining(['2.1. Syfte', '2.2. Samverkan', '2.3. Hållbara Växjö 2030']));
    const styr = plan.sections.find((s) => s.heading === '1.1. Växjö kommunkoncerns styrmodell');
    expect(styr?.body).toContain('- Planen innehåller inga mål eller nyckeltal.');
    expect(plan.sections.some((s) => s.body.includes('Planen har inga aktiviteter'))).toBe(true);
  });
});
