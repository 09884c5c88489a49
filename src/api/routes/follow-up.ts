import multipart from '@fastify/multipart';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { pickLanguage } from '../../i18n/api-messages.js';
import { AppError, invalidFields } from '../../services/errors.js';
import * as followUp from '../../services/follow-up.js';
import { boardReportDocx, boardReportPdf, boardReportXlsx } from '../../services/follow-up-board-report.js';
import { documentFileName } from '../../services/follow-up-documents.js';
import { analyzeImport, commitImport, exportRoundXlsx, maxImportBytes, type ImportAnalysis } from '../../services/follow-up-xlsx.js';
import { handleError } from '../error-handler.js';
import { presentImport, presentReport, presentRevision, presentRound } from '../presenters-followup.js';
import * as s from '../schemas.js';
import * as f from '../schemas-followup.js';
import { signedIn } from '../access/policy.js';
import * as policy from '../access/policy-followup.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A download: the name in plain ASCII for old clients and in UTF-8 (RFC 6266) for the rest. */
function sendFile(reply: FastifyReply, buffer: Buffer, type: string, name: string) {
  const ascii = name.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '');
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store')
    .send(buffer);
}

const importRoutesUrls = new Set(['/api/v1/rounds/:id/import', '/api/v1/rounds/:id/import/commit']);

/** Reads one XLSX file (field `file`) and the form's other fields. */
async function readUpload(req: FastifyRequest): Promise<{ bytes: Uint8Array; fields: Record<string, string> }> {
  let bytes: Uint8Array | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') {
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        continue;
      }
      if (bytes) throw new AppError(400, 'followup_import_one_file');
      const buffer = await part.toBuffer();
      bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    }
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'followup_import_too_large', { params: { maximum: '10 MB' } });
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError(415, 'followup_import_not_multipart');
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError(400, 'followup_import_one_file');
    if (error instanceof AppError) throw error;
    throw new AppError(400, 'followup_import_unreadable');
  }
  if (!bytes || bytes.length === 0) throw invalidFields([{ path: 'body.file', code: 'required' }]);
  return { bytes, fields };
}

