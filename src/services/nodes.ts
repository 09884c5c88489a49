import type { Db } from '../db/database.js';
import type { Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import * as repo from '../db/repositories/content.js';
import { planMoveNode } from '../domain/tree.js';
import type { NodeRole } from '../domain/vocabulary.js';
import { checkContentReferences, contentItems, insertNodeTree, type NodeInput } from './content-input.js';
import { AppError, notFound, ProblemList, versionConflict } from './errors.js';
import { lockEditablePlan } from './plan-guard.js';
import { readPlanContent } from './plan-content.js';
import { inTransaction } from './transaction.js';
import { loadVocabulary } from './vocabulary-check.js';

export async function createNode(db: Db, actor: Actor, planId: string, input: NodeInput & { parentId?: string | null | undefined; position?: number | undefined }) {
  return inTransaction(db, async (tx) => {
    const plan = await lockEditablePlan(tx, planId);
    const scope = { organizationId: plan.organizationId, planId };
    const problems = new ProblemList();
    const parentId = input.parentId ?? null;
    if (parentId) {
      const parent = await repo.findNode(tx, parentId);
      if (!parent || parent.planId !== planId) problems.add('body.parentId', 'unknown_reference', { value: parentId });
    }
    const { parentId: _p, position, ...node } = input;
    const vocabulary = await loadVocabulary(tx, plan.organizationId);
    await checkContentReferences(tx, scope, vocabulary, problems, contentItems([node], 'body').map((i) => ({ ...i, path: i.path.replace(/^body\.0/, 'body') })));
    problems.throwIfAny();
    const siblings = await repo.listSiblingNodes(tx, planId, parentId);
    const at = Math.min(position ?? siblings.length, siblings.length);
    // Make room, then insert at the requested place.
    await repo.setNodePositions(tx, siblings.slice(at).map((s, i) => ({ id: s.id, parentId, position: at + i + 1 })));
    const [id] = await insertNodeTree(tx, scope, parentId, [node], at);
    const created = (await repo.findNode(tx, id!))!;
    await recordAudit(tx, actor, { organizationId: plan.organizationId, planId, entity: 'node', entityId: created.id, action: 'create', after: created });
    return created;
  });
}

/**
 * Locks the node's plan for a content edit, then reads the node: read after the lock, it is the
 * latest committed state, so a concurrent edit that got there first is seen (and its version reported).
 */
async function lockNodeForEdit(tx: Db, id: string) {
  const found = await repo.findNode(tx, id);
  if (!found) throw notFound('node');
  const plan = await lockEditablePlan(tx, found.planId);
  const current = await repo.findNode(tx, id);
  if (!current) throw notFound('node');
  return { plan, current };
}

export interface NodeUpdate {
  version: number;
  role?: NodeRole | undefined;
  label?: string | null | undefined;
  number?: string | null | undefined;
  text?: string | undefined;
  description?: string | null | undefined;
  preventionLevels?: string[] | undefined;
  frameworkLinks?: string[] | undefined;
  sourceNodeId?: string | null | undefined;
}

export async function updateNode(db: Db, actor: Actor, id: string, input: NodeUpdate) {
  return inTransaction(db, async (tx) => {
    const { plan, current } = await lockNodeForEdit(tx, id);
    if (current.version !== input.version) throw versionConflict(current);
    const problems = new ProblemList();
    const { version, ...values } = input;
    await checkContentReferences(tx, { organizationId: plan.organizationId, planId: plan.id }, await loadVocabulary(tx, plan.organizationId), problems, [
      { path: 'body', node: values as Partial<NodeInput> },
    ]);
    problems.throwIfAny();
    const updated = await repo.updateNode(tx, id, version, values);
    if (!updated) throw versionConflict(current);
    await recordAudit(tx, actor, { organizationId: plan.organizationId, planId: plan.id, entity: 'node', entityId: id, action: 'update', before: current, after: updated });
    return updated;
  });
}

/** Deletes a node with everything under it (its children and their measures). */
export async function deleteNode(db: Db, actor: Actor, id: string, version: number) {
  return inTransaction(db, async (tx) => {
    const { current } = await lockNodeForEdit(tx, id);
    if (current.version !== version) throw versionConflict(current);
    await repo.deleteNode(tx, id, version);
    await recordAudit(tx, actor, { organizationId: current.organizationId, planId: current.planId, entity: 'node', entityId: id, action: 'delete', before: current });
    const siblings = await repo.listSiblingNodes(tx, current.planId, current.parentId);
    await repo.setNodePositions(tx, siblings.map((s, i) => ({ id: s.id, parentId: current.parentId, position: i })));
  });
}

export async function moveNode(db: Db, actor: Actor, id: string, input: { version: number; parentId: string | null; position: number }) {
  return inTransaction(db, async (tx) => {
    const { current } = await lockNodeForEdit(tx, id);
    if (current.version !== input.version) throw versionConflict(current);
    const content = await readPlanContent(tx, current.planId);
    const plan = planMoveNode(content.nodes, id, input.parentId, input.position);
    if (!plan.ok) {
      if (plan.reason === 'cycle') throw new AppError(400, 'validation_failed', { fields: [{ path: 'body.parentId', code: 'move_into_itself' }] });
      throw new AppError(400, 'validation_failed', { fields: [{ path: 'body.parentId', code: 'unknown_reference', params: { value: input.parentId ?? '' } }] });
    }
    await repo.setNodePositions(tx, plan.positions);
    // The moved node itself counts as edited: its version moves on so a stale client notices.
    const updated = await repo.updateNode(tx, id, input.version, {});
    if (!updated) throw versionConflict(current);
    await recordAudit(tx, actor, {
      organizationId: current.organizationId,
      planId: current.planId,
      entity: 'node',
      entityId: id,
      action: 'move',
      before: { parentId: current.parentId, position: current.position },
      after: { parentId: input.parentId, position: input.position },
    });
    return updated;
  });
}
