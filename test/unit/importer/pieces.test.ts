import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importDocument, maxImportBytes } from '../../../src/importer/import-document.js';
import { buildLexicon } from '../../../src/importer/lexicon.js';
import { repairLines } from '../../../src/importer/repair.js';
import { parseResponsibility } from '../../../src/importer/responsibility.js';
import { preventionLevelsIn, toIsoDate } from '../../../src/importer/text-utils.js';
import { ImportError, type ImportedNode, type ImportUnit } from '../../../src/importer/types.js';
import { UnitResolver } from '../../../src/importer/units.js';
import { expectations, fixturesDir } from './seed-comparison.js';

const enc = (text: string) => new TextEncoder().encode(text);
const run = (text: string, units: ImportUnit[] = [], filename = 'plan.md') => importDocument({ bytes: enc(text), filename, units });
const unit = (id: string, name: string, aliases: string[] = []): ImportUnit => ({ id, name, shortName: null, aliases });
const flat = (nodes: ImportedNode[]): ImportedNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

describe('dates, registry numbers, paragraphs, validity', () => {
  it('reads Swedish dates', () => {
    expect(toIsoDate('2023-12-15')).toBe('2023-12-15');
    expect(toIsoDate('den 7 maj 2022')).toBe('2022-05-07');
    expect(toIsoDate('15 dec. 2023')).toBe('2023-12-15');
    expect(toIsoDate('2023-02-30')).toBeNull();
  });

  it('finds decision, paragraph, dnr and validity on a cover page', async () => {
    const r = await run(
      [
        '# Handlingsplan mot våld i nära relationer 2025–2028',
        '',
        'Antagen av kommunfullmäktige 2024-11-28 § 187',
        '',
        'Diarienummer: KS 2024/0456',
        '',
        'Ersätter Handlingsplan mot våld 2019–2022, dnr KS 2018/12',
        '',
        'Giltighetstid: Från och med 2025-01-01 till och med 2028-12-31',
      ].join('\n'),
    );
    const m = r.metadata;
    expect(m.title?.value).toBe('Handlingsplan mot våld i nära relationer 2025–2028');
    expect(m.kind?.value).toBe('action_plan');
    expect(m.decisionBody?.value).toBe('Kommunfullmäktige');
    expect(m.decisionDate?.value).toBe('2024-11-28');
    expect(m.decisionParagraph?.value).toBe('§ 187');
    expect(m.registryNumber?.value).toBe('KS 2024/0456');
    expect(m.replacesReference?.value).toBe('Handlingsplan mot våld 2019–2022, dnr KS 2018/12');
    expect(m.validFrom?.value).toBe('2025-01-01');
    expect(m.validTo?.value).toBe('2028-12-31');
    expect(m.decisionDate?.source.from).toBe(3);
  });

  it('reads "tills vidare" and a period in the title', async () => {
    const open = await run('# Strategi för trygghet\n\nStrategin gäller från och med 2021-03-01 tills vidare.\n');
    expect(open.metadata.kind?.value).toBe('strategy');
    expect(open.metadata.validFrom?.value).toBe('2021-03-01');
    expect(open.metadata.validityNote?.value).toBe('Tills vidare');
    const period = await run('# Aktivitetsplan 2024–2025\n\nText.\n');
    expect(period.metadata.kind?.value).toBe('activity_plan');
    expect(period.metadata.validFrom?.value).toBe('2024-01-01');
    expect(period.metadata.validTo?.value).toBe('2025-12-31');
  });

  it('matches the hand-transcribed metadata of Södertälje and Växjö', async () => {
    for (const [seed, file] of [['sodertalje', 'sodertalje.txt'], ['vaxjo', 'vaxjo.txt']] as const) {
      const { plan, units } = expectations(seed);
      const r = await importDocument({ bytes: new Uint8Array(readFileSync(fixturesDir + file)), filename: file, units });
      expect(r.metadata.title?.value).toBe(plan.title);
      expect(r.metadata.kind?.value).toBe(plan.kind);
      expect(r.metadata.validFrom?.value).toBe(plan.validFrom);
      expect(r.metadata.validTo?.value).toBe(plan.validTo);
      expect(r.metadata.decisionBody?.value).toBe(plan.decision?.body);
      expect(r.metadata.decisionDate?.value).toBe(plan.decision?.date);
      expect(r.metadata.decisionParagraph?.value).toBe(plan.decision?.paragraph);
      expect(r.metadata.registryNumber?.value).toBe(plan.registryNumber);
    }
  });
});

