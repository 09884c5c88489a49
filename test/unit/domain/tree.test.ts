import { describe, expect, it } from 'vitest';
import {
  ancestorsOf,
  findMeasure,
  findNode,
  flattenMeasures,
  flattenNodes,
  isSameOrDescendant,
  planMoveMeasure,
  planMoveNode,
  reorderedIds,
} from '../../../src/domain/tree.js';
import { measure, node, planContent } from './fixtures.js';

/**
 *   a            (measures a1, a2, a3)
 *     a-x
 *       a-x-1
 *     a-y
 *   b            (measure b1)
 *   c
 */
const { nodes } = planContent([
  node('a', {
    measures: [measure('a1'), measure('a2'), measure('a3')],
    children: [node('a-x', { role: 'strategy', children: [node('a-x-1', { role: 'condition' })] }), node('a-y')],
  }),
  node('b', { measures: [measure('b1')] }),
  node('c'),
]);

describe('walking the tree', () => {
  it('flattens depth-first in document order with depths', () => {
    expect(flattenNodes(nodes).map(({ node: n, depth }) => `${n.id}@${depth}`)).toEqual([
      'a@0',
      'a-x@1',
      'a-x-1@2',
      'a-y@1',
      'b@0',
      'c@0',
    ]);
  });

  it('follows positions rather than array order', () => {
    const shuffled = planContent([node('second', { position: 1 }), node('first', { position: 0 })]).nodes;
    expect(flattenNodes(shuffled).map(({ node: n }) => n.id)).toEqual(['first', 'second']);
  });

  it('lists measures in document order with their node', () => {
    expect(flattenMeasures(nodes).map(({ measure: m, node: n }) => `${n.id}/${m.id}`)).toEqual(['a/a1', 'a/a2', 'a/a3', 'b/b1']);
  });

  it('finds nodes and measures at any depth', () => {
    expect(findNode(nodes, 'a-x-1')?.role).toBe('condition');
    expect(findNode(nodes, 'nope')).toBeUndefined();
    expect(findMeasure(nodes, 'b1')?.node.id).toBe('b');
    expect(findMeasure(nodes, 'nope')).toBeUndefined();
  });

  it('lists ancestors top-down without the node itself', () => {
    expect(ancestorsOf(nodes, 'a-x-1').map((n) => n.id)).toEqual(['a', 'a-x']);
    expect(ancestorsOf(nodes, 'b')).toEqual([]);
    expect(ancestorsOf(nodes, 'nope')).toEqual([]);
  });

  it('tells whether a node is the same as or under another', () => {
    expect(isSameOrDescendant(nodes, 'a', 'a')).toBe(true);
    expect(isSameOrDescendant(nodes, 'a', 'a-x-1')).toBe(true);
    expect(isSameOrDescendant(nodes, 'a-x', 'a-y')).toBe(false);
    expect(isSameOrDescendant(nodes, 'a-x-1', 'a')).toBe(false);
    expect(isSameOrDescendant(nodes, 'a', 'nope')).toBe(false);
  });
});

