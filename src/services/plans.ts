import type { Db } from '../db/database.js';
import { readableOrganizations, type Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import { findOrganization } from '../db/repositories/organizations.js';
import * as repo from '../db/repositories/plans.js';
import { findUnit } from '../db/repositories/units.js';
import { isContentEditable } from '../domain/lifecycle.js';
import { buildMeasureSearchText, likePatternsFor } from '../domain/search-text.js';
import type { PlanSection } from '../domain/plan-content.js';
import type { FollowUpCadence, PlanKind, PlanStatus } from '../domain/vocabulary.js';
import { checkContentReferences, contentItems, insertNodeTree, type NodeInput } from './content-input.js';
import { notFound, ProblemList, stateConflict, versionConflict } from './errors.js';
import { presentPlanMetadata, readPlanContent } from './plan-content.js';
import { inTransaction } from './transaction.js';
import { checkFrameworkLinks, checkTerms, loadVocabulary } from './vocabulary-check.js';

export interface PlanMetadataInput {
  title?: string | undefined;
  kind?: PlanKind | undefined;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
  validityNote?: string | null | undefined;
  decision?: { body?: string | null; date?: string | null; paragraph?: string | null; registryNumber?: string | null } | undefined;
  registryNumber?: string | null | undefined;
  replacesPlanId?: string | null | undefined;
  replacesReference?: string | null | undefined;
  parentPlanId?: string | null | undefined;
  ownerUnitId?: string | null | undefined;
  followUpCadence?: FollowUpCadence | undefined;
  followUpDescription?: string | null | undefined;
  summary?: string | null | undefined;
  sections?: PlanSection[] | undefined;
  violenceForms?: string[] | undefined;
  targetGroups?: string[] | undefined;
  vulnerableGroups?: string[] | undefined;
  perspectives?: string[] | undefined;
  frameworkLinks?: string[] | undefined;
}

export interface CreatePlanInput extends PlanMetadataInput {
  organizationId: string;
  title: string;
  kind: PlanKind;
  nodes?: NodeInput[] | undefined;
}

/** Plans the actor may read: all of their own organizations', and published plans of every organization. */
export async function listPlans(
  db: Db,
  actor: Actor,
  filter: { organizationId?: string | undefined; status?: PlanStatus[] | undefined; kind?: PlanKind[] | undefined; parentPlanId?: string | undefined; q?: string | undefined; limit: number; offset: number },
) {
  const { q, ...rest } = filter;
  const { rows, total } = await repo.listPlans(db, { ...rest, likePatterns: q ? likePatternsFor(q) : [], readableOrganizations: readableOrganizations(actor) });
  return {
    total,
    items: rows.map((r) => ({ ...presentPlanMetadata(r.plan), goalCount: r.goalCount, measureCount: r.measureCount, createdAt: r.plan.createdAt, updatedAt: r.plan.updatedAt })),
  };
}

export async function getPlan(db: Db, id: string) {
  const row = await repo.findPlan(db, id);
  if (!row) throw notFound('plan');
  return row;
}

const planSearchText = (p: { title: string; summary?: string | null | undefined; registryNumber?: string | null | undefined; decisionBody?: string | null | undefined }) =>
  buildMeasureSearchText([p.title, p.summary, p.registryNumber, p.decisionBody]);

/** Flattens metadata input into column values; `undefined` leaves a column as it is. */
function metadataValues(input: PlanMetadataInput) {
  const d = input.decision;
  const values: Partial<repo.PlanInsert> = {
    title: input.title,
    kind: input.kind,
    validFrom: input.validFrom,
    validTo: input.validTo,
    validityNote: input.validityNote,
    decisionBody: d?.body,
    decisionDate: d?.date,
    decisionParagraph: d?.paragraph,
    registryNumber: input.registryNumber ?? d?.registryNumber,
    replacesPlanId: input.replacesPlanId,
    replacesReference: input.replacesReference,
    parentPlanId: input.parentPlanId,
    ownerUnitId: input.ownerUnitId,
    followUpCadence: input.followUpCadence,
    followUpDescription: input.followUpDescription,
    summary: input.summary,
    sections: input.sections,
    violenceForms: input.violenceForms,
    targetGroups: input.targetGroups,
    vulnerableGroups: input.vulnerableGroups,
    perspectives: input.perspectives,
    frameworkLinks: input.frameworkLinks,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<repo.PlanInsert>;
}

async function checkMetadata(db: Db, organizationId: string, planId: string | null, input: PlanMetadataInput, problems: ProblemList, current?: repo.PlanRow) {
  const vocabulary = await loadVocabulary(db, organizationId);
  checkTerms(problems, vocabulary, 'body.violenceForms', 'violence_form', input.violenceForms);
  checkTerms(problems, vocabulary, 'body.targetGroups', 'target_group', input.targetGroups);
  checkTerms(problems, vocabulary, 'body.vulnerableGroups', 'vulnerable_group', input.vulnerableGroups);
  checkTerms(problems, vocabulary, 'body.perspectives', 'perspective', input.perspectives);
  checkFrameworkLinks(problems, vocabulary, 'body.frameworkLinks', input.frameworkLinks);
  for (const field of ['replacesPlanId', 'parentPlanId'] as const) {
    const id = input[field];
    if (!id) continue;
    const other = await repo.findPlan(db, id);
    if (!other || other.organizationId !== organizationId) problems.add(`body.${field}`, 'unknown_reference', { value: id });
    else if (id === planId) problems.add(`body.${field}`, 'self_reference');
  }
  if (input.ownerUnitId) {
    const unit = await findUnit(db, input.ownerUnitId);
    if (!unit || unit.organizationId !== organizationId) problems.add('body.ownerUnitId', 'unknown_reference', { value: input.ownerUnitId });
  }
  const validFrom = input.validFrom === undefined ? current?.validFrom : input.validFrom;
  const validTo = input.validTo === undefined ? current?.validTo : input.validTo;
  if (validFrom && validTo && validFrom > validTo) problems.add('body.validTo', 'before_valid_from');
  return vocabulary;
}

/** Creates a draft plan, optionally with its whole goal tree and measures, in one transaction. */
export async function createPlan(db: Db, actor: Actor, input: CreatePlanInput) {
  return inTransaction(db, async (tx) => {
    const plan = await insertNewPlan(tx, input);
    await recordAudit(tx, actor, { organizationId: plan.organizationId, planId: plan.id, entity: 'plan', entityId: plan.id, action: 'create', after: plan });
    return plan;
  });
}

/** The checks and inserts of createPlan, without its audit event: for callers that record their own. */
export async function insertNewPlan(db: Db, input: CreatePlanInput) {
  return inTransaction(db, async (tx) => {
    if (!(await findOrganization(tx, input.organizationId))) {
      const problems = new ProblemList();
      problems.add('body.organizationId', 'unknown_reference', { value: input.organizationId });
      problems.throwIfAny();
    }
    // Everything is checked before anything is written; all problems are reported together.
    const problems = new ProblemList();
    const vocabulary = await checkMetadata(tx, input.organizationId, null, input, problems);
    if (input.nodes?.length) {
      // The new plan has no id yet, so nothing can point at it: any plan reference is to another plan.
      await checkContentReferences(tx, { organizationId: input.organizationId, planId: '' }, vocabulary, problems, contentItems(input.nodes, 'body.nodes'));
    }
    problems.throwIfAny();
    const plan = await repo.insertPlan(tx, {
      ...metadataValues(input),
      organizationId: input.organizationId,
      title: input.title,
      kind: input.kind,
      status: 'draft',
      searchText: planSearchText({ ...input, decisionBody: input.decision?.body }),
    });
    if (input.nodes?.length) await insertNodeTree(tx, { organizationId: input.organizationId, planId: plan.id }, null, input.nodes);
    return plan;
  });
}

export async function updatePlanMetadata(db: Db, actor: Actor, id: string, input: PlanMetadataInput & { version: number }) {
  return inTransaction(db, async (tx) => {
    // Locked, so a concurrent edit waits and then sees (and reports) the version this one made.
    const current = await repo.lockPlan(tx, id);
    if (!current) throw notFound('plan');
    // Title, sections, terms and links are part of what was decided: frozen like the goal tree.
    if (!isContentEditable(current.status as PlanStatus)) throw stateConflict('plan_not_editable', { status: current.status });
    if (current.version !== input.version) throw versionConflict(presentPlanMetadata(current));
    const problems = new ProblemList();
    await checkMetadata(tx, current.organizationId, id, input, problems, current);
    problems.throwIfAny();
    const { version, ...rest } = input;
    const values = metadataValues(rest);
    const merged = { ...current, ...values };
    const updated = await repo.updatePlan(tx, id, version, { ...values, searchText: planSearchText(merged) });
    if (!updated) throw versionConflict(presentPlanMetadata(current));
    await recordAudit(tx, actor, { organizationId: current.organizationId, planId: id, entity: 'plan', entityId: id, action: 'update', before: current, after: updated });
    return updated;
  });
}

/** Only drafts can be deleted: a plan that was sent out or adopted is a public record. */
export async function deletePlan(db: Db, actor: Actor, id: string, version: number) {
  return inTransaction(db, async (tx) => {
    const current = await repo.lockPlan(tx, id);
    if (!current) throw notFound('plan');
    if (current.version !== version) throw versionConflict(presentPlanMetadata(current));
    if (current.status !== 'draft') throw stateConflict('plan_not_deletable', { status: current.status });
    await repo.deletePlan(tx, id, version);
    await recordAudit(tx, actor, { organizationId: current.organizationId, planId: id, entity: 'plan', entityId: id, action: 'delete', before: current });
  });
}

export const getPlanContent = (db: Db, id: string) => readPlanContent(db, id);
