import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSeedFile, seedDataDir, walkSeedNodes } from '../../../src/seed/read-seed-files.js';

const seed = readSeedFile(path.join(seedDataDir, 'kalmar.yaml'));
const plan = seed.plans[0]!;
const nodes = [...walkSeedNodes(plan.nodes)];
const focusAreas = nodes.filter((n) => n.role === 'goal' && n.label === 'Fokusområde');
const measures = nodes.flatMap((n) => n.measures);
const unit = (key: string) => seed.units.find((u) => u.key === key);
const measure = (start: string) => {
  const found = measures.filter((m) => m.text.startsWith(start));
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** Resolves a name as the document writes it to a unit key, by name or alias. */
const resolve = (name: string) =>
  seed.units.find((u) => u.name === name || u.aliases.includes(name))?.key;

describe('Kalmar seed: draft strategy on remiss 2022', () => {
  it('describes the organization and the plan', () => {
    expect(seed.organization).toEqual({ code: '0880', name: 'Kalmar kommun', kind: 'municipality' });
    expect(seed.plans).toHaveLength(1);
    expect(plan.kind).toBe('strategy');
    expect(plan.status).toBe('consultation');
    expect(plan.validFrom).toBe('2022-01-01');
    expect(plan.validTo).toBe('2026-12-31');
    expect(plan.ownerUnit).toBe('kommunledningskontoret');
  });

  it('has 6 focus areas in document order, with intro and "Under perioden" sentence', () => {
    expect(focusAreas).toHaveLength(6);
    expect(focusAreas.map((n) => n.text)).toEqual([
      'Våldsförebyggande arbete',
      'Tidig upptäckt av våld samt stärkt skydd och stöd för våldsutsatta',
      'Motverka våld i ungas parrelationer',
      'Tidiga insatser riktade till personer som utövar våld och kontroll i sina relationer',
      'Kunskap och kompetens om mäns våld mot kvinnor och våld i nära relation',
      'Samverkan med myndigheter, föreningsliv och övriga aktörer',
    ]);
    expect(focusAreas.map((n) => n.number)).toEqual(['1', '2', '3', '4', '5', '6']);
    for (const fa of focusAreas) expect(fa.description).toMatch(/Under perioden 2022–2026 ska Kalmar kommun/);
    expect(focusAreas.map((n) => n.measures.length)).toEqual([7, 8, 6, 2, 6, 6]);
  });

  it('has 35 measures, none with a code, each with at least one lead unit', () => {
    expect(measures).toHaveLength(35);
    for (const m of measures) {
      expect(m.code).toBeUndefined();
      expect(m.lead.length, m.text).toBeGreaterThan(0);
      expect(m.responsibilityText, m.text).toBeTruthy();
    }
  });

  it('splits "X i samverkan med Y" into lead and co', () => {
    const m = measure('Samordna det våldsförebyggande arbetet med andra preventionsområden');
    expect(m.responsibilityText).toBe('Kommunledningskontoret i samverkan med socialförvaltningen');
    expect(m.lead).toEqual(['kommunledningskontoret']);
    expect(m.co).toEqual(['socialforvaltningen']);

    const m2 = measure('Utgå från evidensbaserade riskfaktorer');
    expect(m2.lead).toEqual(['socialforvaltningen']);
    expect(m2.co).toEqual([
      'utbildningsforvaltningen',
      'sodermore-kommundelsforvaltning',
      'kalmarsunds-gymnasieforbund',
      'kultur-och-fritidsforvaltningen',
    ]);
  });

  it('makes every party of a comma list without "i samverkan med" a lead', () => {
    const m = measure('Implementera strukturerade universella våldspreventiva program');
    expect(m.responsibilityText).toBe(
      'Utbildningsförvaltningen, Södermöre kommunalförvaltning, Kalmarsunds Gymnasieförbund, Kultur och fritidsförvaltningen',
    );
    expect(m.lead).toEqual([
      'utbildningsforvaltningen',
      'sodermore-kommundelsforvaltning',
      'kalmarsunds-gymnasieforbund',
      'kultur-och-fritidsforvaltningen',
    ]);
    expect(m.co).toEqual([]);
    expect(measure('Öka föräldrars medvetenhet').lead).toHaveLength(4);
  });

  it('keeps Södermöre as one unit with all its spellings', () => {
    const spellings = [
      'Södermöre kommunalförvaltning',
      'Södermøre kommunaldelsförvaltning',
      'Södermøre kommunledningsförvaltning',
    ];
    const sodermore = unit('sodermore-kommundelsforvaltning')!;
    expect(sodermore.name).toBe('Södermöre kommundelsförvaltning');
    expect(sodermore.aliases).toEqual(expect.arrayContaining(spellings));
    for (const spelling of spellings) {
      expect(resolve(spelling)).toBe('sodermore-kommundelsforvaltning');
      const written = measures.filter((m) => m.responsibilityText?.includes(spelling));
      expect(written.length, spelling).toBeGreaterThan(0);
      for (const m of written) expect([...m.lead, ...m.co]).toContain('sodermore-kommundelsforvaltning');
    }
    expect(seed.units.filter((u) => u.name.startsWith('Söderm') && u.kind === 'administration')).toHaveLength(1);
  });

  it('keeps Kultur- och fritidsförvaltningen as one unit with its spellings', () => {
    for (const spelling of ['Kultur och fritidsförvaltningen', 'Kultur- och fritidsförvaltningen', 'Kultur- och fritid']) {
      expect(resolve(spelling)).toBe('kultur-och-fritidsforvaltningen');
    }
  });

  it('copies measure texts exactly', () => {
    expect(focusAreas[0]!.measures[0]!.text).toBe(
      'Bedriva ett systematiskt arbete enligt modellen En kommun fri från våld (EKFFV), inom vars ram det våldspreventiva arbetet i koncernen samordnas och följs upp',
    );
    expect(focusAreas[1]!.measures[6]!.text).toBe(
      'Kvalitetssäkra likvärdigt stöd och skydd för utsatta eller individer i risk för utsatthet för våld. Särskilt fokus ska läggas på grupper i särskilt sårbara situationer som hemlöshet, missbruk, sjukdom, funktionsnedsättning, sexuell läggning, könsidentitet eller könsuttryck, bristande språkfärdigheter, ålder eller närståendes värderingar kring självbestämmande över relationer och sexualitet',
    );
    expect(focusAreas[2]!.measures[2]!.text).toBe(
      'Genomföra särskilda satsningar för ökad kompetens, förbättrat förebyggande arbete och förbättrat stöd för unga hbtqi-personer, unga som lever med hedersrelaterat våld och förtryck samt unga med funktionshinder.',
    );
    expect(focusAreas[5]!.measures[5]!.text).toBe(
      'Initiera samverkan med polis och näringslivets branschorganisationer såsom hotell- och taxibranschen i syfte att öka anmälningar om brott mot förbudet mot köp av sexuell tjänst.',
    );
  });

  it('keeps definitions and vulnerable groups', () => {
    const headings = plan.sections.map((s) => s.heading);
    expect(headings).toContain('Definitioner och avgränsningar');
    expect(headings).toContain('Särskilt sårbara grupper med svagt samhälleligt skydd mot våld');
    expect(plan.terms.vulnerableGroups).toEqual(
      expect.arrayContaining(['children_experiencing_violence', 'lgbtqi', 'homelessness', 'prostitution', 'young_lgbtqi']),
    );
    expect(seed.terms.some((t) => t.code === 'young_lgbtqi' && t.taxonomy === 'vulnerable_group')).toBe(true);
  });

  it('records the remiss with its deadline, recipients and the social services statement', () => {
    const c = plan.consultation!;
    expect(c.sentDate).toBe('2022-03-17');
    expect(c.deadline).toBe('2022-05-07');
    expect(c.sender).toBe('Kommunledningskontoret');
    expect(c.attachments).toHaveLength(2);
    expect(c.recipients).toHaveLength(15);
    expect(c.recipients.filter((r) => r.kind === 'internal')).toHaveLength(8);
    expect(c.recipients.filter((r) => r.kind === 'external')).toHaveLength(7);
    for (const r of c.recipients) if (r.email) expect(r.email).toMatch(/example\.invalid$/);
    expect(c.recipients.find((r) => r.name === 'Polismyndigheten')?.kind).toBe('external');
    expect(c.recipients.find((r) => r.name === 'Socialnämnden')?.unit).toBe('socialnamnden');

    expect(c.responses).toHaveLength(1);
    const response = c.responses[0]!;
    expect(response.recipient).toBe('Socialnämnden');
    expect(response.position).toBe('approve_with_comments');
    expect(response.comments).toHaveLength(10);
    const second = response.comments.find((x) => x.pointsAt === 'sidan 2');
    expect(second?.node).toBe('2');
    expect(response.comments.find((x) => x.text.includes('ESTER'))?.node).toBe('2');
  });
});
