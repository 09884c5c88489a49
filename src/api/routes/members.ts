import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthConfig } from '../../config/config.js';
import type { Db } from '../../db/database.js';
import * as members from '../../services/members.js';
import * as policy from '../access/policy.js';
import { presentResetLink, publicOrigin } from '../presenters-auth.js';
import * as s from '../schemas.js';
import * as a from '../schemas-auth.js';

/** The people of an organization and their roles: the organization's admins (and system administrators) only. */
export const memberRoutes: FastifyPluginAsyncZod<{ db: Db; auth: AuthConfig }> = async (app, { db, auth }) => {
  const admin = { policy: policy.organization('admin') };

  app.get('/organizations/:organizationId/members', {
    config: admin,
    schema: { tags: ['members'], summary: "The organization's members and their roles", params: s.organizationParams, response: { 200: z.array(a.member), ...a.authErrors } },
    handler: async (req) => (await members.listMembers(db, req.params.organizationId)).map(members.presentMember),
  });

  app.post('/organizations/:organizationId/members', {
    config: admin,
    schema: {
      tags: ['members'],
      summary: 'Add a person: an existing account by e-mail gains the membership; a new one gets a link to set a password (shown once)',
      params: s.organizationParams,
      body: a.createMemberBody,
      response: { 201: a.createdMember, ...a.authErrors },
    },
    handler: async (req, reply) => {
      const added = await members.addMember(db, req.actor, req.params.organizationId, req.body);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ member: members.presentMember(added), resetLink: added.reset ? presentResetLink(publicOrigin(req, auth), added.reset) : null });
    },
  });

  app.patch('/organizations/:organizationId/members/:userId', {
    config: admin,
    schema: { tags: ['members'], summary: "Change a member's role or units", params: a.memberParams, body: a.updateMemberBody, response: { 200: a.member, ...a.authErrors } },
    handler: async (req) => members.presentMember(await members.updateMember(db, req.actor, req.params.organizationId, req.params.userId, req.body)),
  });

  app.delete('/organizations/:organizationId/members/:userId', {
    config: admin,
    schema: {
      tags: ['members'],
      summary: 'End the membership (the account stays)',
      params: a.memberParams,
      querystring: s.versionQuery,
      response: { 204: s.empty, ...a.authErrors },
    },
    handler: async (req, reply) => {
      await members.removeMember(db, req.actor, req.params.organizationId, req.params.userId, req.query.version);
      return reply.code(204).send(null);
    },
  });

  app.post('/organizations/:organizationId/members/:userId/reset-link', {
    config: admin,
    schema: { tags: ['members'], summary: 'A new single-use link for the member to set a password (shown once)', params: a.memberParams, response: { 201: a.resetLink, ...a.authErrors } },
    handler: async (req, reply) => {
      const reset = await members.issueResetLink(db, req.actor, req.params.organizationId, req.params.userId);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(presentResetLink(publicOrigin(req, auth), reset));
    },
  });
};
