import type { NodeContent } from './plan-content.js';
import { flattenNodes, inDocumentOrder } from './tree.js';

/**
 * Plans number goals and measures as the document writes them ("1:3", "3.1.2") or not at all
 * (Kalmar's measures carry no codes). The written number always wins; where there is none we derive
 * one from the position, so every goal and measure can be referred to in lists, comments and reports.
 */

/**
 * The number to show for every node and measure, keyed by id: the written number or code if there
 * is one; otherwise a node gets its 1-based place under its parent ("2", "2.3") and a measure gets
 * "<node number>.<1-based place among the node's measures>". A derived number never repeats a
 * number already shown in the plan: it moves on to the next free place instead. Nodes are numbered
 * before measures, so under a goal with both sub-goals and measures the sub-goals keep 1.1, 1.2 …
 */
export function displayNumbers(nodes: readonly NodeContent[]): Map<string, string> {
  const shown = new Map<string, string>();
  const taken = new Set<string>(writtenNumbers(nodes));

  const freeNumber = (prefix: string, place: number): string => {
    let candidate = `${prefix}${place}`;
    while (taken.has(candidate)) candidate = `${prefix}${++place}`;
    return candidate;
  };

  // Nodes first, so a goal's number never depends on how many measures there are above it.
  const numberNodes = (siblings: readonly NodeContent[], parentNumber: string | null): void => {
    inDocumentOrder(siblings).forEach((node, index) => {
      const nodeNumber = written(node.number) ?? freeNumber(parentNumber === null ? '' : `${parentNumber}.`, index + 1);
      taken.add(nodeNumber);
      shown.set(node.id, nodeNumber);
      numberNodes(node.children, nodeNumber);
    });
  };
  numberNodes(nodes, null);

  for (const { node } of flattenNodes(nodes)) {
    const nodeNumber = shown.get(node.id)!;
    inDocumentOrder(node.measures).forEach((measure, index) => {
      const code = written(measure.code) ?? freeNumber(`${nodeNumber}.`, index + 1);
      taken.add(code);
      shown.set(measure.id, code);
    });
  }
  return shown;
}

function written(number: string | null): string | null {
  const trimmed = number?.trim() ?? '';
  return trimmed.length > 0 ? trimmed : null;
}

function writtenNumbers(nodes: readonly NodeContent[]): string[] {
  return nodes.flatMap((node) => [
    ...[node.number, ...node.measures.map((measure) => measure.code)].flatMap((n) => written(n) ?? []),
    ...writtenNumbers(node.children),
  ]);
}

/** A code split into runs of digits (compared as numbers) and runs of everything else. */
function codeParts(code: string): string[] {
  return code.trim().match(/\d+|\D+/g) ?? [];
}

/**
 * Natural order of codes as written: "1:2" < "1:10", "3.1.2" < "3.1.10", "2" < "10", "3.1" < "3.1.1";
 * codes missing (null or blank) sort last. Usable directly as an Array.prototype.sort comparator.
 */
export function compareCodes(a: string | null | undefined, b: string | null | undefined): number {
  const left = written(a ?? null);
  const right = written(b ?? null);
  if (left === null || right === null) return left === right ? 0 : left === null ? 1 : -1;

  const leftParts = codeParts(left);
  const rightParts = codeParts(right);
  for (let i = 0; i < Math.min(leftParts.length, rightParts.length); i++) {
    const l = leftParts[i]!;
    const r = rightParts[i]!;
    const bothNumbers = /^\d/.test(l) && /^\d/.test(r);
    const order = bothNumbers ? Number(l) - Number(r) : l.localeCompare(r, 'sv');
    if (order !== 0) return Math.sign(order);
  }
  if (leftParts.length !== rightParts.length) return leftParts.length - rightParts.length < 0 ? -1 : 1;
  // "01" and "1" are the same number; keep a stable, total order anyway.
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * A code for a new measure in the style of its siblings: the highest sibling code with its last
 * number raised by one ("1:4" → "1:5", "3.1.2" → "3.1.3", "A9" → "A10", "09" → "10"). Gaps are not
 * filled — a missing "1:7" usually means a measure was removed, and follow-up history still refers
 * to it. Null when no sibling has a code with a number in it.
 */
export function nextMeasureCode(existingCodes: readonly (string | null | undefined)[]): string | null {
  const numbered = existingCodes.flatMap((code) => {
    const trimmed = written(code ?? null);
    return trimmed !== null && /\d/.test(trimmed) ? [trimmed] : [];
  });
  const highest = numbered.sort(compareCodes).at(-1);
  if (highest === undefined) return null;
  return highest.replace(/(\d+)(\D*)$/, (_match, digits: string, rest: string) => {
    const next = (BigInt(digits) + 1n).toString();
    return `${next.padStart(digits.length, '0')}${rest}`;
  });
}
