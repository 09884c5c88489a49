import type { Assignment } from './model';

/*
 * The reporter's list in the order they work through it: open rounds by deadline, within a round
 * the measures in the plan's numbering (goal, then measure code, "1:2" before "1:10"). Sorted here
 * rather than taken as the API lists them, so the inbox and the entry form's "next report" always
 * agree, whatever order a query returns rows with equal deadlines in.
 */

export interface RoundGroup {
  roundId: string;
  roundName: string;
  planId: string;
  planTitle: string;
  deadline: string;
  roundState: Assignment['roundState'];
  items: Assignment[];
}

const natural = new Intl.Collator('sv', { numeric: true, sensitivity: 'base' });
const byPlanOrder = (a: Assignment, b: Assignment): number =>
  natural.compare(a.goalNumber ?? '', b.goalNumber ?? '') ||
  natural.compare(a.measureCode ?? '', b.measureCode ?? '') ||
  natural.compare(a.measureText, b.measureText) ||
  natural.compare(a.unitName, b.unitName) ||
  a.id.localeCompare(b.id);

/** Still owed: not yet submitted, or returned for changes, in a round that is open. */
export const isOwed = (a: Pick<Assignment, 'state' | 'roundState'>): boolean => (a.state === 'draft' || a.state === 'returned') && a.roundState === 'open';

export function groupByRound(assignments: readonly Assignment[]): RoundGroup[] {
  const groups = new Map<string, RoundGroup>();
  for (const a of assignments) {
    let group = groups.get(a.roundId);
    if (!group) {
      group = { roundId: a.roundId, roundName: a.roundName, planId: a.planId, planTitle: a.planTitle, deadline: a.deadline, roundState: a.roundState, items: [] };
      groups.set(a.roundId, group);
    }
    group.items.push(a);
  }
  for (const group of groups.values()) group.items.sort(byPlanOrder);
  // Open rounds first, by deadline; then the others, latest first.
  const open = (g: RoundGroup) => (g.roundState === 'open' ? 0 : 1);
  return [...groups.values()].sort(
    (x, y) => open(x) - open(y) || (open(x) === 0 ? x.deadline.localeCompare(y.deadline) : y.deadline.localeCompare(x.deadline)) || x.roundName.localeCompare(y.roundName, 'sv'),
  );
}

/** The list in working order. */
export const inWorkingOrder = (assignments: readonly Assignment[]): Assignment[] => groupByRound(assignments).flatMap((g) => g.items);

/**
 * The next report still owed after `currentId` (wrapping round to the start), or the first owed one
 * when `currentId` is null; null when nothing else is owed.
 */
export function nextOwed(assignments: readonly Assignment[], currentId: string | null): Assignment | null {
  const ordered = inWorkingOrder(assignments);
  const at = currentId ? ordered.findIndex((a) => a.id === currentId) : -1;
  for (let step = 1; step <= ordered.length; step++) {
    const candidate = ordered[(at + step + ordered.length) % ordered.length]!;
    if (candidate.id !== currentId && isOwed(candidate)) return candidate;
  }
  return null;
}

/** The neighbours of a report in working order, owed or not, for "previous / next" links. */
export function neighbours(assignments: readonly Assignment[], currentId: string): { previous: Assignment | null; next: Assignment | null; position: number; total: number } {
  const ordered = inWorkingOrder(assignments);
  const at = ordered.findIndex((a) => a.id === currentId);
  if (at < 0) return { previous: null, next: null, position: 0, total: ordered.length };
  return { previous: ordered[at - 1] ?? null, next: ordered[at + 1] ?? null, position: at + 1, total: ordered.length };
}
