import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parse } from 'yaml';
import { nationalTaxonomies } from '../domain/national-taxonomies.js';
import { nationalFrameworks } from '../domain/national-frameworks.js';
import { taxonomyKinds, type TaxonomyKind } from '../domain/vocabulary.js';
import { seedFileSchema, type SeedFile, type SeedNode } from './seed-file-schema.js';

export const seedDataDir = fileURLToPath(new URL('../../seed-data/', import.meta.url));

/** Reads and validates one seed file; every reference inside it must resolve. */
export function readSeedFile(file: string): SeedFile {
  const raw = parse(readFileSync(file, 'utf8'), { prettyErrors: true }) as unknown;
  const parsed = seedFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Seed file ${path.basename(file)} is invalid:\n${issues}`);
  }
  const problems = checkReferences(parsed.data);
  if (problems.length > 0) {
    throw new Error(`Seed file ${path.basename(file)} has unresolved references:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return parsed.data;
}

export function readAllSeedFiles(dir = seedDataDir): SeedFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readSeedFile(path.join(dir, f)));
}

export function* walkSeedNodes(nodes: SeedNode[]): Generator<SeedNode> {
  for (const node of nodes) {
    yield node;
    yield* walkSeedNodes(node.children);
  }
}

function checkReferences(file: SeedFile): string[] {
  const problems: string[] = [];
  const unitKeys = new Set<string>();
  for (const unit of file.units) {
    if (unitKeys.has(unit.key)) problems.push(`unit key "${unit.key}" is used twice`);
    unitKeys.add(unit.key);
  }
  const planKeys = new Set(file.plans.map((p) => p.key));
  const termCodes = new Map<TaxonomyKind, Set<string>>(
    taxonomyKinds.map((k) => [k, new Set(nationalTaxonomies[k].map((t) => t.code))]),
  );
  for (const term of file.terms) termCodes.get(term.taxonomy)!.add(term.code);
  const frameworkItems = new Set<string>();
  for (const fw of [...nationalFrameworks, ...file.frameworks]) {
    for (const item of fw.items) frameworkItems.add(`${fw.code}:${item.code}`);
  }
  const checkTerms = (where: string, kind: TaxonomyKind, list: string[]) => {
    for (const code of list) if (!termCodes.get(kind)!.has(code)) problems.push(`${where}: unknown ${kind} "${code}"`);
  };
  const checkFrameworks = (where: string, list: string[]) => {
    for (const ref of list) if (!frameworkItems.has(ref)) problems.push(`${where}: unknown framework item "${ref}"`);
  };
  for (const plan of file.plans) {
    if (plan.ownerUnit && !unitKeys.has(plan.ownerUnit)) problems.push(`plan ${plan.key}: unknown owner unit "${plan.ownerUnit}"`);
    if (plan.parentPlan && !planKeys.has(plan.parentPlan)) problems.push(`plan ${plan.key}: unknown parent plan "${plan.parentPlan}"`);
    if (plan.replaces?.plan && !planKeys.has(plan.replaces.plan)) problems.push(`plan ${plan.key}: unknown replaced plan "${plan.replaces.plan}"`);
    checkTerms(`plan ${plan.key}`, 'violence_form', plan.terms.violenceForms);
    checkTerms(`plan ${plan.key}`, 'target_group', plan.terms.targetGroups);
    checkTerms(`plan ${plan.key}`, 'vulnerable_group', plan.terms.vulnerableGroups);
    checkTerms(`plan ${plan.key}`, 'perspective', plan.terms.perspectives);
    checkFrameworks(`plan ${plan.key}`, plan.frameworkLinks);
    for (const recipient of plan.consultation?.recipients ?? []) {
      if (recipient.unit && !unitKeys.has(recipient.unit)) problems.push(`plan ${plan.key} consultation: unknown unit "${recipient.unit}"`);
    }
    for (const node of walkSeedNodes(plan.nodes)) {
      const where = `plan ${plan.key} node ${node.number ?? node.text.slice(0, 30)}`;
      checkTerms(where, 'prevention_level', node.preventionLevels);
      checkFrameworks(where, node.frameworkLinks);
      if (node.sourceNode && !planKeys.has(node.sourceNode.plan)) problems.push(`${where}: unknown source plan "${node.sourceNode.plan}"`);
      for (const m of node.measures) {
        const mw = `${where} measure ${m.code ?? m.text.slice(0, 30)}`;
        for (const u of [...m.lead, ...m.co]) if (!unitKeys.has(u)) problems.push(`${mw}: unknown unit "${u}"`);
        checkTerms(mw, 'prevention_level', m.preventionLevels);
        checkTerms(mw, 'violence_form', m.violenceForms);
        checkTerms(mw, 'target_group', m.targetGroups);
        checkTerms(mw, 'vulnerable_group', m.vulnerableGroups);
        checkTerms(mw, 'perspective', m.perspectives);
        checkFrameworks(mw, m.frameworkLinks);
        if (m.parentMeasure && !planKeys.has(m.parentMeasure.plan)) problems.push(`${mw}: unknown parent plan "${m.parentMeasure.plan}"`);
      }
    }
  }
  return problems;
}
