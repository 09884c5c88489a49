import type { PlanDecision } from './plan-content.js';
import type { PlanStatus, VersionReason } from './vocabulary.js';

/**
 * A plan's lifecycle: draft → consultation → adopted → in_force → expired | replaced. A plan may go
 * back from consultation to draft (editing after the remiss), be adopted without a consultation,
 * and be replaced or expire before it formally came into force.
 */
const transitions: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  draft: ['consultation', 'adopted'],
  consultation: ['draft', 'adopted'],
  adopted: ['in_force', 'expired', 'replaced'],
  in_force: ['expired', 'replaced'],
  expired: [],
  replaced: [],
};

export function allowedTransitions(from: PlanStatus): readonly PlanStatus[] {
  return transitions[from];
}

export function canTransition(from: PlanStatus, to: PlanStatus): boolean {
  return transitions[from].includes(to);
}

/** Expired and replaced plans are history: nothing leads out of them. */
export function isFinalStatus(status: PlanStatus): boolean {
  return transitions[status].length === 0;
}

/**
 * Only drafts and plans on consultation can be edited. An adopted plan is what the council decided;
 * its content changes only through a new plan (a revision) that goes through the same process.
 */
export function isContentEditable(status: PlanStatus): boolean {
  return status === 'draft' || status === 'consultation';
}

/**
 * Moving to a status that others will read as a fixed text freezes a version: the text sent out on
 * remiss (so comments point at what the recipients saw) and the text adopted. Other moves freeze nothing.
 */
export function versionReasonFor(to: PlanStatus): VersionReason | null {
  if (to === 'consultation') return 'consultation';
  if (to === 'adopted') return 'adoption';
  return null;
}

/** One reason a transition cannot be made; the API turns the code into words in the user's language. */
export interface TransitionProblem {
  field: string;
  code: 'transition_not_allowed' | 'required' | 'invalid_date';
}

/**
 * What stands in the way of moving a plan from one status to another; empty when the move may be
 * made. Adopting requires the decision: which body decided (kommunfullmäktige, a board) and when.
 */
export function checkTransition(
  from: PlanStatus,
  to: PlanStatus,
  decision: Partial<Pick<PlanDecision, 'body' | 'date'>> | null | undefined,
): TransitionProblem[] {
  if (!canTransition(from, to)) return [{ field: 'status', code: 'transition_not_allowed' }];
  if (to !== 'adopted') return [];

  const problems: TransitionProblem[] = [];
  if (isBlank(decision?.body)) problems.push({ field: 'decision.body', code: 'required' });
  const date = decision?.date;
  if (isBlank(date)) problems.push({ field: 'decision.date', code: 'required' });
  else if (!isIsoDate(date!.trim())) problems.push({ field: 'decision.date', code: 'invalid_date' });
  return problems;
}

function isBlank(value: string | null | undefined): boolean {
  return value == null || value.trim().length === 0;
}

/** A real calendar date written YYYY-MM-DD (no 2024-02-30). */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