export const followUpRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  await app.register(multipart, { limits: { fileSize: maxImportBytes, files: 1, fields: 5, parts: 8, fieldSize: 1000, headerPairs: 100 } });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (importRoutesUrls.has(request.routeOptions.url ?? '') && (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')) {
      return handleError(new AppError(415, 'followup_import_not_multipart') as unknown as FastifyError, request, reply);
    }
    return handleError(error, request, reply);
  });

  const roundOut = async (row: Parameters<typeof followUp.presentRounds>[1][number]) => presentRound((await followUp.presentRounds(db, [row]))[0]!);

  // --- rounds ---
  app.get('/plans/:id/rounds', {
    config: { policy: policy.planRounds('read') },
    schema: { tags: ['follow-up'], summary: 'The plan’s follow-up rounds, oldest period first', params: f.planParams, response: { 200: f.roundList, ...s.responses.errors } },
    handler: async (req) => (await followUp.presentRounds(db, await followUp.listPlanRounds(db, req.params.id))).map(presentRound),
  });

  app.post('/plans/:id/rounds', {
    config: { policy: policy.planRounds('manage') },
    schema: { tags: ['follow-up'], summary: 'Plan a follow-up round of an adopted plan', params: f.planParams, body: f.createRoundBody, response: { 201: f.round, ...s.responses.errors } },
    handler: async (req, reply) => reply.code(201).send(await roundOut(await followUp.createRound(db, req.actor, req.params.id, req.body))),
  });

  app.get('/rounds/:id', {
    config: { policy: policy.round('read') },
    schema: { tags: ['follow-up'], params: f.roundParams, response: { 200: f.round, ...s.responses.errors } },
    handler: async (req) => roundOut(await followUp.getRound(db, req.params.id)),
  });

  app.patch('/rounds/:id', {
    config: { policy: policy.round('manage') },
    schema: { tags: ['follow-up'], summary: 'Change a round (period and options only while planned)', params: f.roundParams, body: f.updateRoundBody, response: { 200: f.round, ...s.responses.errors } },
    handler: async (req) => roundOut(await followUp.updateRound(db, req.actor, req.params.id, req.body)),
  });

  app.delete('/rounds/:id', {
    config: { policy: policy.round('manage') },
    schema: { tags: ['follow-up'], summary: 'Delete a planned round', params: f.roundParams, querystring: s.versionQuery, response: { 204: s.empty, ...s.responses.errors } },
    handler: async (req, reply) => {
      await followUp.deleteRound(db, req.actor, req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });

  app.post('/rounds/:id/open', {
    config: { policy: policy.round('manage') },
    schema: {
      tags: ['follow-up'],
      summary: 'Open a round: one report per unit × measure (lead units; co-responsible too if chosen), reminders scheduled, the deadline on the annual wheel',
      params: f.roundParams,
      body: f.roundTransitionBody,
      response: { 200: f.round, ...s.responses.errors },
    },
    handler: async (req) => roundOut(await followUp.openRound(db, req.actor, req.params.id, req.body.version)),
  });

  app.post('/rounds/:id/close', {
    config: { policy: policy.round('manage') },
    schema: { tags: ['follow-up'], summary: 'Close a round: no more changes, no more reminders', params: f.roundParams, body: f.roundTransitionBody, response: { 200: f.round, ...s.responses.errors } },
    handler: async (req) => roundOut(await followUp.closeRound(db, req.actor, req.params.id, req.body.version)),
  });

  app.get('/rounds/:id/assignments', {
    config: { policy: policy.round('read') },
    schema: { tags: ['follow-up'], summary: 'The round’s status reports (the review queue: state=submitted)', params: f.roundParams, querystring: f.assignmentsQuery, response: { 200: f.statusReportList, ...s.responses.errors } },
    handler: async (req) => {
      await followUp.getRound(db, req.params.id);
      const states = req.query.state === undefined ? undefined : [req.query.state].flat();
      const rows = await followUp.listRoundReports(db, req.params.id, { unitId: req.query.unitId, states, goalId: req.query.goalId });
      return (await followUp.presentReports(db, req.actor, rows)).map(presentReport);
    },
  });

  app.get('/rounds/:id/progress', {
    config: { policy: policy.round('read') },
    schema: { tags: ['follow-up'], summary: 'Completion and progress per goal, unit and plan; comparison with the previous round; completion over time', params: f.roundParams, response: { 200: f.roundProgress, ...s.responses.errors } },
    handler: async (req) => followUp.getRoundProgress(db, req.params.id),
  });

  // --- spreadsheet round-trip ---
  app.get('/rounds/:id/export.xlsx', {
    config: { policy: policy.round('read') },
    schema: { tags: ['follow-up'], summary: 'The round (or one unit’s part, ?unitId=) as a spreadsheet to fill in and import again', params: f.roundParams, querystring: f.exportXlsxQuery, produces: [xlsxType] },
    handler: async (req, reply) => {
      const { buffer, fileName } = await exportRoundXlsx(db, req.params.id, req.query.unitId);
      return sendFile(reply, buffer, xlsxType, documentFileName(fileName, 'xlsx'));
    },
  });

  const importDescription =
    'multipart/form-data: the XLSX file in the field `file`. Refusals: 415 (not multipart, or not an XLSX file), 400 (unreadable, no report sheet, columns missing), 413 (over 10 MB), 409 (round not open).';

  app.post('/rounds/:id/import', {
    config: { policy: policy.round('report') },
    schema: { tags: ['follow-up'], summary: 'Preview an import: each row’s changes and problems; nothing is written', description: importDescription, consumes: ['multipart/form-data'], params: f.roundParams, response: { 200: f.importPreview, ...s.responses.errors, 413: s.errorResponse, 415: s.errorResponse } },
    handler: async (req) => {
      const { bytes } = await readUpload(req);
      const analysis: ImportAnalysis = await analyzeImport(db, req.actor, req.params.id, bytes);
      return presentImport(req.params.id, analysis, pickLanguage(req.headers['accept-language']));
    },
  });

  app.post('/rounds/:id/import/commit', {
    config: { policy: policy.round('report') },
    schema: {
      tags: ['follow-up'],
      summary: 'Write an import: all rows, or nothing when any row has a problem (400 followup_import_has_errors with the preview in `current`) unless onlyValidRows=true',
      description: `${importDescription} Field \`onlyValidRows\`: "true" to write the valid rows and skip the others.`,
      consumes: ['multipart/form-data'],
      params: f.roundParams,
      response: { 200: f.importCommitResult, ...s.responses.errors, 413: s.errorResponse, 415: s.errorResponse },
    },
    handler: async (req) => {
      const { bytes, fields } = await readUpload(req);
      const language = pickLanguage(req.headers['accept-language']);
      try {
        const result = await commitImport(db, req.actor, req.params.id, bytes, fields.onlyValidRows === 'true');
        return { updated: result.updated, skipped: result.skipped, preview: presentImport(req.params.id, result.analysis, language) };
      } catch (error) {
        // The refusal carries the preview, with its messages in the caller's language.
        if (error instanceof AppError && error.code === 'followup_import_has_errors') {
          throw new AppError(400, error.code, { params: error.extra.params ?? {}, current: presentImport(req.params.id, error.extra.current as ImportAnalysis, language) });
        }
        throw error;
      }
    },
  });

  // --- board report ---
  app.get('/rounds/:id/report.docx', {
    config: { policy: policy.round('read') },
    schema: { tags: ['follow-up'], summary: 'The board report as a Word document', params: f.roundParams, produces: [docxType] },
    handler: async (req, reply) => {
      const { buffer, doc } = await boardReportDocx(db, req.params.id);
      return sendFile(reply, buffer, docxType, documentFileName(`Uppföljning ${doc.round.name}`, 'docx'));
    },
  });
  app.get('/rounds/:id/report.pdf', {
    config: { policy: policy.round('read') },
    schema: { tags: ['follow-up'], summary: 'The board report as a tagged PDF', params: f.roundParams, produces: ['application/pdf'] },
    handler: async (req, reply) => {
      const { buffer, doc } = await boardReportPdf(db, req.params.id);
      return sendFile(reply, buffer, 'application/pdf', documentFileName(`Uppföljning ${doc.round.name}`, 'pdf'));
    },
  });
  app.get('/rounds/:id/report.xlsx', {
    config: { policy: policy.round('read') },
    schema: { tags: ['follow-up'], summary: 'The whole round as a spreadsheet: summary and every report', params: f.roundParams, produces: [xlsxType] },
    handler: async (req, reply) => {
      const { buffer, doc } = await boardReportXlsx(db, req.params.id);
      return sendFile(reply, buffer, xlsxType, documentFileName(`Uppföljning ${doc.round.name}`, 'xlsx'));
    },
  });

  // --- status reports ---
  const reportOut = async (req: FastifyRequest, id: string) => {
    const row = await followUp.getReport(db, id);
    const [view] = await followUp.presentReports(db, req.actor, [row]);
    return { ...presentReport(view!), previous: await followUp.previousReportOf(db, row) };
  };

  app.get('/status-reports/:id', {
    config: { policy: policy.statusReport('read') },
    schema: { tags: ['follow-up'], summary: 'A status report, with the same unit’s report on the measure in the previous round', params: f.reportParams, response: { 200: f.statusReportDetail, ...s.responses.errors } },
    handler: async (req) => reportOut(req, req.params.id),
  });

  app.patch('/status-reports/:id', {
    config: { policy: policy.statusReport('edit') },
    schema: {
      tags: ['follow-up'],
      summary: 'Fill in a report (copyFromPrevious starts from last round’s); an approved report changes only by a coordinator, as a new revision',
      params: f.reportParams,
      body: f.updateReportBody,
      response: { 200: f.statusReportDetail, ...s.responses.errors },
    },
    handler: async (req) => {
      await followUp.updateReport(db, req.actor, req.params.id, req.body);
      return reportOut(req, req.params.id);
    },
  });

  app.post('/status-reports/:id/submit', {
    config: { policy: policy.statusReport('edit') },
    schema: { tags: ['follow-up'], summary: 'Hand a draft or returned report in', params: f.reportParams, body: f.reportTransitionBody, response: { 200: f.statusReportDetail, ...s.responses.errors } },
    handler: async (req) => {
      await followUp.submitReport(db, req.actor, req.params.id, req.body.version);
      return reportOut(req, req.params.id);
    },
  });

  app.post('/status-reports/:id/approve', {
    config: { policy: policy.statusReport('review') },
    schema: { tags: ['follow-up'], summary: 'Approve a submitted report; it is locked', params: f.reportParams, body: f.reportTransitionBody, response: { 200: f.statusReportDetail, ...s.responses.errors } },
    handler: async (req) => {
      await followUp.approveReport(db, req.actor, req.params.id, req.body.version);
      return reportOut(req, req.params.id);
    },
  });

  app.post('/status-reports/:id/return', {
    config: { policy: policy.statusReport('review') },
    schema: { tags: ['follow-up'], summary: 'Return a submitted report with a comment', params: f.reportParams, body: f.returnReportBody, response: { 200: f.statusReportDetail, ...s.responses.errors } },
    handler: async (req) => {
      await followUp.returnReport(db, req.actor, req.params.id, req.body.version, req.body.comment);
      return reportOut(req, req.params.id);
    },
  });

  app.get('/status-reports/:id/revisions', {
    config: { policy: policy.statusReport('read') },
    schema: { tags: ['follow-up'], summary: 'The report as approved, and each change after approval', params: f.reportParams, response: { 200: f.reportRevisionList, ...s.responses.errors } },
    handler: async (req) => (await followUp.listReportRevisions(db, req.params.id)).map(presentRevision),
  });

  app.get('/me/assignments', {
    config: { policy: signedIn },
    schema: { tags: ['follow-up'], summary: 'What I owe: the reports of my units, open rounds (or all), by deadline', querystring: f.myAssignmentsQuery, response: { 200: f.statusReportList, 401: s.errorResponse } },
    handler: async (req) => (await followUp.presentReports(db, req.actor, await followUp.listMyReports(db, req.actor, req.query.include))).map(presentReport),
  });

  // --- status labels ---
  app.get('/organizations/:organizationId/status-labels', {
    config: { policy: policy.organizationFollowUp('read') },
    schema: { tags: ['follow-up'], summary: 'The organization’s words and weights for the status codes', params: s.organizationParams, response: { 200: f.statusLabels, ...s.responses.errors } },
    handler: async (req) => ({ organizationId: req.params.organizationId, ...(await followUp.getStatusLabels(db, req.params.organizationId)) }),
  });

  app.put('/organizations/:organizationId/status-labels', {
    config: { policy: policy.organizationFollowUp('administer') },
    schema: { tags: ['follow-up'], summary: 'Rename status codes and set their weights (codes left out keep the defaults)', params: s.organizationParams, body: f.updateStatusLabelsBody, response: { 200: f.statusLabels, ...s.responses.errors } },
    handler: async (req) => ({ organizationId: req.params.organizationId, ...(await followUp.updateStatusLabels(db, req.actor, req.params.organizationId, req.body)) }),
  });
};

