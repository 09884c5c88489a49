import { displayNumbers } from './numbering.js';
import type { PlanContent } from './plan-content.js';
import { findMeasure, findNode, flattenMeasures, flattenNodes } from './tree.js';

/**
 * Remiss (consultation): a frozen plan version sent to recipients who answer through a private link.
 * Pure rules: what state a recipient is in, how long a link is valid, when reminders go out, where a
 * comment points, and what the compiled report (remissammanställning) contains. No I/O.
 */

export const consultationStates = ['draft', 'sent', 'closed'] as const;
export type ConsultationState = (typeof consultationStates)[number];

/** not_sent: the consultation is still a draft, no link exists yet. */
export const recipientStatuses = ['not_sent', 'invited', 'opened', 'answered', 'declined', 'overdue'] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];

export const recipientKinds = ['internal', 'external'] as const;
export type RecipientKind = (typeof recipientKinds)[number];

/** A statement's position on the proposal, in the words Swedish remiss answers use. */
export const positions = ['tillstyrker', 'tillstyrker_med_synpunkter', 'avstyrker', 'avstar'] as const;
export type Position = (typeof positions)[number];

/** The seed files use English codes for the same four positions. */
export const positionFromSeed: Record<'approve' | 'approve_with_comments' | 'reject' | 'abstain', Position> = {
  approve: 'tillstyrker',
  approve_with_comments: 'tillstyrker_med_synpunkter',
  reject: 'avstyrker',
  abstain: 'avstar',
};

export const dispositions = ['accepted', 'partly_accepted', 'not_accepted', 'noted'] as const;
export type Disposition = (typeof dispositions)[number];

export const responseStates = ['draft', 'submitted'] as const;
export type ResponseState = (typeof responseStates)[number];

/** Days a link stays valid after the deadline by default: late answers still reach the coordinator. */
export const defaultGraceDays = 14;
export const maxGraceDays = 90;

const dayMs = 24 * 60 * 60 * 1000;
/** Deadlines are dates in the municipality's time zone. */
export const consultationTimeZone = 'Europe/Stockholm';

/** Minutes a zone is ahead of UTC at an instant (Intl is part of the language: no I/O). */
function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a local wall-clock time (date + hh:mm) happens in the consultation's time zone. */
export function localInstant(date: string, hour: number, minute = 0, timeZone = consultationTimeZone): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  // Two passes settle the offset also on the days clocks change.
  let instant = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  instant = guess - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** A deadline date runs to the end of that day (midnight into the next day, Swedish time). */
export function deadlineEnd(deadline: string): Date {
  return localInstant(addDays(deadline, 1), 0);
}

/** A calendar date moved by whole days (YYYY-MM-DD in, YYYY-MM-DD out). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A recipient's link works until the grace period after the deadline has passed. */
export function linkExpiresAt(deadline: string, graceDays: number): Date {
  return new Date(deadlineEnd(deadline).getTime() + graceDays * dayMs);
}

export interface RecipientFacts {
  consultationState: ConsultationState;
  deadline: string;
  sentAt: string | null;
  openedAt: string | null;
  answeredAt: string | null;
  declinedAt: string | null;
}

/** Derived, never stored: answered and declined are facts; overdue follows from the date. */
export function recipientStatus(facts: RecipientFacts, now: Date): RecipientStatus {
  if (facts.answeredAt) return 'answered';
  if (facts.declinedAt) return 'declined';
  if (facts.consultationState === 'draft' || !facts.sentAt) return 'not_sent';
  if (now.getTime() >= deadlineEnd(facts.deadline).getTime()) return 'overdue';
  return facts.openedAt ? 'opened' : 'invited';
}

/** An answer submitted after the deadline (within the grace period) is kept and marked late. */
export const isLate = (submittedAt: string, deadline: string): boolean => new Date(submittedAt).getTime() >= deadlineEnd(deadline).getTime();

export interface LinkFacts {
  consultationState: ConsultationState;
  deadline: string;
  graceDays: number;
  revokedAt: string | null;
  answeredAt: string | null;
  declinedAt: string | null;
}

/**
 * What a recipient's link allows now. A revoked link is as unknown as a wrong one (404); an expired
 * one may say so (410). While the consultation is open the recipient edits until they submit or
 * decline; afterwards they read their own answer and receipt.
 */
