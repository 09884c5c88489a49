import type { z } from 'zod';
import type * as s from '../../../api/schemas-consultation';
import { api } from '../../api/client';

/*
 * The remiss pages' view of the API (src/api/schemas-consultation.ts): types and the addresses of
 * the coordinator routes and the public recipient-link routes, in one place.
 */

export type Consultation = z.infer<typeof s.consultation>;
export type ConsultationDetail = z.infer<typeof s.consultationDetail>;
export type Recipient = z.infer<typeof s.recipient>;
export type RecipientInput = z.infer<typeof s.recipientInput>;
export type RecipientStatus = z.infer<typeof s.recipientStatus>;
export type Position = z.infer<typeof s.position>;
export type Disposition = z.infer<typeof s.disposition>;
export type CommentAnchor = z.infer<typeof s.commentAnchor>;
export type AnchorTarget = z.infer<typeof s.anchorTarget>;
export type Comment = z.infer<typeof s.comment>;
export type CommentGroups = z.infer<typeof s.commentGroups>;
export type ResponseOut = z.infer<typeof s.responseOut>;
export type Attachment = z.infer<typeof s.attachment>;
export type LinkView = z.infer<typeof s.linkView>;
export type ReceiptView = z.infer<typeof s.receiptView>;
export type CompiledReport = z.infer<typeof s.compiledReport>;
export type ConsultationDiff = z.infer<typeof s.consultationDiff>;
export type NextVersionResult = z.infer<typeof s.nextVersionResult>;
export type CreateConsultationBody = z.infer<typeof s.createConsultationBody>;
export type SaveDraftBody = z.infer<typeof s.saveDraftBody>;
export type DispositionBody = z.infer<typeof s.dispositionBody>;

export const positions: Position[] = ['tillstyrker', 'tillstyrker_med_synpunkter', 'avstyrker', 'avstar'];
export const dispositions: Disposition[] = ['accepted', 'partly_accepted', 'not_accepted', 'noted'];

const enc = encodeURIComponent;

export const coordinatorApi = {
  list: (planId: string, signal?: AbortSignal) => api<Consultation[]>(`/plans/${enc(planId)}/consultations`, { signal }),
  create: (planId: string, body: CreateConsultationBody) => api<ConsultationDetail>(`/plans/${enc(planId)}/consultations`, { method: 'POST', body }),
  get: (id: string, signal?: AbortSignal) => api<ConsultationDetail>(`/consultations/${enc(id)}`, { signal }),
  send: (id: string, version: number) => api<unknown>(`/consultations/${enc(id)}/send`, { method: 'POST', body: { version } }),
  close: (id: string, version: number) => api<unknown>(`/consultations/${enc(id)}/close`, { method: 'POST', body: { version } }),
  publish: (id: string, version: number, published: boolean) => api<unknown>(`/consultations/${enc(id)}/publish`, { method: 'POST', body: { version, published } }),
  addRecipients: (id: string, recipients: RecipientInput[]) => api<unknown>(`/consultations/${enc(id)}/recipients`, { method: 'POST', body: { recipients } }),
  revoke: (id: string, recipientId: string) => api<ConsultationDetail>(`/consultations/${enc(id)}/recipients/${enc(recipientId)}/revoke`, { method: 'POST' }),
  reissue: (id: string, recipientId: string) => api<ConsultationDetail>(`/consultations/${enc(id)}/recipients/${enc(recipientId)}/resend`, { method: 'POST' }),
  responses: (id: string, signal?: AbortSignal) => api<ResponseOut[]>(`/consultations/${enc(id)}/responses`, { signal }),
  comments: (id: string, signal?: AbortSignal) => api<CommentGroups>(`/consultations/${enc(id)}/comments`, { signal }),
  dispose: (id: string, commentId: string, body: DispositionBody) => api<unknown>(`/consultations/${enc(id)}/comments/${enc(commentId)}/disposition`, { method: 'PUT', body }),
  nextVersion: (id: string) => api<NextVersionResult>(`/consultations/${enc(id)}/next-version`, { method: 'POST', body: {} }),
  diff: (id: string, signal?: AbortSignal) => api<ConsultationDiff>(`/consultations/${enc(id)}/diff`, { signal }),
  publicReport: (id: string, signal?: AbortSignal) => api<CompiledReport>(`/consultations/${enc(id)}/public`, { signal }),
};

export const reportUrl = (id: string, format: 'docx' | 'pdf', lang: string) => `/api/v1/consultations/${enc(id)}/report.${format}?lang=${lang}`;
export const attachmentUrl = (id: string, attachmentId: string) => `/api/v1/consultations/${enc(id)}/attachments/${enc(attachmentId)}`;

export const linkApi = {
  view: (token: string, signal?: AbortSignal) => api<LinkView>(`/consultation-links/${enc(token)}`, { signal }),
  saveDraft: (token: string, body: SaveDraftBody) => api<LinkView>(`/consultation-links/${enc(token)}`, { method: 'PUT', body }),
  submit: (token: string) => api<unknown>(`/consultation-links/${enc(token)}/submit`, { method: 'POST', body: {} }),
  decline: (token: string, reason: string | null) => api<unknown>(`/consultation-links/${enc(token)}/decline`, { method: 'POST', body: { reason } }),
  upload: (token: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api<Attachment>(`/consultation-links/${enc(token)}/attachments`, { method: 'POST', body: form });
  },
  removeAttachment: (token: string, attachmentId: string) => api<unknown>(`/consultation-links/${enc(token)}/attachments/${enc(attachmentId)}`, { method: 'DELETE' }),
  receipt: (token: string, signal?: AbortSignal) => api<ReceiptView>(`/consultation-links/${enc(token)}/receipt`, { signal }),
};

export const linkAttachmentUrl = (token: string, attachmentId: string) => `/api/v1/consultation-links/${enc(token)}/attachments/${enc(attachmentId)}`;
