import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import * as measures from '../../services/measures.js';
import * as nodes from '../../services/nodes.js';
import { searchMeasures } from '../../services/search.js';
import { presentNode } from '../presenters.js';
import * as s from '../schemas.js';
import * as policy from '../access/policy.js';

export const contentRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post('/plans/:id/nodes', {
    config: { policy: policy.plan('edit') },
    schema: { tags: ['content'], summary: 'Add a goal, strategy, condition or heading (with children and measures) at a position', params: s.idParams, body: s.createNodeBody, response: { 201: s.node, ...s.responses.errors } },
    handler: async (req, reply) => reply.code(201).send(presentNode(await nodes.createNode(db, req.actor, req.params.id, req.body))),
  });

  app.patch('/nodes/:id', {
    config: { policy: policy.node('edit') },
    schema: { tags: ['content'], params: s.idParams, body: s.updateNodeBody, response: { 200: s.node, ...s.responses.errors } },
    handler: async (req) => presentNode(await nodes.updateNode(db, req.actor, req.params.id, req.body)),
  });

  app.post('/nodes/:id/move', {
    config: { policy: policy.node('edit') },
    schema: { tags: ['content'], summary: 'Move a node to another parent (null = top level) and/or position', params: s.idParams, body: s.moveNodeBody, response: { 200: s.node, ...s.responses.errors } },
    handler: async (req) => presentNode(await nodes.moveNode(db, req.actor, req.params.id, req.body)),
  });

  app.delete('/nodes/:id', {
    config: { policy: policy.node('edit') },
    schema: { tags: ['content'], summary: 'Delete a node with its children and measures', params: s.idParams, querystring: s.versionQuery, response: { 204: s.empty, ...s.responses.errors } },
    handler: async (req, reply) => {
      await nodes.deleteNode(db, req.actor, req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });

  app.post('/nodes/:id/measures', {
    config: { policy: policy.node('edit') },
    schema: { tags: ['content'], summary: 'Add a measure under a node', params: s.idParams, body: s.createMeasureBody, response: { 201: s.measureDetail, ...s.responses.errors } },
    handler: async (req, reply) => reply.code(201).send(await measures.getMeasure(db, await measures.createMeasure(db, req.actor, req.params.id, req.body), req.actor)),
  });

  app.get('/measures/:id', {
    config: { policy: policy.measure('read') },
    schema: { tags: ['content'], summary: 'A measure with its plan, goal, units and breakdowns', params: s.idParams, response: { 200: s.measureDetail, 404: s.errorResponse } },
    handler: async (req) => measures.getMeasure(db, req.params.id, req.actor),
  });

  app.patch('/measures/:id', {
    config: { policy: policy.measure('edit') },
    schema: { tags: ['content'], params: s.idParams, body: s.updateMeasureBody, response: { 200: s.measureDetail, ...s.responses.errors } },
    handler: async (req) => measures.getMeasure(db, await measures.updateMeasure(db, req.actor, req.params.id, req.body), req.actor),
  });

  app.post('/measures/:id/move', {
    config: { policy: policy.measure('edit') },
    schema: { tags: ['content'], summary: 'Move a measure to another node and/or position', params: s.idParams, body: s.moveMeasureBody, response: { 200: s.measureDetail, ...s.responses.errors } },
    handler: async (req) => measures.getMeasure(db, await measures.moveMeasure(db, req.actor, req.params.id, req.body), req.actor),
  });

  app.delete('/measures/:id', {
    config: { policy: policy.measure('edit') },
    schema: { tags: ['content'], params: s.idParams, querystring: s.versionQuery, response: { 204: s.empty, ...s.responses.errors } },
    handler: async (req, reply) => {
      await measures.deleteMeasure(db, req.actor, req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });

  app.get('/organizations/:organizationId/measures', {
    config: { policy: policy.publicAccess },
    schema: {
      tags: ['analysis'],
      summary: 'Search measures across the organization’s plans (Swedish-aware, case- and diacritic-insensitive)',
      params: s.organizationParams,
      querystring: s.measureSearchQuery,
      response: { 200: s.measureSearchResult, ...s.responses.errors },
    },
    handler: async (req) => {
      const q = req.query;
      return searchMeasures(db, req.actor, {
        organizationId: req.params.organizationId,
        q: q.q,
        planIds: q.planId,
        unitIds: q.unitId,
        unitRole: q.unitRole,
        preventionLevels: q.preventionLevel,
        violenceForms: q.violenceForm,
        targetGroups: q.targetGroup,
        vulnerableGroups: q.vulnerableGroup,
        scopes: q.scope,
        planStatuses: q.planStatus,
        limit: q.limit,
        offset: q.offset,
      }) as Promise<import('zod').infer<typeof s.measureSearchResult>>;
    },
  });
};
