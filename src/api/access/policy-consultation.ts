import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { consultationFacts } from '../../db/repositories/consultations.js';
import { canCoordinate, isMember } from '../../domain/access.js';
import { AppError, authenticationRequired, forbidden } from '../../services/errors.js';
import type { Policy } from './policy.js';

/**
 * Policies of the remiss routes. Coordinators and admins of the plan's organization run a
 * consultation; its members read it (answers, comments, dispositions, the report). Another
 * organization's consultation is not even confirmed to exist (404). The public reaches only a
 * published report, and recipients only their own answer through their link.
 */
const consultationNotFound = () => new AppError(404, 'not_found', { params: { entity: 'consultation' } });
const param = (request: FastifyRequest, key: string): string => (request.params as Record<string, string>)[key] ?? '';
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function load(request: FastifyRequest, db: Db, key: string) {
  const id = param(request, key);
  const facts = uuid.test(id) ? await consultationFacts(db, id) : undefined;
  if (!facts) throw consultationNotFound();
  return facts;
}

/** The consultation in the path: members read, coordinators and admins manage. */
export function consultation(action: 'read' | 'manage', key = 'id'): Policy {
  return {
    name: `consultation ${action}`,
    async authorize(request, db) {
      const facts = await load(request, db, key);
      const actor = request.actor;
      const allowed = action === 'read' ? isMember(actor, facts.organizationId) : canCoordinate(actor, facts.organizationId);
      if (allowed) return;
      if (actor.kind === 'anonymous') throw authenticationRequired();
      if (!isMember(actor, facts.organizationId)) throw consultationNotFound();
      throw forbidden();
    },
  };
}

/** The published report: anyone, once the coordinator has published it; before that it does not exist to the public. */
export const publishedConsultation: Policy = {
  name: 'consultation published',
  async authorize(request, db) {
    const facts = await load(request, db, 'id');
    if (!facts.published) throw consultationNotFound();
  },
};

/** A recipient link: no account; the token itself is the key, checked by the service (unknown or revoked → 404). */
export const consultationLink: Policy = {
  name: 'consultation link (token)',
  async authorize() {},
};