describe('goal numbering and hierarchy', () => {
  it('reads labelled goals, numbered sub-goals, strategies and conditions', async () => {
    const r = await run(
      [
        '# Plan mot våld 2024–2026',
        '',
        '## Planens mål',
        '',
        '### Inriktningsmål 1 - staden förebygger våld',
        '',
        'Genom att:',
        '',
        '- Stärka barns rättigheter',
        '- Utmana normer',
        '',
        '### Inriktning mål 2: Stödet utgår från behoven',
        '',
        'För att nå målet behöver följande vara på plats:',
        '',
        '- Rutiner finns i alla verksamheter.',
        '',
        '# 3. Utvecklingsområden',
        '',
        '## 3.1 Kunskap',
        '',
        'Kommunen ska arbeta för:',
        '',
        '- 3.1.1 Att öka kunskapen',
        '- 3.1.2. Att sprida information',
      ].join('\n'),
    );
    const all = flat(r.nodes);
    expect(r.nodes.map((n) => [n.label, n.number, n.text])).toEqual([
      ['Inriktningsmål', '1', 'Staden förebygger våld'],
      ['Inriktningsmål', '2', 'Stödet utgår från behoven'],
      ['Utvecklingsområde', '3.1', 'Kunskap'],
    ]);
    expect(r.nodes[0]!.children.map((c) => [c.role, c.text])).toEqual([
      ['strategy', 'Stärka barns rättigheter'],
      ['strategy', 'Utmana normer'],
    ]);
    expect(r.nodes[1]!.children.map((c) => c.role)).toEqual(['condition']);
    expect(r.nodes[2]!.children.map((c) => [c.role, c.number, c.text])).toEqual([
      ['goal', '3.1.1', 'Att öka kunskapen'],
      ['goal', '3.1.2', 'Att sprida information'],
    ]);
    expect(all.every((n) => n.source.from >= 1 && n.source.to <= r.lines.length && n.confidence > 0 && n.confidence <= 1)).toBe(true);
    expect(r.stats.measures).toBe(0);
  });

  it('keeps the goal section, not the table of contents or the overview list, when a goal is written twice', async () => {
    const r = await run(
      [
        'Innehållsförteckning',
        'Fokusområde 1: Trygg uppväxt\t4',
        '',
        'Fokusområde 1: Trygg uppväxt.',
        '',
        'Fokusområde 1: Trygg uppväxt för alla barn',
        '',
        'Beskrivning av området.',
        '',
        'Åtgärd 1:1 Erbjuda föräldrastöd.',
        'Ansvar: Socialnämnden',
      ].join('\n'),
      [unit('sn', 'Socialnämnden')],
      'plan.txt',
    );
    expect(r.nodes).toHaveLength(1);
    expect(r.nodes[0]!.text).toBe('Trygg uppväxt för alla barn');
    expect(r.nodes[0]!.measures.map((m) => [m.code, m.text, m.lead.map((u) => u.unitId)])).toEqual([['1:1', 'Erbjuda föräldrastöd.', ['sn']]]);
  });
});

describe('measures in layouts the seeds do not show', () => {
  it('reads a table with a header row, and proposes units it does not know', async () => {
    const r = await run(
      [
        '## Mål 1: Färre barn utsätts för våld',
        '',
        'Nr\tAktivitet\tAnsvarig\tPreventionsnivå',
        '1.1\tUtbilda personal i skolan om våld.\tBarn- och utbildningsnämnden\tUniversell',
        '1.2\tStarta samtalsgrupper för barn.\tSocialnämnden, Kvinnojouren Frida\tSelektiv',
        '',
        'Övrig text som inte är en åtgärd.',
        '',
        '- En punkt utan ansvar är ingen åtgärd',
      ].join('\n'),
      [unit('sn', 'Socialnämnden'), unit('bun', 'Barn- och utbildningsnämnden')],
    );
    const ms = r.nodes[0]!.measures;
    expect(ms.map((m) => [m.code, m.text, m.lead.map((u) => u.unitId ?? `new:${u.text}`), m.preventionLevels])).toEqual([
      ['1.1', 'Utbilda personal i skolan om våld.', ['bun'], ['universal']],
      ['1.2', 'Starta samtalsgrupper för barn.', ['sn', 'new:Kvinnojouren Frida'], ['selective']],
    ]);
    expect(r.units.find((u) => u.text === 'Kvinnojouren Frida')?.proposeNew).toBe(true);
  });

  it('reads bullets followed by a responsibility line, and activity bullets under a category heading', async () => {
    const r = await run(
      [
        '## Fokusområde 2: Stöd till våldsutsatta',
        '',
        '- Ta fram en rutin för hot- och riskbedömningar.',
        'Ansvarig: Socialförvaltningen tillsammans med Polisen',
        '',
        '### Förvaltningsspecifika aktiviteter',
        '',
        '- Socialförvaltningen ska erbjuda skyddat boende.',
        '',
        'Arbetet sker i samarbete med kvinnojouren.',
      ].join('\n'),
      [unit('sf', 'Socialförvaltningen'), unit('pol', 'Polisen', ['polis']), unit('kj', 'Kvinnojouren', ['kvinnojouren'])],
    );
    const [first, second] = r.nodes[0]!.measures;
    expect(first!.lead.map((u) => u.unitId)).toEqual(['sf']);
    expect(first!.co.map((u) => u.unitId)).toEqual(['pol']);
    expect(first!.responsibilityText).toBe('Socialförvaltningen tillsammans med Polisen');
    expect(second!.scope).toBe('unit_specific');
    expect(second!.description).toBe('Arbetet sker i samarbete med kvinnojouren.');
    expect(second!.lead.map((u) => u.unitId)).toEqual(['sf']);
    expect(second!.co.map((u) => u.unitId)).toEqual(['kj']);
  });

  it('invents nothing from a document without plan structure', async () => {
    const r = await run('Protokoll\n\n- Mötet öppnades.\n- Dagordningen godkändes.\n\nMötet avslutades.\n');
    expect(r.stats.measures).toBe(0);
    expect(r.stats.goals).toBe(0);
  });
});

