// npm run cli -- import <file> --org <code> [--json] [--save]
// Reads a plan document with the importer and prints the structure it found as an outline (or the
// whole result as JSON). With --save it creates a draft plan in the organization: units the document
// names that match none of the organization's units are created first.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { findOrganizationByCode } from '../db/repositories/organizations.js';
import { listUnits } from '../db/repositories/units.js';
import type { UnitKind } from '../domain/vocabulary.js';
import { importDocument } from '../importer/import-document.js';
import { ImportError, type ImportedMeasure, type ImportedNode, type ImportResult, type UnitMatch } from '../importer/types.js';
import { unitNorm } from '../importer/units.js';
import type { MeasureInput, NodeInput } from '../services/content-input.js';
import { createPlan } from '../services/plans.js';
import { createUnit } from '../services/units.js';
import { ensureNationalVocabularies } from '../services/vocabularies.js';
import { systemActor } from '../domain/access.js';

/** The audit trail names the command line as the author of imported drafts. */
const cliActor = systemActor('Fridplan (kommandorad)');

interface Options {
  file: string;
  org: string;
  json: boolean;
  save: boolean;
}

function parseArgs(args: string[]): Options | string {
  let file: string | undefined;
  let org: string | undefined;
  let json = false;
  let save = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') json = true;
    else if (a === '--save') save = true;
    else if (a === '--org') org = args[++i];
    else if (a.startsWith('--org=')) org = a.slice(6);
    else if (a.startsWith('--')) return `Unknown option ${a}.`;
    else if (!file) file = a;
    else return `Unexpected argument ${a}.`;
  }
  if (!file) return 'Give the file to import.';
  if (!org) return 'Give the organization with --org <code> (the municipality code, e.g. 0181).';
  return { file, org, json, save };
}

