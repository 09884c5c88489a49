import type { Db } from '../db/database.js';
import { readableOrganizations, type Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import * as repo from '../db/repositories/organizations.js';
import type { OrganizationKind } from '../domain/vocabulary.js';
import { notFound, ProblemList, versionConflict } from './errors.js';
import { isKnownOrganizationCode } from './municipalities.js';
import { inTransaction } from './transaction.js';

export const listOrganizations = (db: Db, actor: Actor) => repo.listOrganizations(db, readableOrganizations(actor));

export async function getOrganization(db: Db, id: string) {
  const row = await repo.findOrganization(db, id);
  if (!row) throw notFound('organization');
  return row;
}

export async function createOrganization(db: Db, actor: Actor, input: { code: string; name: string; kind: OrganizationKind }) {
  return inTransaction(db, async (tx) => {
    const problems = new ProblemList();
    if (!isKnownOrganizationCode(input.kind, input.code)) problems.add('body.code', 'unknown_organization_code', { value: input.code });
    else if (await repo.findOrganizationByCode(tx, input.code)) problems.add('body.code', 'already_exists', { value: input.code });
    problems.throwIfAny();
    const organization = await repo.insertOrganization(tx, input);
    await recordAudit(tx, actor, { organizationId: organization.id, entity: 'organization', entityId: organization.id, action: 'create', after: organization });
    return organization;
  });
}

export async function updateOrganization(db: Db, actor: Actor, id: string, input: { version: number; name?: string | undefined; kind?: OrganizationKind | undefined }) {
  return inTransaction(db, async (tx) => {
    const current = await repo.findOrganization(tx, id);
    if (!current) throw notFound('organization');
    const { version, ...values } = input;
    const updated = await repo.updateOrganization(tx, id, version, values);
    if (!updated) {
      // Read again: a concurrent update may have committed after `current` was read.
      const fresh = await repo.findOrganization(tx, id);
      if (!fresh) throw notFound('organization');
      throw versionConflict(fresh);
    }
    await recordAudit(tx, actor, { organizationId: id, entity: 'organization', entityId: id, action: 'update', before: current, after: updated });
    return updated;
  });
}