export type LinkAccess = { kind: 'unknown' } | { kind: 'expired' } | { kind: 'open'; editable: boolean };

export function linkAccess(facts: LinkFacts, now: Date): LinkAccess {
  if (facts.revokedAt || facts.consultationState === 'draft') return { kind: 'unknown' };
  if (now.getTime() >= linkExpiresAt(facts.deadline, facts.graceDays).getTime()) return { kind: 'expired' };
  return { kind: 'open', editable: facts.consultationState === 'sent' && !facts.answeredAt && !facts.declinedAt };
}

/** Reminders go out at 08:00 Swedish time this many days before the deadline. */
export const reminderDaysBefore = [7, 2] as const;

/** The reminder times still ahead of `from` (the send time), earliest first. */
export function reminderTimes(deadline: string, from: Date): { daysBefore: number; at: Date }[] {
  return reminderDaysBefore
    .map((daysBefore) => ({ daysBefore, at: localInstant(addDays(deadline, -daysBefore), 8) }))
    .filter((r) => r.at.getTime() > from.getTime())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** A reminder is worth sending only while the recipient can still answer before the deadline. */
export function needsReminder(facts: RecipientFacts & { revokedAt: string | null }, now: Date): boolean {
  return facts.consultationState === 'sent' && !facts.revokedAt && !facts.answeredAt && !facts.declinedAt && now.getTime() < deadlineEnd(facts.deadline).getTime();
}

// --- comment anchors ---------------------------------------------------------------------------

/**
 * Where a comment points in the consulted version: the plan as a whole, a goal node, a measure, or a
 * passage of text the recipient selected (in a node's or measure's text or description, or in one of
 * the plan's sections), kept as the quote and its offsets so it still reads when the plan changes.
 */
export type PassageField = 'text' | 'description' | 'heading' | 'body';
export type CommentAnchor =
  | { kind: 'plan' }
  | { kind: 'node'; nodeId: string }
  | { kind: 'measure'; measureId: string }
  | { kind: 'passage'; nodeId?: string | null; measureId?: string | null; sectionIndex?: number | null; field: PassageField; start: number; end: number; quote: string };

export type AnchorProblem = { path: string; code: 'unknown_reference' | 'quote_mismatch' | 'invalid_reference' };

/** The text a passage anchor selects from, or undefined when the target or field does not exist. */
function passageSource(content: PlanContent, anchor: Extract<CommentAnchor, { kind: 'passage' }>): string | null | undefined {
  const targets = [anchor.nodeId, anchor.measureId, anchor.sectionIndex].filter((v) => v !== undefined && v !== null);
  if (targets.length !== 1) return undefined;
  if (anchor.nodeId) {
    const node = findNode(content.nodes, anchor.nodeId);
    if (!node || (anchor.field !== 'text' && anchor.field !== 'description')) return undefined;
    return node[anchor.field];
  }
  if (anchor.measureId) {
    const found = findMeasure(content.nodes, anchor.measureId);
    if (!found || (anchor.field !== 'text' && anchor.field !== 'description')) return undefined;
    return found.measure[anchor.field];
  }
  const section = content.plan.sections[anchor.sectionIndex!];
  if (!section || (anchor.field !== 'heading' && anchor.field !== 'body')) return undefined;
  return section[anchor.field];
}

/** Checks an anchor against the consulted version: the target exists and a quote is what stands there. */
export function checkAnchor(content: PlanContent, anchor: CommentAnchor, path: string): AnchorProblem[] {
  switch (anchor.kind) {
    case 'plan':
      return [];
    case 'node':
      return findNode(content.nodes, anchor.nodeId) ? [] : [{ path: `${path}.nodeId`, code: 'unknown_reference' }];
    case 'measure':
      return findMeasure(content.nodes, anchor.measureId) ? [] : [{ path: `${path}.measureId`, code: 'unknown_reference' }];
    case 'passage': {
      const source = passageSource(content, anchor);
      if (source === undefined || source === null) return [{ path, code: 'invalid_reference' }];
      if (anchor.start < 0 || anchor.end <= anchor.start || anchor.end > source.length || source.slice(anchor.start, anchor.end) !== anchor.quote) {
        return [{ path: `${path}.quote`, code: 'quote_mismatch' }];
      }
      return [];
    }
  }
}

/** What a comment is grouped under: its measure, its goal node, a section of the plan, or the plan as a whole. */
export interface AnchorTarget {
  kind: 'plan' | 'node' | 'measure' | 'section';
  /** Node or measure id in the consulted version; the section's index as text; '' for the plan. */
  id: string;
  /** "2", "2.3", or the section heading's place; '' for the plan. */
  number: string;
  label: string;
  /** Document order: the plan first, then sections, then goals and measures as they stand. */
  order: number;
}

export function anchorTarget(content: PlanContent, anchor: CommentAnchor, numbers: Map<string, string> = displayNumbers(content.nodes)): AnchorTarget {
  const nodeOrder = new Map(flattenNodes(content.nodes).map(({ node }, i) => [node.id, i]));
  const measureOrder = new Map(flattenMeasures(content.nodes).map(({ measure, node }, i) => [measure.id, (nodeOrder.get(node.id) ?? 0) + (i + 1) / 100_000]));
  const sections = content.plan.sections.length;
  const nodeId = anchor.kind === 'node' ? anchor.nodeId : anchor.kind === 'passage' ? anchor.nodeId : null;
  const measureId = anchor.kind === 'measure' ? anchor.measureId : anchor.kind === 'passage' ? anchor.measureId : null;
  if (measureId) {
    const found = findMeasure(content.nodes, measureId);
    if (found) return { kind: 'measure', id: measureId, number: numbers.get(measureId) ?? '', label: found.measure.text, order: 1 + sections + (measureOrder.get(measureId) ?? 0) };
  }
  if (nodeId) {
    const node = findNode(content.nodes, nodeId);
    if (node) return { kind: 'node', id: nodeId, number: numbers.get(nodeId) ?? '', label: [node.label, numbers.get(nodeId)].filter(Boolean).join(' ') + ` ${node.text}`.trimEnd(), order: 1 + sections + (nodeOrder.get(nodeId) ?? 0) };
  }
  if (anchor.kind === 'passage' && anchor.sectionIndex !== null && anchor.sectionIndex !== undefined) {
    const section = content.plan.sections[anchor.sectionIndex];
    if (section) return { kind: 'section', id: String(anchor.sectionIndex), number: '', label: section.heading, order: 1 + anchor.sectionIndex };
  }
  return { kind: 'plan', id: '', number: '', label: content.plan.title, order: 0 };
}

// --- the next version ------------------------------------------------------------------------------

/**
 * The consulted version with its node and measure ids replaced by those of the next version's copies,
 * so that the version diff (which compares by id) shows what was changed rather than "everything
 * removed and added". Ids without a copy (nothing) stay as they are.
 */
export function remapContentIds(content: PlanContent, idMap: Readonly<Record<string, string>>): PlanContent {
  const map = (id: string) => idMap[id] ?? id;
  const remapNode = (node: PlanContent['nodes'][number]): PlanContent['nodes'][number] => ({
    ...node,
    id: map(node.id),
    parentId: node.parentId === null ? null : map(node.parentId),
    children: node.children.map(remapNode),
    measures: node.measures.map((m) => ({ ...m, id: map(m.id), nodeId: map(m.nodeId) })),
  });
  return { ...content, nodes: content.nodes.map(remapNode) };
}

// --- the compiled report (remissammanställning / samrådsredogörelse) -----------------------------------

export interface ReportInput {
  consultation: { id: string; title: string; deadline: string; sentAt: string | null; closedAt: string | null; state: ConsultationState };
  organizationName: string;
  planTitle: string;
  versionNumber: number;
  content: PlanContent;
  recipients: { id: string; name: string; kind: RecipientKind; status: RecipientStatus; answeredAt: string | null }[];
  responses: { recipientId: string; position: Position; statement: string; submittedAt: string; attachments: string[] }[];
  comments: {
    id: string;
    recipientId: string;
    anchor: CommentAnchor;
    text: string;
    disposition: { disposition: Disposition; reason: string; linkedId: string | null; note: string | null; decidedBy: string } | null;
  }[];
  /** The changes made in the next version, if one exists, each with the comments whose disposition links to it. */
  changes: ReportChange[] | null;
}

export interface ReportChange {
  kind: 'node' | 'measure';
  change: 'added' | 'removed' | 'changed';
  id: string;
  number: string;
  text: string;
  fields: string[];
  commentIds: string[];
}

export interface CompiledReport {
  title: string;
  organizationName: string;
  planTitle: string;
  versionNumber: number;
  deadline: string;
  sentAt: string | null;
  closedAt: string | null;
  summary: { asked: number; answered: number; declined: number; notAnswered: number; late: number; byPosition: Record<Position, number>; comments: number; disposed: number };
  recipients: { name: string; kind: RecipientKind; status: RecipientStatus; position: Position | null; answeredAt: string | null; late: boolean }[];
  responses: { recipient: string; position: Position; statement: string; submittedAt: string; late: boolean; attachments: string[] }[];
  groups: {
    target: AnchorTarget;
    comments: { id: string; recipient: string; quote: string | null; text: string; disposition: Disposition | null; reason: string | null; change: string | null; note: string | null }[];
  }[];
  changes: (ReportChange & { comments: { id: string; recipient: string; text: string }[] })[];
}

/** Who was asked, who answered and how, every comment with its disposition and reason, and what changed. */
export function compileReport(input: ReportInput): CompiledReport {
  const numbers = displayNumbers(input.content.nodes);
  const names = new Map(input.recipients.map((r) => [r.id, r.name]));
  const responseBy = new Map(input.responses.map((r) => [r.recipientId, r]));
  const byPosition = Object.fromEntries(positions.map((p) => [p, 0])) as Record<Position, number>;
  for (const r of input.responses) byPosition[r.position]++;
  const late = (r: { submittedAt: string } | undefined) => (r ? isLate(r.submittedAt, input.consultation.deadline) : false);

  const changeLabel = new Map<string, string>();
  for (const c of input.changes ?? []) changeLabel.set(c.id, `${c.number} ${c.text}`.trim());

  const groups = new Map<string, CompiledReport['groups'][number]>();
  for (const comment of input.comments) {
    const target = anchorTarget(input.content, comment.anchor, numbers);
    const key = `${target.kind}:${target.id}`;
    if (!groups.has(key)) groups.set(key, { target, comments: [] });
    const d = comment.disposition;
    groups.get(key)!.comments.push({
      id: comment.id,
      recipient: names.get(comment.recipientId) ?? '',
      quote: comment.anchor.kind === 'passage' ? comment.anchor.quote : null,
      text: comment.text,
      disposition: d?.disposition ?? null,
      reason: d?.reason ?? null,
      change: d?.linkedId ? (changeLabel.get(d.linkedId) ?? null) : null,
      note: d?.note ?? null,
    });
  }
  const commentById = new Map(input.comments.map((c) => [c.id, c]));
  const recipients = input.recipients.map((r) => {
    const response = responseBy.get(r.id);
    return { name: r.name, kind: r.kind, status: r.status, position: response?.position ?? null, answeredAt: r.answeredAt, late: late(response) };
  });
  return {
    title: input.consultation.title,
    organizationName: input.organizationName,
    planTitle: input.planTitle,
    versionNumber: input.versionNumber,
    deadline: input.consultation.deadline,
    sentAt: input.consultation.sentAt,
    closedAt: input.consultation.closedAt,
    summary: {
      asked: input.recipients.length,
      answered: input.recipients.filter((r) => r.status === 'answered').length,
      declined: input.recipients.filter((r) => r.status === 'declined').length,
      notAnswered: input.recipients.filter((r) => r.status !== 'answered' && r.status !== 'declined').length,
      late: input.responses.filter((r) => late(r)).length,
      byPosition,
      comments: input.comments.length,
      disposed: input.comments.filter((c) => c.disposition).length,
    },
    recipients,
    responses: input.responses
      .map((r) => ({ recipient: names.get(r.recipientId) ?? '', position: r.position, statement: r.statement, submittedAt: r.submittedAt, late: late(r), attachments: r.attachments }))
      .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt)),
    groups: [...groups.values()].sort((a, b) => a.target.order - b.target.order),
    changes: (input.changes ?? []).map((c) => ({
      ...c,
      comments: c.commentIds.flatMap((id) => {
        const comment = commentById.get(id);
        return comment ? [{ id, recipient: names.get(comment.recipientId) ?? '', text: comment.text }] : [];
      }),
    })),
  };
}
