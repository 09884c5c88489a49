import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as organizations from '../../services/organizations.js';
import * as units from '../../services/units.js';
import * as vocabularies from '../../services/vocabularies.js';
import { presentOrganization, presentUnit } from '../presenters.js';
import * as s from '../schemas.js';
import * as policy from '../access/policy.js';

export const organizationRoutes: FastifyPluginAsyncZod<{ db: import('../../db/database.js').Db }> = async (app, { db }) => {
  app.get('/organizations', {
    config: { policy: policy.publicAccess },
    schema: { tags: ['organizations'], summary: 'Organizations with their number of plans', response: { 200: z.array(s.organization) } },
    handler: async (req) => (await organizations.listOrganizations(db, req.actor)).map((r) => presentOrganization(r.organization, r.planCount)),
  });

  app.post('/organizations', {
    config: { policy: policy.systemAdministrator },
    schema: { tags: ['organizations'], body: s.createOrganizationBody, response: { 201: s.organization, ...s.responses.errors } },
    handler: async (req, reply) => reply.code(201).send(presentOrganization(await organizations.createOrganization(db, req.actor, req.body))),
  });

  app.get('/organizations/:id', {
    config: { policy: policy.publicAccess },
    schema: { tags: ['organizations'], params: s.idParams, response: { 200: s.organization, 404: s.errorResponse } },
    handler: async (req) => presentOrganization(await organizations.getOrganization(db, req.params.id)),
  });

  app.patch('/organizations/:id', {
    config: { policy: policy.organization('admin', 'id') },
    schema: { tags: ['organizations'], params: s.idParams, body: s.updateOrganizationBody, response: { 200: s.organization, ...s.responses.errors } },
    handler: async (req) => presentOrganization(await organizations.updateOrganization(db, req.actor, req.params.id, req.body)),
  });

  app.get('/organizations/:organizationId/units', {
    config: { policy: policy.publicAccess },
    schema: { tags: ['units'], summary: 'Units, optionally searched by name, short name or alias', params: s.organizationParams, querystring: s.unitListQuery, response: { 200: z.array(s.unit), 404: s.errorResponse } },
    handler: async (req) => (await units.listUnits(db, req.params.organizationId, req.query.q)).map(presentUnit),
  });

  app.post('/organizations/:organizationId/units', {
    config: { policy: policy.organization('admin') },
    schema: { tags: ['units'], params: s.organizationParams, body: s.createUnitBody, response: { 201: s.unit, ...s.responses.errors } },
    handler: async (req, reply) => reply.code(201).send(presentUnit(await units.createUnit(db, req.actor, req.params.organizationId, req.body))),
  });

  app.get('/organizations/:organizationId/taxonomies', {
    config: { policy: policy.publicAccess },
    schema: { tags: ['vocabularies'], summary: 'National terms and the organization’s own, per taxonomy', params: s.organizationParams, response: { 200: s.taxonomyList, 404: s.errorResponse } },
    handler: async (req) => vocabularies.listTaxonomies(db, req.params.organizationId),
  });

  app.post('/organizations/:organizationId/taxonomies/:taxonomy/terms', {
    config: { policy: policy.organization('admin') },
    schema: { tags: ['vocabularies'], params: s.addTermParams, body: s.addTermBody, response: { 201: s.term, ...s.responses.errors } },
    handler: async (req, reply) => {
      const row = await vocabularies.addTerm(db, req.actor, req.params.organizationId, req.params.taxonomy, req.body);
      return reply.code(201).send({ id: row.id, taxonomy: req.params.taxonomy, code: row.code, sv: row.labelSv, en: row.labelEn, national: false });
    },
  });

  app.get('/organizations/:organizationId/frameworks', {
    config: { policy: policy.publicAccess },
    schema: { tags: ['vocabularies'], params: s.organizationParams, response: { 200: s.frameworkList, 404: s.errorResponse } },
    handler: async (req) => vocabularies.listFrameworks(db, req.params.organizationId),
  });
};
