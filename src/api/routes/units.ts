import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/database.js';
import * as units from '../../services/units.js';
import { presentUnit } from '../presenters.js';
import * as s from '../schemas.js';
import * as policy from '../access/policy.js';

export const unitRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/units/:id', {
    config: { policy: policy.unit('read') },
    schema: { tags: ['units'], params: s.idParams, response: { 200: s.unit, 404: s.errorResponse } },
    handler: async (req) => presentUnit(await units.getUnit(db, req.params.id)),
  });

  app.patch('/units/:id', {
    config: { policy: policy.unit('administer') },
    schema: { tags: ['units'], params: s.idParams, body: s.updateUnitBody, response: { 200: s.unit, ...s.responses.errors } },
    handler: async (req) => presentUnit(await units.updateUnit(db, req.actor, req.params.id, req.body)),
  });

  app.delete('/units/:id', {
    config: { policy: policy.unit('administer') },
    schema: { tags: ['units'], summary: 'Delete a unit that no measure refers to', params: s.idParams, querystring: s.versionQuery, response: { 204: s.empty, ...s.responses.errors } },
    handler: async (req, reply) => {
      await units.deleteUnit(db, req.actor, req.params.id, req.query.version);
      return reply.code(204).send(null);
    },
  });
};
