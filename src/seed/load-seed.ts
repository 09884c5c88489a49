import type { Db } from '../db/database.js';
import { loadPlanRows } from '../db/repositories/content.js';
import { findOrganizationByCode, insertOrganization } from '../db/repositories/organizations.js';
import { updatePlan } from '../db/repositories/plans.js';
import { insertUnit } from '../db/repositories/units.js';
import { insertVersion } from '../db/repositories/versions.js';
import { insertTerm, upsertFramework } from '../db/repositories/vocabularies.js';
import { systemActor } from '../domain/access.js';
import { buildMeasureSearchText } from '../domain/search-text.js';
import type { NodeInput } from '../services/content-input.js';
import { readPlanContent } from '../services/plan-content.js';
import { createPlan } from '../services/plans.js';
import { inTransaction } from '../services/transaction.js';
import { ensureNationalVocabularies } from '../services/vocabularies.js';
import { loadConsultationSeed } from './load-consultation-seed.js';
import { readAllSeedFiles } from './read-seed-files.js';
import type { SeedFile, SeedNode, SeedPlan } from './seed-file-schema.js';

/** The audit trail names the seed as the author of the demo plans. */
const seedActor = systemActor('Fridplan (demodata)');

export interface SeedSummary {
  organization: string;
  plans: { title: string; measures: number }[];
}

/**
 * Loads the hand-transcribed seed files (seed-data/*.yaml) into the database, all in one transaction.
 * An organization that already exists is left alone, so running it twice changes nothing.
 */
export async function loadSeedData(db: Db, files: SeedFile[] = readAllSeedFiles()): Promise<SeedSummary[]> {
  await ensureNationalVocabularies(db);
  return inTransaction(db, async (tx) => {
    const summaries: SeedSummary[] = [];
    for (const file of files) {
      if (await findOrganizationByCode(tx, file.organization.code)) continue;
      summaries.push(await loadSeedFile(tx, file));
    }
    return summaries;
  });
}

async function loadSeedFile(db: Db, file: SeedFile): Promise<SeedSummary> {
  const org = await insertOrganization(db, file.organization);
  for (const [position, term] of file.terms.entries()) {
    await insertTerm(db, { organizationId: org.id, taxonomy: term.taxonomy, code: term.code, labelSv: term.sv, labelEn: term.en, position: 100 + position });
  }
  for (const fw of file.frameworks) {
    await upsertFramework(
      db,
      { organizationId: org.id, code: fw.code, labelSv: fw.sv, labelEn: fw.en },
      fw.items.map((i) => ({ code: i.code, labelSv: i.sv, labelEn: i.en })),
    );
  }
  const unitIds = new Map<string, string>();
  for (const unit of file.units) {
    const row = await insertUnit(db, {
      organizationId: org.id,
      name: unit.name,
      shortName: unit.shortName ?? null,
      kind: unit.kind,
      aliases: unit.aliases,
      searchText: buildMeasureSearchText([unit.name, unit.shortName, ...unit.aliases]),
    });
    unitIds.set(unit.key, row.id);
  }

  const planIds = new Map<string, string>();
  /** Per plan key: node number → node id, measure code → measure id (for breakdown links). */
  const nodeIdsByNumber = new Map<string, Map<string, string>>();
  const measureIdsByCode = new Map<string, Map<string, string>>();
  const summary: SeedSummary = { organization: org.name, plans: [] };

  for (const plan of orderByDependency(file.plans)) {
    const unit = (key: string) => unitIds.get(key)!;
    const toNode = (node: SeedNode): NodeInput => ({
      role: node.role,
      label: node.label,
      number: node.number,
      text: node.text,
      description: node.description,
      preventionLevels: node.preventionLevels,
      frameworkLinks: node.frameworkLinks,
      sourceNodeId: node.sourceNode ? nodeIdsByNumber.get(node.sourceNode.plan)?.get(node.sourceNode.number) : undefined,
      children: node.children.map(toNode),
      measures: node.measures.map((m) => ({
        code: m.code,
        text: m.text,
        description: m.description,
        responsibilityText: m.responsibilityText,
        leadUnitIds: m.lead.map(unit),
        coUnitIds: m.co.map(unit),
        preventionLevels: m.preventionLevels,
        targetGroups: m.targetGroups,
        violenceForms: m.violenceForms,
        vulnerableGroups: m.vulnerableGroups,
        perspectives: m.perspectives,
        scope: m.scope,
        timeFrame: m.timeFrame,
        examples: m.examples,
        frameworkLinks: m.frameworkLinks,
        parentMeasureId: m.parentMeasure ? measureIdsByCode.get(m.parentMeasure.plan)?.get(m.parentMeasure.code) : undefined,
      })),
    });
    const row = await createPlan(db, seedActor, {
      organizationId: org.id,
      title: plan.title,
      kind: plan.kind,
      validFrom: plan.validFrom,
      validTo: plan.validTo,
      validityNote: plan.validityNote,
      decision: plan.decision,
      registryNumber: plan.registryNumber ?? plan.decision?.registryNumber,
      replacesPlanId: plan.replaces?.plan ? planIds.get(plan.replaces.plan) : undefined,
      replacesReference: plan.replaces?.reference,
      parentPlanId: plan.parentPlan ? planIds.get(plan.parentPlan) : undefined,
      ownerUnitId: plan.ownerUnit ? unit(plan.ownerUnit) : undefined,
      followUpCadence: plan.followUp?.cadence,
      followUpDescription: plan.followUp?.description,
      summary: plan.summary,
      sections: plan.sections,
      ...plan.terms,
      frameworkLinks: plan.frameworkLinks,
      nodes: plan.nodes.map(toNode),
    });
    planIds.set(plan.key, row.id);
    const { nodeRows, measureRows } = await loadPlanRows(db, row.id);
    nodeIdsByNumber.set(plan.key, new Map(nodeRows.filter((n) => n.number).map((n) => [n.number!, n.id])));
    measureIdsByCode.set(plan.key, new Map(measureRows.filter((m) => m.code).map((m) => [m.code!, m.id])));

    // The seed's status is where the real plan stands; the versions its history would have frozen.
    await updatePlan(db, row.id, row.version, { status: plan.status });
    const reason = plan.status === 'draft' ? null : plan.status === 'consultation' ? 'consultation' : 'adoption';
    if (reason) {
      const content = await readPlanContent(db, row.id);
      const label = reason === 'consultation' ? plan.consultation?.title ?? null : plan.decision ? `${plan.decision.body} ${plan.decision.date}` : null;
      const frozen = await insertVersion(db, { organizationId: org.id, planId: row.id, reason, label, status: plan.status, content });
      if (plan.consultation && reason === 'consultation') await loadConsultationSeed(db, seedActor, { organizationId: org.id, planId: row.id, versionId: frozen.id, unitIds }, plan.consultation);
    }
    summary.plans.push({ title: plan.title, measures: measureRows.length });
  }
  return summary;
}

/** Plans that others point at (parent, replaced) are created first. */
function orderByDependency(plans: SeedPlan[]): SeedPlan[] {
  const ordered: SeedPlan[] = [];
  const visit = (plan: SeedPlan, seen: Set<string>) => {
    if (ordered.includes(plan) || seen.has(plan.key)) return;
    seen.add(plan.key);
    for (const key of [plan.parentPlan, plan.replaces?.plan]) {
      const dep = plans.find((p) => p.key === key);
      if (dep) visit(dep, seen);
    }
    ordered.push(plan);
  };
  for (const plan of plans) visit(plan, new Set());
  return ordered;
}
