import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { pickLanguage } from '../../i18n/api-messages.js';
import { exportOrganizationLogCsv, getMeasureHistory, getOrganizationLog, getPlanHistory } from '../../services/audit-read.js';
import * as policy from '../access/policy.js';
import * as s from '../schemas.js';
import { auditPage, auditQuery, historyQuery } from '../schemas-audit.js';

/** The audit trail's read side: histories for the organization's members, the whole log for its admins. */
export const auditRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/plans/:id/history', {
    config: { policy: policy.plan('history') },
    schema: {
      tags: ['audit'],
      summary: 'Who changed what in the plan, its goals, measures and versions, newest first',
      params: s.idParams,
      querystring: historyQuery,
      response: { 200: auditPage, ...s.responses.errors },
    },
    handler: async (req) => getPlanHistory(db, req.params.id, req.query),
  });

  app.get('/measures/:id/history', {
    config: { policy: policy.measure('history') },
    schema: { tags: ['audit'], summary: 'Who changed what in the measure, newest first', params: s.idParams, querystring: historyQuery, response: { 200: auditPage, ...s.responses.errors } },
    handler: async (req) => getMeasureHistory(db, req.params.id, req.query),
  });

  app.get('/organizations/:organizationId/audit', {
    config: { policy: policy.organization('admin') },
    schema: {
      tags: ['audit'],
      summary: 'The organization’s audit log, filtered by entity, action, actor and days (from/to, Swedish time), newest first',
      params: s.organizationParams,
      querystring: auditQuery,
      response: { 200: auditPage, ...s.responses.errors },
    },
    handler: async (req) => {
      const { limit, ...filter } = req.query;
      return getOrganizationLog(db, req.params.organizationId, filter, limit);
    },
  });

  app.get('/organizations/:organizationId/audit.csv', {
    config: { policy: policy.organization('admin') },
    schema: {
      tags: ['audit'],
      summary: 'The organization’s audit log as CSV for Excel (UTF-8 with BOM, `;` separated, one row per changed field)',
      description: 'The same filters as the JSON log; `limit` is ignored: every matching event is exported.',
      params: s.organizationParams,
      querystring: auditQuery,
      produces: ['text/csv'],
      response: { 200: z.string().describe('text/csv'), ...s.responses.errors },
    },
    handler: async (req, reply) => {
      const { limit: _limit, ...filter } = req.query;
      const { filename, body } = await exportOrganizationLogCsv(db, req.params.organizationId, filter, pickLanguage(req.headers['accept-language']));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(body);
    },
  });
};