describe('responsibility', () => {
  const resolver = new UnitResolver([
    unit('sof', 'Socialförvaltningen'),
    unit('uf', 'Utbildningsförvaltningen'),
    unit('sko', 'Södermöre kommundelsförvaltning', ['Södermöre kommunalförvaltning']),
    unit('kff', 'Kultur- och fritidsförvaltningen'),
    unit('klk', 'Kommunledningskontoret'),
  ]);

  it('splits lead and co-responsible units at "i samverkan med" and keeps names with "och" whole', () => {
    const r = parseResponsibility('Socialförvaltningen i samverkan med utbildningsförvaltningen, Södermöre kommunalförvaltning och Kultur och fritidsförvaltningen', resolver);
    expect(r.lead.map((u) => u.unitId)).toEqual(['sof']);
    expect(r.co.map((u) => u.unitId)).toEqual(['uf', 'sko', 'kff']);
  });

  it('reads "Medansvarig:" in a flattened table cell', () => {
    const r = parseResponsibility('<ul style="list-style-type: none"> • Kommunledningskontoret <p>Medansvarig:</p> <ul> • Socialförvaltningen • Utbildningsförvaltningen', resolver);
    expect(r.lead.map((u) => u.unitId)).toEqual(['klk']);
    expect(r.co.map((u) => u.unitId)).toEqual(['sof', 'uf']);
    expect(r.text).toBe('Kommunledningskontoret. Medansvarig: Socialförvaltningen, Utbildningsförvaltningen');
  });

  it('splits several lead units joined by "och", and proposes the unknown ones', () => {
    const r = parseResponsibility('Kommunledningskontoret och Räddningstjänsten Syd', resolver);
    expect(r.lead.map((u) => u.unitId ?? `new:${u.text}`)).toEqual(['klk', 'new:Räddningstjänsten Syd']);
    expect(r.co).toEqual([]);
  });

  it('reads prevention levels, including "indikativ"', () => {
    expect(preventionLevelsIn('Indikativ\tSelektiv')).toEqual(['indicated', 'selective']);
    expect(preventionLevelsIn('universell och selektiv nivå')).toEqual(['universal', 'selective']);
  });
});

describe('fuzzy unit matching', () => {
  const resolver = new UnitResolver([
    unit('sko', 'Södermöre kommundelsförvaltning'),
    unit('kff', 'Kultur- och fritidsförvaltningen'),
    unit('on', 'Omsorgsnämnden'),
    unit('of', 'Omsorgsförvaltningen'),
    unit('kf', 'Kommunfullmäktige'),
  ]);

  it('forgives ø for ö, a missing hyphen, definite forms and small misspellings', () => {
    expect(resolver.resolve('SÖDERMØRE KOMMUNDELSFÖRVALTNING')).toMatchObject({ unitId: 'sko', score: 1 });
    expect(resolver.resolve('Kultur och fritidsförvaltningen')).toMatchObject({ unitId: 'kff', score: 1 });
    expect(resolver.resolve('Omsorgsnämnd')).toMatchObject({ unitId: 'on', score: 0.95 });
    const typo = resolver.resolve('Södermöre kommunalförvaltning');
    expect(typo.unitId).toBe('sko');
    expect(typo.score).toBeLessThan(1);
    expect(resolver.resolve('Kommunfullmäktigge').unitId).toBe('kf');
  });

  it('never matches across kinds of body, and proposes unknown names as new', () => {
    expect(resolver.resolve('Omsorgsförvaltningen').unitId).toBe('of');
    expect(resolver.resolve('Omsorgsnämnden').unitId).toBe('on');
    const unknown = resolver.resolve('Miljöförvaltningen');
    expect(unknown).toMatchObject({ unitId: null, proposeNew: true });
  });
});

