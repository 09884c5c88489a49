import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readSeedFile, seedDataDir, walkSeedNodes } from '../../../src/seed/read-seed-files.js';

const file = path.join(seedDataDir, 'linkoping.yaml');
const seed = readSeedFile(file);
const plan = seed.plans[0]!;
const nodes = [...walkSeedNodes(plan.nodes)];

/** Every Swedish text in the file: all string values except identifiers, codes and English labels. */
function swedishTexts(value: unknown, prop = ''): string[] {
  const skip = new Set(['en', 'key', 'code', 'unit', 'ownerUnit', 'parentPlan', 'lead', 'co', 'frameworkLinks', 'sources', 'plan']);
  if (skip.has(prop)) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => swedishTexts(v, prop));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => swedishTexts(v, k));
  return [];
}

/** OCR damage seen in the source text (å, ä, ö lost or garbled; "|" for "I"). */
const damagedWords = [
  'vald', 'nara', 'fortryck', 'fértryck', 'omsorgsnamnden', 'omsorgsnamndens', 'namnd', 'namnds', 'férslag', 'forslaget', 'Forslag', 'Socialférvaltningens',
  'Socialférvaltningen', 'Socialfoérvaltningen', 'forvaltning', 'Kommunovergripande', 'Kommundvergripande',
  'kommunévergripande', 'upphdra', 'upphdéra', 'mgjlighet', 'méjlighet', 'bedémts', 'bedémde', 'féljande', 'stdd',
  'stéd', 'uppféljningen', 'uppfdljningen', 'Linkdping', 'Linkbping', 'Linképings', 'Linkdpings',
  '6kad', '6vergripande', 'f6ljs', '&ven', 'ndmnd', 'atgarder', 'atgardsplan', 'atgardsplanen', 'tgardsplanen',
  'jamstalldhetspolitiska', 'delmal', 'delmalet', 'malomrade', 'malomradet', 'malomraden', 'Arende', 'Okad', 'Oonskade',
  'konsrelaterade', 'aldre', 'sarskilt', 'angelagna', 'Vard', 'behéver', 'behdver', 'medfdrt', 'beddmdes', 'beddms',
  'kommunfullméktiges', 'medbestdmmandelagen', 'lagesbilden', 'Darutover', 'arligen', 'ar', 'pa', 'fran', 'aven',
  'nagon', 'saledes', 'hosten', 'varen', 'manniskohandel', 'andamal', 'Europaradets', 'bekampa', 'bekdmpning',
  'askadliggjordes', 'utgangspunkt', 'Mans', 'ratt', 'godkanns', 'innehaller', 'Tjansteskrivelse', 'Samrad',
  'samradsversionen', 'tjanstepersonniva', 'Uppfoljning', 'utvardering', 'uppsta',
];
const letter = '\\p{L}';
const damaged = damagedWords.map((w) => new RegExp(`(?<!${letter})${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!${letter})`, 'u'));

describe('seed: Linköping, kommunövergripande handlingsplan (beslutsunderlag 2024-10-15)', () => {
  it('is Linköpings kommun with one adopted action plan', () => {
    expect(seed.organization).toEqual({ code: '0580', name: 'Linköpings kommun', kind: 'municipality' });
    expect(seed.plans).toHaveLength(1);
    expect(plan.title).toBe(
      'Kommunövergripande handlingsplan mot våld i nära relationer, hedersrelaterat våld och förtryck, samt sexuellt våld oberoende av relation',
    );
    expect(plan.kind).toBe('action_plan');
    expect(plan.status).toBe('adopted');
    expect(plan.ownerUnit).toBe('socialforvaltningen');
  });

  it('records the proposal, the paper date and both registry numbers as the document gives them', () => {
    expect(plan.decision?.date).toBe('2024-10-15');
    expect(plan.decision?.body).toContain('Social- och omsorgsnämnden');
    expect(plan.decision?.body).toContain('Kommunstyrelsen');
    expect(plan.decision?.registryNumber).toBe('KS 2024-485');
    expect(plan.registryNumber).toBe('SON 2022-604');
    const beslut = plan.sections.find((s) => s.heading === 'Beslutsärende');
    expect(beslut?.body).toContain('Dnr SON 2022-604, Dnr KS 2024-485');
    expect(beslut?.body).toContain('1. Socialförvaltningens förslag godkänns.');
  });

  it('follows up yearly, plus the gender-equality report every second year', () => {
    expect(plan.followUp?.cadence).toBe('annual');
    expect(plan.followUp?.description).toContain('jämställdhetsbokslut vartannat år');
  });

  it('has 3 areas and 8 directions (3 + 2 + 3), no needs and no measures', () => {
    expect(plan.nodes.map((n) => n.text)).toEqual([
      'Våld i nära relationer',
      'Hedersrelaterat våld och förtryck',
      'Sexuellt våld oberoende av relation',
    ]);
    expect(plan.nodes.every((n) => n.role === 'goal' && n.label === 'Område')).toBe(true);
    expect(plan.nodes.map((n) => n.children.length)).toEqual([3, 2, 3]);
    const directions = plan.nodes.flatMap((n) => n.children);
    expect(directions).toHaveLength(8);
    expect(directions.every((n) => n.role === 'goal' && n.label === 'Inriktning' && n.children.length === 0)).toBe(true);
    expect(nodes.filter((n) => n.role === 'need')).toHaveLength(0);
    expect(nodes.flatMap((n) => n.measures)).toHaveLength(0);
    expect(plan.sections.some((s) => s.body.includes('transkriberarens läsning'))).toBe(true);
  });

  it('copies the directions exactly (restored spelling)', () => {
    const directions = plan.nodes.flatMap((n) => n.children);
    expect(directions[0]!.text).toBe('Våld i ungas parrelationer');
    expect(directions[3]!.text).toBe('Barn och unga som riskerar att föras utomlands');
    expect(directions[4]!.text).toBe('Hedersrelaterat våld mot särskilt sårbara grupper');
    expect(directions[7]!.text).toBe('Sex mot ersättning');
  });

  it('records the consultation: 19 April – 13 June 2024 with all administrations, and the comments', () => {
    expect(plan.consultation?.sentDate).toBe('2024-04-19');
    expect(plan.consultation?.deadline).toBe('2024-06-13');
    expect(plan.consultation?.recipients.map((r) => r.unit)).toEqual(['samtliga-kommunala-forvaltningar']);
    const samrad = plan.sections.find((s) => s.heading === 'Samråd');
    expect(samrad?.body).toContain('Under perioden 19 april till och med den 13 juni genomfördes');
    expect(samrad?.body).toContain(
      'Vård och omsorgsförvaltningen bedömde att ekonomiskt våld eller våld genom försummelse, särskilt när det gäller våld mot äldre personer, kan behöva belysas.',
    );
  });

  it('links the plan to the sixth gender-equality sub-goal and the local programmes', () => {
    expect(plan.frameworkLinks).toContain('gender_equality:6');
    expect(plan.frameworkLinks).toContain('linkoping-trygghetsprogram:vald-i-nara-relation-heder');
  });

  it('has no OCR damage left in any text', () => {
    const texts = swedishTexts(parse(readFileSync(file, 'utf8')));
    expect(texts.length).toBeGreaterThan(50);
    for (const text of texts) {
      for (const re of damaged) expect(re.test(text), `"${re.source}" in: ${text.slice(0, 80)}`).toBe(false);
      expect(text).not.toMatch(/[éóôèü|&]/);
      expect(text).not.toMatch(/\d\p{Ll}/u);
    }
  });
});
