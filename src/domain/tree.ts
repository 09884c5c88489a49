import type { MeasureContent, NodeContent } from './plan-content.js';

/**
 * A plan's goal tree: walking it in document order, finding nodes, and planning moves of nodes
 * and measures as the new positions the persistence layer writes.
 */

/** Siblings in the order the plan shows them. Stable, so equal positions keep their given order. */
export function inDocumentOrder<T extends { position: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.position - b.position);
}

export interface FlatNode {
  node: NodeContent;
  /** 0 for a top-level node. */
  depth: number;
}

/** Every node, depth-first in document order: a goal, then everything under it, then the next goal. */
export function flattenNodes(nodes: readonly NodeContent[]): FlatNode[] {
  const flat: FlatNode[] = [];
  const visit = (siblings: readonly NodeContent[], depth: number): void => {
    for (const node of inDocumentOrder(siblings)) {
      flat.push({ node, depth });
      visit(node.children, depth + 1);
    }
  };
  visit(nodes, 0);
  return flat;
}

/** Every measure of the plan in document order, with the node it sits under. */
export function flattenMeasures(nodes: readonly NodeContent[]): { measure: MeasureContent; node: NodeContent }[] {
  return flattenNodes(nodes).flatMap(({ node }) => inDocumentOrder(node.measures).map((measure) => ({ measure, node })));
}

export function findNode(nodes: readonly NodeContent[], nodeId: string): NodeContent | undefined {
  for (const node of nodes) {
    if (node.id === nodeId) return node;
    const found = findNode(node.children, nodeId);
    if (found) return found;
  }
  return undefined;
}

export function findMeasure(
  nodes: readonly NodeContent[],
  measureId: string,
): { measure: MeasureContent; node: NodeContent } | undefined {
  for (const node of nodes) {
    const measure = node.measures.find((m) => m.id === measureId);
    if (measure) return { measure, node };
    const found = findMeasure(node.children, measureId);
    if (found) return found;
  }
  return undefined;
}

/** The nodes above a node, top-level first, without the node itself; empty for a top-level or unknown node. */
export function ancestorsOf(nodes: readonly NodeContent[], nodeId: string): NodeContent[] {
  const path = pathTo(nodes, nodeId);
  return path ? path.slice(0, -1) : [];
}

function pathTo(nodes: readonly NodeContent[], nodeId: string): NodeContent[] | undefined {
  for (const node of nodes) {
    if (node.id === nodeId) return [node];
    const below = pathTo(node.children, nodeId);
    if (below) return [node, ...below];
  }
  return undefined;
}

/** Whether candidate is the ancestor node itself or lies anywhere under it. */
export function isSameOrDescendant(nodes: readonly NodeContent[], ancestorId: string, candidateId: string): boolean {
  const path = pathTo(nodes, candidateId);
  return path !== undefined && path.some((node) => node.id === ancestorId);
}

/**
 * The sibling ids after moving one item to `toPosition` (its 0-based index in the result). The
 * item may come from this list (a reorder) or from elsewhere (a move in); the position is clamped,
 * so a large number means "last".
 */
export function reorderedIds(siblingIds: readonly string[], movedId: string, toPosition: number): string[] {
  const others = siblingIds.filter((id) => id !== movedId);
  const index = Number.isNaN(toPosition) ? others.length : Math.min(Math.max(Math.trunc(toPosition), 0), others.length);
  return [...others.slice(0, index), movedId, ...others.slice(index)];
}

export interface NodePosition {
  id: string;
  parentId: string | null;
  position: number;
}

export interface MeasurePosition {
  id: string;
  nodeId: string;
  position: number;
}

export type MoveRefusal = 'cycle' | 'not_found' | 'parent_not_found';

export type MoveResult<P> = { ok: true; positions: P[] } | { ok: false; reason: MoveRefusal };

/**
 * Plans moving a node under a new parent (null: top level) at a position among its new siblings.
 * Returns the parent and position of every node that changes, with both the old and the new
 * sibling list renumbered 0..n-1. A node cannot move under itself or its descendants.
 */
export function planMoveNode(
  nodes: readonly NodeContent[],
  nodeId: string,
  newParentId: string | null,
  position: number,
): MoveResult<NodePosition> {
  if (!findNode(nodes, nodeId)) return { ok: false, reason: 'not_found' };
  const newParent = newParentId === null ? undefined : findNode(nodes, newParentId);
  if (newParentId !== null && !newParent) return { ok: false, reason: 'parent_not_found' };
  if (newParentId !== null && isSameOrDescendant(nodes, nodeId, newParentId)) return { ok: false, reason: 'cycle' };

  const oldParentId = ancestorsOf(nodes, nodeId).at(-1)?.id ?? null;
  const siblingsUnder = (parentId: string | null): readonly NodeContent[] =>
    parentId === null ? nodes : (findNode(nodes, parentId)?.children ?? []);

  const changes: NodePosition[] = [];
  const renumber = (parentId: string | null, orderedIds: readonly string[]): void => {
    const current = new Map(siblingsUnder(parentId).map((node) => [node.id, node.position]));
    orderedIds.forEach((id, index) => {
      const movedHere = id === nodeId && parentId !== oldParentId;
      if (movedHere || current.get(id) !== index) changes.push({ id, parentId, position: index });
    });
  };

  const newSiblingIds = inDocumentOrder(siblingsUnder(newParentId)).map((node) => node.id);
  if (oldParentId !== newParentId) {
    const oldSiblingIds = inDocumentOrder(siblingsUnder(oldParentId))
      .map((node) => node.id)
      .filter((id) => id !== nodeId);
    renumber(oldParentId, oldSiblingIds);
  }
  renumber(newParentId, reorderedIds(newSiblingIds, nodeId, position));
  return { ok: true, positions: changes };
}

/**
 * Plans moving a measure to a node (its own or another) at a position among that node's measures,
 * renumbering the old and the new node's measures. Measures have no children, so no cycle is possible.
 */
export function planMoveMeasure(
  nodes: readonly NodeContent[],
  measureId: string,
  targetNodeId: string,
  position: number,
): MoveResult<MeasurePosition> {
  const found = findMeasure(nodes, measureId);
  if (!found) return { ok: false, reason: 'not_found' };
  const target = findNode(nodes, targetNodeId);
  if (!target) return { ok: false, reason: 'parent_not_found' };

  const source = found.node;
  const changes: MeasurePosition[] = [];
  const renumber = (node: NodeContent, orderedIds: readonly string[]): void => {
    const current = new Map(node.measures.map((measure) => [measure.id, measure.position]));
    orderedIds.forEach((id, index) => {
      const movedHere = id === measureId && node.id !== source.id;
      if (movedHere || current.get(id) !== index) changes.push({ id, nodeId: node.id, position: index });
    });
  };

  if (source.id !== target.id) {
    renumber(
      source,
      inDocumentOrder(source.measures)
        .map((measure) => measure.id)
        .filter((id) => id !== measureId),
    );
  }
  const targetIds = inDocumentOrder(target.measures).map((measure) => measure.id);
  renumber(target, reorderedIds(targetIds, measureId, position));
  return { ok: true, positions: changes };
}
