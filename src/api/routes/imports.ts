import multipart from '@fastify/multipart';
import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { AppError, invalidFields } from '../../services/errors.js';
import { createDraftFromImport, fileRefusal, importFilename, maxImportBytes, maxImportSize, previewImport, requireOrganization } from '../../services/imports.js';
import { handleError } from '../error-handler.js';
import { presentPlan } from '../presenters.js';
import * as s from '../schemas.js';
import { createDraftBody, createdDraft, importResult } from '../schemas-imports.js';
import * as policy from '../access/policy.js';

/** What the multipart reader's refusals mean to the person uploading. */
function uploadRefusal(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return fileRefusal(413, 'import_too_large', { maximum: maxImportSize });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(415, 'import_not_multipart');
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return fileRefusal(400, 'import_one_file');
  }
  // busboy's own refusals of a broken form ("Unexpected end of form", "Malformed part header").
  if (error instanceof Error && !(error instanceof AppError)) return fileRefusal(400, 'import_malformed');
  return error;
}

/**
 * Plan documents in, preview out (nothing stored); and the reviewed structure in, a draft plan out.
 * The multipart reader is registered here only: everywhere else the API accepts JSON alone.
 */
export const importRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  await app.register(multipart, { limits: { fileSize: maxImportBytes, files: 1, fields: 10, parts: 12, fieldSize: 10_000, headerPairs: 100 } });

  // A body that is neither JSON nor multipart: say what this route wants instead of "send JSON".
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const isUpload = request.routeOptions.url === '/api/v1/organizations/:organizationId/imports';
    if (isUpload && (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')) {
      return handleError(new AppError(415, 'import_not_multipart') as unknown as FastifyError, request, reply);
    }
    return handleError(error, request, reply);
  });

  app.post('/organizations/:organizationId/imports', {
    config: { policy: policy.organization('coordinator') },
    schema: {
      tags: ['imports'],
      summary: 'Read a plan document (.txt, .md, .docx, .pdf) and return the structure found in it; nothing is stored',
      description: `multipart/form-data with one file in the field \`file\`, at most ${maxImportSize}. Unit names are resolved against the organization's units and aliases. Refusals: 400 (empty, encrypted, image-only or unreadable file; no file), 413 (too large), 415 (not a supported document type, or not multipart).`,
      consumes: ['multipart/form-data'],
      params: s.organizationParams,
      response: { 200: importResult, 400: s.errorResponse, 404: s.errorResponse, 413: s.errorResponse, 415: s.errorResponse },
    },
    handler: async (req) => {
      await requireOrganization(db, req.params.organizationId);
      // Reads the whole form: exactly one file, in the field "file"; other fields are ignored.
      let upload: { bytes: Uint8Array; filename: string } | undefined;
      let misnamed = false;
      try {
        for await (const part of req.parts()) {
          if (part.type !== 'file') continue;
          if (upload) throw fileRefusal(400, 'import_one_file');
          if (part.fieldname !== 'file') {
            misnamed = true;
            part.file.resume();
            continue;
          }
          const buffer = await part.toBuffer();
          upload = { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength), filename: importFilename(part.filename, part.mimetype) };
        }
      } catch (error) {
        throw uploadRefusal(error);
      }
      if (!upload) throw invalidFields([{ path: 'body.file', code: misnamed ? 'import_file_field' : 'required' }]);
      return previewImport(db, req.params.organizationId, upload, req.log);
    },
  });

  app.post('/organizations/:organizationId/imports/drafts', {
    config: { policy: policy.organization('coordinator') },
    schema: {
      tags: ['imports'],
      summary: 'Create a draft plan from a reviewed import: new units first, then the plan with its goal tree and measures, in one transaction',
      description: 'A measure’s `leadUnitIds` and `coUnitIds` hold unit ids of the organization or the `key` of one of `newUnits`.',
      params: s.organizationParams,
      body: createDraftBody,
      response: { 201: createdDraft, ...s.responses.errors },
    },
    handler: async (req, reply) => {
      const { plan, createdUnits } = await createDraftFromImport(db, req.actor, req.params.organizationId, req.body);
      return reply.code(201).send({ plan: presentPlan(plan), createdUnits });
    },
  });
};
