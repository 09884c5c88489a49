import type { z } from 'zod';
import type * as s from '../../../api/schemas-followup';

/* The follow-up API's shapes, as the server declares them (src/api/schemas-followup.ts). */
export type Round = z.infer<typeof s.round>;
export type RoundState = z.infer<typeof s.roundState>;
export type ReportState = z.infer<typeof s.reportState>;
export type StatusCode = z.infer<typeof s.statusCode>;
export type StatusReport = z.infer<typeof s.statusReport>;
export type StatusReportDetail = z.infer<typeof s.statusReportDetail>;
export type ReportRevision = z.infer<typeof s.reportRevision>;
export type EvidenceLink = z.infer<typeof s.evidenceLink>;
export type RoundProgress = z.infer<typeof s.roundProgress>;
export type Completion = RoundProgress['plan']['completion'];
export type ImportPreview = z.infer<typeof s.importPreview>;
export type ImportCommitResult = z.infer<typeof s.importCommitResult>;
export type StatusLabel = z.infer<typeof s.statusLabel>;
export type StatusLabels = z.infer<typeof s.statusLabels>;
export type CalendarResponse = z.infer<typeof s.calendarResponse>;
export type CalendarOccurrence = z.infer<typeof s.calendarOccurrence>;
export type CalendarEventKind = z.infer<typeof s.calendarEvent>['kind'];
export type CreateCalendarEventBody = z.input<typeof s.createCalendarEventBody>;
export type CreateRoundBody = z.input<typeof s.createRoundBody>;
export type UpdateReportBody = z.input<typeof s.updateReportBody>;

/** One line of "what I owe" with the plan's title added for the inbox. */
export type Assignment = StatusReport & { planTitle: string };
