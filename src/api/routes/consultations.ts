import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthConfig } from '../../config/config.js';
import type { Db } from '../../db/database.js';
import { pickLanguage } from '../../i18n/api-messages.js';
import * as links from '../../services/consultation-links.js';
import '../../services/consultation-reminders.js';
import { compileConsultationReport, publicConsultationReport, renderReportDocx, renderReportPdf } from '../../services/consultation-report.js';
import * as consultations from '../../services/consultations.js';
import { AppError, invalidFields } from '../../services/errors.js';
import { consultation, consultationLink, publishedConsultation } from '../access/policy-consultation.js';
import * as policy from '../access/policy.js';
import { presentPlan } from '../presenters.js';
import * as s from '../schemas.js';
import * as c from '../schemas-consultation.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sub-resource ids the app's id check does not cover: a malformed one names nothing. */
function requireId(value: string, entity: string): string {
  if (!uuid.test(value)) throw new AppError(404, 'not_found', { params: { entity } });
  return value;
}

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const errors = { 400: s.errorResponse, 401: s.errorResponse, 403: s.errorResponse, 404: s.errorResponse, 409: s.errorResponse };
const contentDisposition = (filename: string) => `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/**
 * Remiss routes. Coordinator side under /plans/:id/consultations and /consultations/:id; recipient
 * side under /consultation-links/:token (public, rate limited per address and route: four times the sign-in
 * limit, FRIDPLAN_AUTH_RATE_LIMIT, per minute); the published report at /consultations/:id/public.
 */
export const consultationRoutes: FastifyPluginAsyncZod<{ db: Db; auth: AuthConfig }> = async (app, { db, auth }) => {
  await app.register(multipart, { limits: { fileSize: links.maxAttachmentBytes, files: 1, fields: 5, parts: 6, fieldSize: 1000, headerPairs: 100 } });

  const baseUrl = (req: FastifyRequest) => auth.publicUrl ?? `${req.protocol}://${req.host}`;
  const linkLimit = { rateLimit: { max: auth.authRateLimit * 4, timeWindow: '1 minute' } };

  // --- coordinator side ---------------------------------------------------------------------------

  app.get('/plans/:id/consultations', {
    config: { policy: policy.plan('history') },
    schema: { tags: ['remiss'], summary: 'The plan’s consultations (remisser), newest first', params: s.idParams, response: { 200: c.consultationList, ...errors } },
    handler: async (req) => consultations.listConsultations(db, req.params.id),
  });

  app.post('/plans/:id/consultations', {
    config: { policy: policy.plan('coordinate') },
    schema: {
      tags: ['remiss'],
      summary: 'Create a draft consultation on a frozen version of the plan (a draft plan is sent out: its content frozen)',
      params: s.idParams,
      body: c.createConsultationBody,
      response: { 201: c.consultationDetail, ...errors },
    },
    handler: async (req, reply) => reply.code(201).send(await consultations.createConsultation(db, req.actor, req.params.id, req.body)),
  });

  app.get('/consultations/:id', {
    config: { policy: consultation('read') },
    schema: { tags: ['remiss'], summary: 'A consultation with its recipients and their status', params: c.consultationParams, response: { 200: c.consultationDetail, ...errors } },
    handler: async (req) => consultations.getConsultation(db, req.params.id),
  });

  app.patch('/consultations/:id', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], summary: 'Change title and invitation (draft), deadline and grace period (draft or sent)', params: c.consultationParams, body: c.updateConsultationBody, response: { 200: c.consultationDetail, ...errors } },
    handler: async (req) => consultations.updateConsultation(db, req.actor, req.params.id, req.body, baseUrl(req)),
  });

  app.delete('/consultations/:id', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], summary: 'Delete a draft consultation', params: c.consultationParams, querystring: s.versionQuery, response: { 204: s.empty, ...errors } },
    handler: async (req, reply) => {
      await consultations.deleteConsultation(db, req.actor, req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });

  app.post('/consultations/:id/recipients', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], summary: 'Add recipients (on a sent consultation each gets a link by e-mail at once)', params: c.consultationParams, body: c.addRecipientsBody, response: { 200: c.consultationDetail, ...errors } },
    handler: async (req) => consultations.addRecipients(db, req.actor, req.params.id, req.body.recipients, baseUrl(req)),
  });

  app.patch('/consultations/:id/recipients/:recipientId', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], params: c.recipientParams, body: c.updateRecipientBody, response: { 200: c.consultationDetail, ...errors } },
    handler: async (req) => consultations.updateRecipient(db, req.actor, req.params.id, requireId(req.params.recipientId, 'consultation_recipient'), req.body),
  });

  app.delete('/consultations/:id/recipients/:recipientId', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], summary: 'Remove a recipient before sending (afterwards: revoke)', params: c.recipientParams, response: { 200: c.consultationDetail, ...errors } },
    handler: async (req) => consultations.removeRecipient(db, req.actor, req.params.id, requireId(req.params.recipientId, 'consultation_recipient')),
  });

  app.post('/consultations/:id/recipients/:recipientId/revoke', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], summary: 'Revoke the recipient’s links: they answer 404 from now on', params: c.recipientParams, response: { 200: c.consultationDetail, ...errors } },
    handler: async (req) => consultations.revokeRecipient(db, req.actor, req.params.id, requireId(req.params.recipientId, 'consultation_recipient')),
  });

  app.post('/consultations/:id/recipients/:recipientId/resend', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], summary: 'E-mail the recipient a new link (and lift a revocation)', params: c.recipientParams, response: { 200: c.consultationDetail, ...errors } },
    handler: async (req) => consultations.resendLink(db, req.actor, req.params.id, requireId(req.params.recipientId, 'consultation_recipient'), baseUrl(req)),
  });

  app.post('/consultations/:id/send', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], summary: 'Send: every recipient gets a private link by e-mail; reminders are scheduled before the deadline', params: c.consultationParams, body: c.versionBody, response: { 200: c.consultationDetail, ...errors } },
    handler: async (req) => consultations.sendConsultation(db, req.actor, req.params.id, req.body.version, baseUrl(req)),
  });

  app.post('/consultations/:id/close', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], summary: 'Close: no more answers; recipients can still read theirs until the links expire', params: c.consultationParams, body: c.versionBody, response: { 200: c.consultationDetail, ...errors } },
    handler: async (req) => consultations.closeConsultation(db, req.actor, req.params.id, req.body.version),
  });

  app.post('/consultations/:id/publish', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], summary: 'Publish (or withdraw) the compiled report as a public page', params: c.consultationParams, body: c.publishBody, response: { 200: c.consultationDetail, ...errors } },
    handler: async (req) => consultations.publishConsultation(db, req.actor, req.params.id, req.body.version, req.body.published),
  });

  app.get('/consultations/:id/responses', {
    config: { policy: consultation('read') },
    schema: { tags: ['remiss'], summary: 'Submitted answers with their comments, attachments and dispositions', params: c.consultationParams, response: { 200: c.responseList, ...errors } },
    handler: async (req) => consultations.listAnswers(db, req.params.id),
  });

  app.get('/consultations/:id/comments', {
    config: { policy: consultation('read') },
    schema: { tags: ['remiss'], summary: 'Every submitted comment, grouped by the goal, measure or section it points at, in document order', params: c.consultationParams, response: { 200: c.commentGroups, ...errors } },
    handler: async (req) => consultations.commentGroups(db, req.params.id),
  });

  app.put('/consultations/:id/comments/:commentId/disposition', {
    config: { policy: consultation('manage') },
    schema: {
      tags: ['remiss'],
      summary: 'Give or change a comment’s disposition, with its reason and the change it led to',
      description: '`linkedId`: a node or measure of the next version, or of the consulted version (followed into its copy). Changing a disposition needs its `version`.',
      params: c.commentParams,
      body: c.dispositionBody,
      response: { 200: c.comment, ...errors },
    },
    handler: async (req) => consultations.setDisposition(db, req.actor, req.params.id, requireId(req.params.commentId, 'consultation_comment'), req.body),
  });

  app.get('/consultations/:id/attachments/:attachmentId', {
    config: { policy: consultation('read') },
    schema: { tags: ['remiss'], summary: 'An attachment of a submitted answer', params: c.attachmentParams, response: { 200: z.any(), ...errors } },
    handler: async (req, reply) => {
      const file = await links.readConsultationAttachment(db, req.params.id, requireId(req.params.attachmentId, 'consultation_attachment'));
      return reply.type(file.contentType).header('content-disposition', contentDisposition(file.filename)).header('x-content-type-options', 'nosniff').send(file.data);
    },
  });

  app.post('/consultations/:id/next-version', {
    config: { policy: consultation('manage') },
    schema: { tags: ['remiss'], summary: 'Create the next version: a draft plan copied from the consulted version', params: c.consultationParams, body: c.nextVersionBody, response: { 201: c.nextVersionResult, ...errors } },
    handler: async (req, reply) => {
      const result = await consultations.createNextVersion(db, req.actor, req.params.id, req.body);
      return reply.code(201).send({ plan: presentPlan(result.plan), consultation: result.consultation });
    },
  });

  app.get('/consultations/:id/diff', {
    config: { policy: consultation('read') },
    schema: { tags: ['remiss'], summary: 'The consulted version against the next version, each change with the comments whose disposition links to it', params: c.consultationParams, response: { 200: c.consultationDiff, ...errors } },
    handler: async (req) => (await consultations.consultationDiff(db, req.params.id)) as unknown as z.infer<typeof c.consultationDiff>,
  });

  app.get('/consultations/:id/report', {
    config: { policy: consultation('read') },
    schema: { tags: ['remiss'], summary: 'The compiled report (remissammanställning) as data', params: c.consultationParams, response: { 200: c.compiledReport, ...errors } },
    handler: async (req) => compileConsultationReport(db, req.params.id),
  });

  app.get('/consultations/:id/report.docx', {
    config: { policy: consultation('read') },
    schema: { tags: ['remiss'], summary: 'The compiled report as a Word document (language: ?lang, else Accept-Language)', params: c.consultationParams, querystring: c.reportLanguageQuery, response: { 200: z.any(), ...errors } },
    handler: async (req, reply) => {
      const language = req.query.lang ?? pickLanguage(req.headers['accept-language']);
      const buffer = await renderReportDocx(await compileConsultationReport(db, req.params.id), language);
      return reply.type(docxType).header('content-disposition', contentDisposition(language === 'sv' ? 'remissammanstallning.docx' : 'consultation-report.docx')).send(buffer);
    },
  });

  app.get('/consultations/:id/report.pdf', {
    config: { policy: consultation('read') },
    schema: { tags: ['remiss'], summary: 'The compiled report as PDF (language: ?lang, else Accept-Language)', params: c.consultationParams, querystring: c.reportLanguageQuery, response: { 200: z.any(), ...errors } },
    handler: async (req, reply) => {
      const language = req.query.lang ?? pickLanguage(req.headers['accept-language']);
      const buffer = await renderReportPdf(await compileConsultationReport(db, req.params.id), language);
      return reply.type('application/pdf').header('content-disposition', contentDisposition(language === 'sv' ? 'remissammanstallning.pdf' : 'consultation-report.pdf')).send(buffer);
    },
  });

  app.get('/consultations/:id/public', {
    config: { policy: publishedConsultation },
    schema: { tags: ['remiss'], summary: 'The published report ("we asked, you said, we did"); 404 until published', params: c.consultationParams, response: { 200: c.compiledReport, 404: s.errorResponse } },
    handler: async (req) => publicConsultationReport(db, req.params.id),
  });

  // --- recipient side: the private link ----------------------------------------------------------------

  const linkSchema = { tags: ['remiss-link'], params: c.tokenParams };

  app.get('/consultation-links/:token', {
    config: { policy: consultationLink, ...linkLimit },
    schema: { ...linkSchema, summary: 'The invitation, the consulted version and the recipient’s own answer (first visit marks it opened); unknown or revoked → 404, expired → 410', response: { 200: c.linkView, ...c.linkErrors } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return links.viewLink(db, req.params.token);
    },
  });

  app.put('/consultation-links/:token', {
    config: { policy: consultationLink, ...linkLimit },
    schema: { ...linkSchema, summary: 'Save the answer as a draft (position, statement, comments replace the saved ones)', body: c.saveDraftBody, response: { 200: c.linkView, ...c.linkErrors } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return links.saveDraft(db, req.params.token, req.body);
    },
  });

  app.post('/consultation-links/:token/submit', {
    config: { policy: consultationLink, ...linkLimit },
    schema: { ...linkSchema, summary: 'Submit the answer: locked, receipt returned and e-mailed', response: { 200: c.receiptView, ...c.linkErrors } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return links.submitAnswer(db, req.params.token, baseUrl(req));
    },
  });

  app.post('/consultation-links/:token/decline', {
    config: { policy: consultationLink, ...linkLimit },
    schema: { ...linkSchema, summary: 'Decline to answer', body: c.declineBody, response: { 200: c.linkView, ...c.linkErrors } },
    handler: async (req) => links.declineAnswer(db, req.params.token, req.body.reason),
  });

  app.get('/consultation-links/:token/receipt', {
    config: { policy: consultationLink, ...linkLimit },
    schema: { ...linkSchema, summary: 'The receipt of the submitted answer, read-only', response: { 200: c.receiptView, ...c.linkErrors } },
    handler: async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return links.receiptView(db, req.params.token);
    },
  });

  app.post('/consultation-links/:token/attachments', {
    config: { policy: consultationLink, ...linkLimit },
    schema: {
      tags: ['remiss-link'],
      summary: 'Attach the formal statement: one PDF or DOCX file in the multipart field "file"',
      description: `At most ${links.maxAttachmentSize} and ${links.maxAttachments} files per answer. The content decides the type (a renamed file is refused): 413 too large, 415 not a PDF or DOCX.`,
      consumes: ['multipart/form-data'],
      params: c.tokenParams,
      response: { 201: c.attachment, ...c.linkErrors, 413: s.errorResponse, 415: s.errorResponse },
    },
    handler: async (req, reply) => {
      let upload: { bytes: Uint8Array; filename: string } | undefined;
      try {
        for await (const part of req.parts()) {
          if (part.type !== 'file') continue;
          if (part.fieldname !== 'file' || upload) {
            part.file.resume();
            continue;
          }
          const buffer = await part.toBuffer();
          upload = { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), filename: part.filename };
        }
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'attachment_too_large', { params: { maximum: links.maxAttachmentSize } });
        if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError(415, 'attachment_not_multipart');
        if (error instanceof AppError) throw error;
        throw new AppError(415, 'attachment_not_multipart');
      }
      if (!upload) throw invalidFields([{ path: 'body.file', code: 'required' }]);
      return reply.code(201).send(await links.addAttachment(db, req.params.token, upload));
    },
  });

  app.get('/consultation-links/:token/attachments/:attachmentId', {
    config: { policy: consultationLink, ...linkLimit },
    schema: { tags: ['remiss-link'], summary: 'One of the recipient’s own attachments', params: c.tokenAttachmentParams, response: { 200: z.any(), ...c.linkErrors } },
    handler: async (req, reply) => {
      const file = await links.readOwnAttachment(db, req.params.token, req.params.attachmentId);
      return reply.type(file.contentType).header('content-disposition', contentDisposition(file.filename)).header('x-content-type-options', 'nosniff').header('cache-control', 'no-store').send(file.data);
    },
  });

  app.delete('/consultation-links/:token/attachments/:attachmentId', {
    config: { policy: consultationLink, ...linkLimit },
    schema: { tags: ['remiss-link'], summary: 'Remove an attachment before submitting', params: c.tokenAttachmentParams, response: { 204: s.empty, ...c.linkErrors } },
    handler: async (req, reply) => {
      await links.removeAttachment(db, req.params.token, req.params.attachmentId);
      return reply.code(204).send(null);
    },
  });
};
