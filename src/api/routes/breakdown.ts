import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import { createBreakdown, getBreakdowns } from '../../services/breakdown.js';
import { presentPlan } from '../presenters.js';
import * as s from '../schemas.js';
import { breakdownOverview, createBreakdownBody } from '../schemas-breakdown.js';
import * as policy from '../access/policy.js';

export const breakdownRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/plans/:id/breakdowns', {
    config: { policy: policy.plan('read') },
    schema: {
      tags: ['breakdown'],
      summary: 'The plans that break this plan down, per node and measure the nodes and measures pointing at it, and what this plan breaks down',
      params: s.idParams,
      response: { 200: breakdownOverview, 404: s.errorResponse },
    },
    handler: async (req) => getBreakdowns(db, req.actor, req.params.id),
  });

  app.post('/plans/:id/breakdowns', {
    config: { policy: policy.breakdownOf },
    schema: {
      tags: ['breakdown'],
      summary:
        'Create a unit’s own draft plan under this plan: the chosen goals mirrored with their subtrees (sourceNodeId), and for each measure under them a measure of the unit pointing at it (parentMeasureId), led by the unit',
      params: s.idParams,
      body: createBreakdownBody,
      response: { 201: s.plan, ...s.responses.errors },
    },
    handler: async (req, reply) => reply.code(201).send(presentPlan(await createBreakdown(db, req.actor, req.params.id, req.body))),
  });
};