describe('reorderedIds', () => {
  it('moves within a list', () => {
    expect(reorderedIds(['a', 'b', 'c', 'd'], 'a', 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(reorderedIds(['a', 'b', 'c', 'd'], 'd', 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(reorderedIds(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'b', 'c']);
  });

  it('moves into a list from elsewhere', () => {
    expect(reorderedIds(['a', 'b'], 'x', 1)).toEqual(['a', 'x', 'b']);
    expect(reorderedIds([], 'x', 0)).toEqual(['x']);
  });

  it('clamps the position to the list', () => {
    expect(reorderedIds(['a', 'b', 'c'], 'a', 99)).toEqual(['b', 'c', 'a']);
    expect(reorderedIds(['a', 'b'], 'x', -5)).toEqual(['x', 'a', 'b']);
    expect(reorderedIds(['a', 'b'], 'x', Number.NaN)).toEqual(['a', 'b', 'x']);
  });
});

describe('planMoveNode', () => {
  it('reorders within the same parent, reporting only nodes whose position changes', () => {
    expect(planMoveNode(nodes, 'c', null, 0)).toEqual({
      ok: true,
      positions: [
        { id: 'c', parentId: null, position: 0 },
        { id: 'a', parentId: null, position: 1 },
        { id: 'b', parentId: null, position: 2 },
      ],
    });
    expect(planMoveNode(nodes, 'a-y', 'a', 0)).toEqual({
      ok: true,
      positions: [
        { id: 'a-y', parentId: 'a', position: 0 },
        { id: 'a-x', parentId: 'a', position: 1 },
      ],
    });
  });

  it('moves to another parent, renumbering the old and the new siblings', () => {
    expect(planMoveNode(nodes, 'a', 'c', 0)).toEqual({
      ok: true,
      positions: [
        { id: 'b', parentId: null, position: 0 },
        { id: 'c', parentId: null, position: 1 },
        { id: 'a', parentId: 'c', position: 0 },
      ],
    });
  });

  it('moves to the end when the position is past it', () => {
    expect(planMoveNode(nodes, 'a-x', null, 100)).toEqual({
      ok: true,
      positions: [
        { id: 'a-y', parentId: 'a', position: 0 },
        { id: 'a-x', parentId: null, position: 3 },
      ],
    });
  });

  it('moves a nested node to the top level at the front', () => {
    const result = planMoveNode(nodes, 'a-x-1', null, 0);
    expect(result).toEqual({
      ok: true,
      positions: [
        { id: 'a-x-1', parentId: null, position: 0 },
        { id: 'a', parentId: null, position: 1 },
        { id: 'b', parentId: null, position: 2 },
        { id: 'c', parentId: null, position: 3 },
      ],
    });
  });

  it('reports nothing when the node stays where it is', () => {
    expect(planMoveNode(nodes, 'b', null, 1)).toEqual({ ok: true, positions: [] });
  });

  it('renumbers gaps left by earlier deletions', () => {
    const gappy = planContent([node('p', { position: 0 }), node('q', { position: 4 }), node('r', { position: 9 })]).nodes;
    expect(planMoveNode(gappy, 'r', null, 0)).toEqual({
      ok: true,
      positions: [
        { id: 'r', parentId: null, position: 0 },
        { id: 'p', parentId: null, position: 1 },
        { id: 'q', parentId: null, position: 2 },
      ],
    });
  });

  it('refuses to move a node under itself or its descendants', () => {
    expect(planMoveNode(nodes, 'a', 'a', 0)).toEqual({ ok: false, reason: 'cycle' });
    expect(planMoveNode(nodes, 'a', 'a-x-1', 0)).toEqual({ ok: false, reason: 'cycle' });
  });

  it('refuses unknown nodes and parents', () => {
    expect(planMoveNode(nodes, 'nope', null, 0)).toEqual({ ok: false, reason: 'not_found' });
    expect(planMoveNode(nodes, 'a', 'nope', 0)).toEqual({ ok: false, reason: 'parent_not_found' });
  });
});

describe('planMoveMeasure', () => {
  it('reorders within a node', () => {
    expect(planMoveMeasure(nodes, 'a3', 'a', 0)).toEqual({
      ok: true,
      positions: [
        { id: 'a3', nodeId: 'a', position: 0 },
        { id: 'a1', nodeId: 'a', position: 1 },
        { id: 'a2', nodeId: 'a', position: 2 },
      ],
    });
  });

  it('moves to another node, renumbering both', () => {
    expect(planMoveMeasure(nodes, 'a1', 'b', 0)).toEqual({
      ok: true,
      positions: [
        { id: 'a2', nodeId: 'a', position: 0 },
        { id: 'a3', nodeId: 'a', position: 1 },
        { id: 'a1', nodeId: 'b', position: 0 },
        { id: 'b1', nodeId: 'b', position: 1 },
      ],
    });
  });

  it('moves to the end of a node and into a node without measures', () => {
    expect(planMoveMeasure(nodes, 'a3', 'b', 50)).toEqual({ ok: true, positions: [{ id: 'a3', nodeId: 'b', position: 1 }] });
    expect(planMoveMeasure(nodes, 'b1', 'c', 0)).toEqual({ ok: true, positions: [{ id: 'b1', nodeId: 'c', position: 0 }] });
  });

  it('refuses unknown measures and nodes', () => {
    expect(planMoveMeasure(nodes, 'nope', 'a', 0)).toEqual({ ok: false, reason: 'not_found' });
    expect(planMoveMeasure(nodes, 'a1', 'nope', 0)).toEqual({ ok: false, reason: 'parent_not_found' });
  });
});