export async function runImport(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    console.error(`${options}\nUsage: npm run cli -- import <file> --org <code> [--json] [--save]`);
    return 1;
  }
  let bytes: Uint8Array;
  try {
    if (!statSync(options.file).isFile()) throw new Error('not a file');
    bytes = new Uint8Array(readFileSync(options.file));
  } catch {
    console.error(`Cannot read ${options.file}.`);
    return 1;
  }
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const organization = await findOrganizationByCode(database.db, options.org);
    if (!organization) {
      console.error(`No organization with code ${options.org}.`);
      return 1;
    }
    const units = await listUnits(database.db, organization.id);
    let result: ImportResult;
    try {
      result = await importDocument({ bytes, filename: path.basename(options.file), units: units.map((u) => ({ id: u.id, name: u.name, shortName: u.shortName, aliases: u.aliases })) });
    } catch (error) {
      if (error instanceof ImportError) {
        console.error(`${error.message} (${error.code})`);
        return 2;
      }
      throw error;
    }
    if (options.json) console.log(JSON.stringify(result, null, 2));
    else console.log(outline(result, organization.name));
    if (options.save) {
      await ensureNationalVocabularies(database.db);
      const plan = await saveDraft(database.db, organization.id, result);
      const message = `Saved a draft plan "${plan.title}" (${plan.id}).`;
      if (options.json) console.error(message);
      else console.log(`\n${message}`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

const pct = (n: number) => `${Math.round(n * 100)} %`;
const unitLabel = (u: UnitMatch) => (u.unitId ? (u.score < 1 ? `${u.unitName} (≈ "${u.text}", ${pct(u.score)})` : u.unitName!) : `${u.text} [new]`);

export function outline(result: ImportResult, organizationName: string): string {
  const out: string[] = [];
  const m = result.metadata;
  out.push(`${m.title?.value ?? '(no title found)'}  — ${organizationName}, ${result.format.toUpperCase()}, ${result.lines.length} lines, ${result.stats.milliseconds} ms`);
  const meta: [string, string | undefined][] = [
    ['Kind', m.kind?.value],
    ['Valid', m.validFrom || m.validTo ? `${m.validFrom?.value ?? '…'} – ${m.validTo?.value ?? m.validityNote?.value ?? '…'}` : m.validityNote?.value],
    ['Decision', [m.decisionBody?.value, m.decisionDate?.value, m.decisionParagraph?.value].filter(Boolean).join(' ') || undefined],
    ['Dnr', m.registryNumber?.value],
    ['Replaces', m.replacesReference?.value],
    ['Owner', m.ownerUnit ? unitLabel(m.ownerUnit.value) : undefined],
  ];
  for (const [label, value] of meta) if (value) out.push(`  ${label.padEnd(9)} ${value}`);
  out.push('');
  const lines = (s: { from: number; to: number }) => (s.from === s.to ? `L${s.from}` : `L${s.from}–${s.to}`);
  const measureLine = (x: ImportedMeasure, indent: string) => {
    out.push(`${indent}• ${x.code ? `${x.code} ` : ''}${x.text}  [${lines(x.source)}, ${pct(x.confidence)}]`);
    if (x.lead.length) out.push(`${indent}    Ansvar: ${x.lead.map(unitLabel).join(', ')}`);
    if (x.co.length) out.push(`${indent}    Medansvar: ${x.co.map(unitLabel).join(', ')}`);
    const extra = [x.preventionLevels.length ? `nivå: ${x.preventionLevels.join(', ')}` : '', x.scope ? `slag: ${x.scope}` : '', x.examples.length ? `exempel: ${x.examples.length}` : ''].filter(Boolean);
    if (extra.length) out.push(`${indent}    ${extra.join('; ')}`);
  };
  const walk = (nodes: ImportedNode[], depth: number) => {
    for (const n of nodes) {
      const indent = '  '.repeat(depth);
      const head = [n.label, n.number].filter(Boolean).join(' ');
      out.push(`${indent}${n.role === 'goal' ? '■' : n.role === 'strategy' ? '→' : n.role === 'condition' ? '◇' : '○'} ${head ? `${head}: ` : ''}${n.text}  [${n.role}, ${lines(n.source)}, ${pct(n.confidence)}]`);
      walk(n.children, depth + 1);
      for (const x of n.measures) measureLine(x, `${indent}  `);
    }
  };
  walk(result.nodes, 0);
  out.push('');
  out.push(`${result.stats.goals} goal nodes, ${result.stats.measures} measures, ${result.units.length} units (${result.units.filter((u) => u.proposeNew).length} new).`);
  const newUnits = result.units.filter((u) => u.proposeNew);
  if (newUnits.length) out.push(`New units proposed: ${newUnits.map((u) => u.text).join('; ')}`);
  const notes = new Map<string, number>();
  for (const n of result.notes) notes.set(n.code, (notes.get(n.code) ?? 0) + 1);
  if (notes.size) out.push(`Notes: ${[...notes].map(([code, count]) => `${code} × ${count}`).join(', ')}`);
  return out.join('\n');
}

function unitKind(name: string): UnitKind {
  const n = unitNorm(name);
  if (/namnd(en|er|erna)?$|fullmaktige$|styrelse(n|r|rna)?$|utskott(et)?$/.test(n)) return 'board';
  if (/forvaltning(en)?$|kontor(et)?$|avdelning(en)?$|enhet(en)?$|center$|centrum$/.test(n)) return 'administration';
  if (/\bab$|bolag(et)?$|bostader$/.test(n)) return 'company';
  if (/forbund(et)?$/.test(n)) return 'federation';
  if (/rad(et)?$/.test(n)) return 'council';
  if (/^(alla|samtliga|ovriga|andra|berorda|lokala|externa)\b|(er|erna|ar|arna)$/.test(n)) return 'group';
  return 'external';
}

async function saveDraft(db: Parameters<typeof createPlan>[0], organizationId: string, result: ImportResult) {
  // Units the document names that match none of the organization's: created first.
  const created = new Map<string, string>();
  for (const u of result.units) {
    if (!u.proposeNew) continue;
    const unit = await createUnit(db, cliActor, organizationId, { name: u.text, kind: unitKind(u.text) });
    created.set(unitNorm(u.text), unit.id);
  }
  const idOf = (u: UnitMatch) => u.unitId ?? created.get(unitNorm(u.text)) ?? null;
  const ids = (list: UnitMatch[]) => [...new Set(list.map(idOf).filter((id): id is string => id !== null))];
  const measure = (x: ImportedMeasure): MeasureInput => {
    const lead = ids(x.lead);
    return {
      code: x.code,
      text: x.text,
      description: x.description,
      responsibilityText: x.responsibilityText,
      leadUnitIds: lead,
      coUnitIds: ids(x.co).filter((id) => !lead.includes(id)),
      preventionLevels: x.preventionLevels,
      scope: x.scope,
      examples: x.examples,
    };
  };
  const node = (n: ImportedNode): NodeInput => ({
    role: n.role,
    label: n.label,
    number: n.number,
    text: n.text,
    description: n.description,
    preventionLevels: n.preventionLevels,
    children: n.children.map(node),
    measures: n.measures.map(measure),
  });
  const m = result.metadata;
  const owner = m.ownerUnit?.value.unitId ?? null;
  return createPlan(db, cliActor, {
    organizationId,
    title: m.title?.value ?? 'Importerad plan',
    kind: m.kind?.value ?? 'plan',
    validFrom: m.validFrom?.value ?? null,
    validTo: m.validTo?.value ?? null,
    validityNote: m.validityNote?.value ?? null,
    decision: m.decisionBody || m.decisionDate ? { body: m.decisionBody?.value ?? null, date: m.decisionDate?.value ?? null, paragraph: m.decisionParagraph?.value ?? null, registryNumber: m.registryNumber?.value ?? null } : undefined,
    registryNumber: m.registryNumber?.value ?? null,
    replacesReference: m.replacesReference?.value ?? null,
    ownerUnitId: owner,
    nodes: result.nodes.map(node),
  });
}