describe('OCR repair and hyphenation', () => {
  const lexicon = buildLexicon([]);

  it('restores å, ä and ö where exactly one word fits, in a text that has lost them', () => {
    const damaged = [
      'Forslag till social- och omsorgsnamndens beslut: Socialférvaltningens férslag godkanns.',
      'Handlingsplanen mot vald i nara relationer och fortryck innehaller inte nagra atgarder.',
      'Den kommundvergripande planen foljs upp arligen och ar ett stod for arbetet.',
    ];
    const { lines, notes } = repairLines(damaged, lexicon);
    expect(lines[0]).toBe('Förslag till social- och omsorgsnämndens beslut: Socialförvaltningens förslag godkänns.');
    expect(lines[1]).toBe('Handlingsplanen mot våld i nära relationer och förtryck innehåller inte några åtgärder.');
    // "ar" (är or år) stays: two words fit.
    expect(lines[2]).toContain(' ar ett ');
    expect(lines[2]).toContain('kommunövergripande');
    expect(notes.some((n) => n.code === 'ocr_repaired' && n.source?.from === 1)).toBe(true);
  });

  it('leaves an intact text alone ("vald" is a word of its own)', () => {
    const intact = ['Ledamoten blev vald till ordförande i nämnden.', 'Våld i nära relationer är ett folkhälsoproblem.'];
    expect(repairLines(intact, lexicon).lines).toEqual(intact);
  });

  it('joins words hyphenated at line breaks, but not elided compounds', () => {
    const { lines } = repairLines(
      [
        'arbetet mot heders-',
        'relaterat våld och kultur-',
        'och fritidsnämnden samt för- troendevalda och hetero- som homosexuella; HR- avdelningen.',
      ],
      lexicon,
    );
    expect(lines[0]).toBe('arbetet mot hedersrelaterat');
    expect(lines[1]).toBe('våld och kultur-');
    expect(lines[2]).toBe('och fritidsnämnden samt förtroendevalda och hetero- som homosexuella; HR-avdelningen.');
  });
});

describe('import errors', () => {
  const expectError = async (bytes: Uint8Array, filename: string, code: ImportError['code']) => {
    const error = await importDocument({ bytes, filename, units: [] }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe(code);
    expect((error as ImportError).message.length).toBeGreaterThan(10);
  };

  it('too_large', () => expectError(new Uint8Array(maxImportBytes + 1), 'plan.txt', 'too_large'));
  it('unsupported_format', () => expectError(enc('text'), 'plan.odt', 'unsupported_format'));
  it('empty', async () => {
    await expectError(new Uint8Array(0), 'plan.txt', 'empty');
    await expectError(enc('  \n\n \t\n'), 'plan.md', 'empty');
    await expectError(pdf(''), 'blank.pdf', 'empty');
  });
  it('unreadable', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    await expectError(garbage, 'plan.pdf', 'unreadable');
    await expectError(garbage, 'plan.docx', 'unreadable');
    await expectError(garbage, 'plan.txt', 'unreadable');
    await expectError(enc('%PDF-1.7\nthis is not really a pdf'), 'broken.pdf', 'unreadable');
  });
  it('encrypted', async () => {
    await expectError(new Uint8Array(readFileSync(fixturesDir + 'encrypted.pdf')), 'encrypted.pdf', 'encrypted');
    const cfb = new Uint8Array(2048);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    cfb.set(new Uint8Array(Buffer.from('EncryptedPackage', 'utf16le')), 1024);
    await expectError(cfb, 'locked.docx', 'encrypted');
  });
  it('image_only', () => expectError(pdf('q 100 0 0 100 50 50 cm /Im1 Do Q', true), 'scan.pdf', 'image_only'));
});

/** A minimal one-page PDF with the given content stream and, optionally, a 2×2 grey image. */
function pdf(content: string, withImage = false): Uint8Array {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << ${withImage ? '/XObject << /Im1 5 0 R >>' : ''} >> >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    ...(withImage ? ['<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 4 >>\nstream\n\u0000\u00ff\u00ff\u0000\nendstream'] : []),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}
