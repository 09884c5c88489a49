import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { getPlanCoverage } from '../../services/coverage.js';
import { revisePlan, transitionPlan } from '../../services/lifecycle.js';
import * as plans from '../../services/plans.js';
import { readPlanCached } from '../../services/plan-read-cache.js';
import { createSnapshot, diffPlanVersions, getPlanVersion, listPlanVersions } from '../../services/versions.js';
import { iso, presentPlan } from '../presenters.js';
import * as s from '../schemas.js';
import { coverage } from '../schemas-coverage.js';
import { z } from 'zod';
import * as policy from '../access/policy.js';

export const planRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/plans', {
    config: { policy: policy.publicAccess },
    schema: { tags: ['plans'], summary: 'Plans, filtered by organization, status, kind, parent plan or free text', querystring: s.planListQuery, response: { 200: s.planList, 400: s.errorResponse } },
    handler: async (req) => {
      const result = await plans.listPlans(db, req.actor, req.query);
      return { total: result.total, items: result.items.map((p) => ({ ...p, createdAt: iso(p.createdAt), updatedAt: iso(p.updatedAt) })) };
    },
  });

  app.post('/plans', {
    config: { policy: policy.organizationInBody },
    schema: { tags: ['plans'], summary: 'Create a draft plan, optionally with its whole goal tree and measures', body: s.createPlanBody, response: { 201: s.plan, ...s.responses.errors } },
    handler: async (req, reply) => reply.code(201).send(presentPlan(await plans.createPlan(db, req.actor, req.body))),
  });

  app.get('/plans/:id', {
    config: { policy: policy.plan('read') },
    schema: { tags: ['plans'], params: s.idParams, response: { 200: s.plan, 404: s.errorResponse } },
    handler: async (req) => presentPlan(await plans.getPlan(db, req.params.id)),
  });

  app.patch('/plans/:id', {
    config: { policy: policy.plan('edit') },
    schema: { tags: ['plans'], summary: 'Change plan metadata (status changes go through transitions)', params: s.idParams, body: s.updatePlanBody, response: { 200: s.plan, ...s.responses.errors } },
    handler: async (req) => presentPlan(await plans.updatePlanMetadata(db, req.actor, req.params.id, req.body)),
  });

  app.delete('/plans/:id', {
    config: { policy: policy.plan('edit') },
    schema: { tags: ['plans'], summary: 'Delete a draft plan', params: s.idParams, querystring: s.versionQuery, response: { 204: s.empty, ...s.responses.errors } },
    handler: async (req, reply) => {
      await plans.deletePlan(db, req.actor, req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });

  app.get('/plans/:id/tree', {
    config: { policy: policy.plan('read') },
    schema: { tags: ['plans'], summary: 'The whole plan: metadata, the goal tree in document order, each node with its measures', params: s.idParams, response: { 200: s.planContent, 304: s.empty, 404: s.errorResponse } },
    handler: async (req, reply) => {
      const { etag, body } = await readPlanCached(db, req.params.id, 'tree', req.headers['if-none-match'], async () =>
        JSON.stringify(s.planContent.parse(await plans.getPlanContent(db, req.params.id))),
      );
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (body === undefined) return reply.code(304).send(null);
      // Already validated and serialized: sent as it is.
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  });

  app.get('/plans/:id/coverage', {
    config: { policy: policy.plan('read') },
    schema: { tags: ['analysis'], summary: 'Measures per goal × prevention level, per unit, per violence form and target group, and the gaps', params: s.idParams, response: { 200: coverage, 304: s.empty, 404: s.errorResponse } },
    handler: async (req, reply) => {
      const { etag, body } = await readPlanCached(db, req.params.id, 'coverage', req.headers['if-none-match'], async () =>
        JSON.stringify(coverage.parse(await getPlanCoverage(db, req.params.id))),
      );
      reply.header('etag', etag).header('cache-control', 'no-cache');
      if (body === undefined) return reply.code(304).send(null);
      // Already validated and serialized: sent as it is.
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  });

  app.post('/plans/:id/transitions', {
    config: { policy: policy.plan('edit') },
    schema: { tags: ['lifecycle'], summary: 'Move the plan along draft → consultation → adopted → in force → expired/replaced', params: s.idParams, body: s.transitionBody, response: { 200: s.plan, ...s.responses.errors } },
    handler: async (req) => presentPlan(await transitionPlan(db, req.actor, req.params.id, req.body)),
  });

  app.post('/plans/:id/revisions', {
    config: { policy: policy.plan('coordinate') },
    schema: { tags: ['lifecycle'], summary: 'Start a new version of an adopted plan as a draft that will replace it', params: s.idParams, body: s.reviseBody, response: { 201: s.plan, ...s.responses.errors } },
    handler: async (req, reply) => reply.code(201).send(presentPlan(await revisePlan(db, req.actor, req.params.id, req.body))),
  });

  app.get('/plans/:id/versions', {
    config: { policy: policy.plan('read') },
    schema: { tags: ['versions'], params: s.idParams, response: { 200: z.array(s.versionSummary), 404: s.errorResponse } },
    handler: async (req) => (await listPlanVersions(db, req.params.id)).map((v) => ({ ...v, createdAt: iso(v.createdAt) })) as z.infer<typeof s.versionSummary>[],
  });

  app.post('/plans/:id/versions', {
    config: { policy: policy.plan('edit') },
    schema: { tags: ['versions'], summary: 'Freeze the current content as a version', params: s.idParams, body: s.snapshotBody, response: { 201: s.versionSummary, ...s.responses.errors } },
    handler: async (req, reply) => {
      const { content: _content, organizationId: _org, ...v } = await createSnapshot(db, req.actor, req.params.id, req.body.label ?? null);
      return reply.code(201).send({ ...v, createdAt: iso(v.createdAt) } as z.infer<typeof s.versionSummary>);
    },
  });

  app.get('/plans/:id/versions/:versionId', {
    config: { policy: policy.plan('read') },
    schema: { tags: ['versions'], params: s.versionParams, response: { 200: s.versionDetail, 404: s.errorResponse } },
    handler: async (req) => {
      const { organizationId: _org, ...v } = await getPlanVersion(db, req.params.id, req.params.versionId);
      return { ...v, createdAt: iso(v.createdAt) } as z.infer<typeof s.versionDetail>;
    },
  });

  app.get('/plans/:id/diff', {
    config: { policy: policy.plan('read') },
    schema: { tags: ['versions'], summary: 'Readable diff between two versions, or a version and the current content ("current")', params: s.idParams, querystring: s.diffQuery, response: { 200: s.diffResult, ...s.responses.errors } },
    handler: async (req) => {
      const result = await diffPlanVersions(db, req.params.id, req.query.from, req.query.to);
      const when = <T extends { createdAt: string | null }>(d: T): T => ({ ...d, createdAt: d.createdAt ? iso(d.createdAt) : null });
      return { ...result, from: when(result.from), to: when(result.to) } as unknown as z.infer<typeof s.diffResult>;
    },
  });
};
