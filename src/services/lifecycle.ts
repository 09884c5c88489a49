import type { Db } from '../db/database.js';
import type { Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import { loadPlanRows } from '../db/repositories/content.js';
import * as plansRepo from '../db/repositories/plans.js';
import { insertVersion } from '../db/repositories/versions.js';
import { allowedTransitions, checkTransition, versionReasonFor } from '../domain/lifecycle.js';
import type { NodeContent } from '../domain/plan-content.js';
import type { PlanStatus } from '../domain/vocabulary.js';
import { insertNodeTree, type NodeInput } from './content-input.js';
import { invalidFields, notFound, stateConflict, versionConflict } from './errors.js';
import { assemblePlanContent, presentPlanMetadata, readPlanContent } from './plan-content.js';
import { inTransaction } from './transaction.js';

export interface TransitionInput {
  to: PlanStatus;
  version: number;
  decision?: { body?: string | null; date?: string | null; paragraph?: string | null; registryNumber?: string | null } | undefined;
  /** A name for the frozen version ("Remissversion mars 2022"). */
  label?: string | null | undefined;
}

/**
 * Moves a plan along its lifecycle. Sending out and adopting freeze a version of the content in the
 * same transaction; adopting a plan that replaces another marks the other replaced.
 */
export async function transitionPlan(db: Db, actor: Actor, id: string, input: TransitionInput) {
  return inTransaction(db, async (tx) => {
    const current = await plansRepo.lockPlan(tx, id);
    if (!current) throw notFound('plan');
    if (current.version !== input.version) throw versionConflict(presentPlanMetadata(current));
    const from = current.status as PlanStatus;
    const decision = {
      body: input.decision?.body ?? current.decisionBody,
      date: input.decision?.date ?? current.decisionDate,
      paragraph: input.decision?.paragraph ?? current.decisionParagraph,
      registryNumber: input.decision?.registryNumber ?? current.registryNumber,
    };
    const problems = checkTransition(from, input.to, decision);
    if (problems.some((p) => p.code === 'transition_not_allowed')) {
      throw stateConflict('transition_not_allowed', { from, to: input.to, allowed: allowedTransitions(from).join(', ') });
    }
    if (problems.length > 0) throw invalidFields(problems.map((p) => ({ path: `body.${p.field}`, code: p.code })));

    const values: Partial<plansRepo.PlanInsert> = { status: input.to };
    if (input.to === 'adopted') {
      Object.assign(values, {
        decisionBody: decision.body,
        decisionDate: decision.date,
        decisionParagraph: decision.paragraph,
        registryNumber: decision.registryNumber,
      });
    }
    const updated = await plansRepo.updatePlan(tx, id, input.version, values);
    if (!updated) throw versionConflict(presentPlanMetadata(current));

    const reason = versionReasonFor(input.to);
    if (reason) {
      const content = await readPlanContent(tx, id);
      await insertVersion(tx, { organizationId: updated.organizationId, planId: id, reason, label: input.label ?? null, status: input.to, content });
    }
    if (input.to === 'adopted' && updated.replacesPlanId) {
      const replaced = await plansRepo.lockPlan(tx, updated.replacesPlanId);
      if (replaced && (replaced.status === 'adopted' || replaced.status === 'in_force')) {
        await plansRepo.updatePlan(tx, replaced.id, replaced.version, { status: 'replaced' });
      }
    }
    await recordAudit(tx, actor, { organizationId: current.organizationId, planId: id, entity: 'plan', entityId: id, action: 'transition', before: current, after: updated });
    return updated;
  });
}

function toNodeInput(node: NodeContent): NodeInput {
  return {
    role: node.role,
    label: node.label,
    number: node.number,
    text: node.text,
    description: node.description,
    preventionLevels: node.preventionLevels,
    frameworkLinks: node.frameworkLinks,
    sourceNodeId: node.sourceNodeId,
    children: node.children.map(toNodeInput),
    measures: node.measures.map((m) => ({ ...m })),
  };
}

/**
 * Starts a new version of an adopted plan: a draft copy of its content that replaces it once the new
 * draft is adopted. The adopted plan itself stays unchanged, as the record of what was decided.
 */
export async function revisePlan(db: Db, actor: Actor, id: string, input: { title?: string | undefined }) {
  return inTransaction(db, async (tx) => {
    const current = await plansRepo.lockPlan(tx, id);
    if (!current) throw notFound('plan');
    if (!['adopted', 'in_force', 'expired'].includes(current.status)) throw stateConflict('plan_not_revisable', { status: current.status });
    const { nodeRows, measureRows, links } = await loadPlanRows(tx, id);
    const content = assemblePlanContent(current, nodeRows, measureRows, links);
    const { id: _id, createdAt: _c, updatedAt: _u, version: _v, ...copy } = current;
    const draft = await plansRepo.insertPlan(tx, {
      ...copy,
      title: input.title ?? current.title,
      status: 'draft',
      decisionBody: null,
      decisionDate: null,
      decisionParagraph: null,
      registryNumber: null,
      replacesPlanId: current.id,
      replacesReference: null,
    });
    await insertNodeTree(tx, { organizationId: current.organizationId, planId: draft.id }, null, content.nodes.map(toNodeInput));
    await recordAudit(tx, actor, { organizationId: current.organizationId, planId: draft.id, entity: 'plan', entityId: draft.id, action: 'revise', before: null, after: draft });
    return draft;
  });
}
