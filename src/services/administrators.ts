import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/accounts.js';
import { findOrganizationByCode } from '../db/repositories/organizations.js';
import { systemActor } from '../domain/access.js';
import { normalizeEmail } from './accounts.js';
import { recordAudit } from './audit.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { inTransaction } from './transaction.js';

export class AdministratorError extends Error {
  override name = 'AdministratorError';
}

/** Five groups of five letters and digits: about 128 bits, easy to type once and then change. */
export const generatePassword = (): string =>
  (randomBytes(25).toString('base64').replace(/[^A-Za-z0-9]/g, '') + randomBytes(20).toString('hex')).slice(0, 25).match(/.{5}/g)!.join('-');

/**
 * Makes a person a system administrator (who creates organizations), or the admin of one
 * organization; creates the account when the e-mail is new. Used by `npm run cli -- create-admin`.
 */
export async function createAdministrator(
  db: Db,
  input: { email: string; displayName: string; password: string; organizationCode?: string | undefined },
): Promise<{ userId: string; created: boolean }> {
  const email = normalizeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AdministratorError(`"${input.email}" is not an e-mail address.`);
  const problem = passwordProblem(input.password, { email, displayName: input.displayName });
  if (problem) throw new AdministratorError(`The password is refused (${problem}): at least 12 characters, not a common password, not your name or e-mail.`);
  const passwordHash = await hashPassword(input.password);
  const actor = systemActor('Fridplan (kommandorad)');
  return inTransaction(db, async (tx) => {
    const organization = input.organizationCode ? await findOrganizationByCode(tx, input.organizationCode) : undefined;
    if (input.organizationCode && !organization) throw new AdministratorError(`No organization with code ${input.organizationCode}.`);
    let user = await repo.findUserByEmail(tx, email);
    const created = !user;
    if (!user) {
      user = await repo.insertUser(tx, { email, displayName: input.displayName, passwordHash, isSystemAdmin: !organization });
      await recordAudit(tx, actor, { organizationId: organization?.id ?? null, entity: 'user', entityId: user.id, action: 'create', after: user });
    } else if (!organization && !user.isSystemAdmin) {
      const updated = await repo.updateUser(tx, user.id, { isSystemAdmin: true });
      await recordAudit(tx, actor, { organizationId: null, entity: 'user', entityId: user.id, action: 'grant_system_admin', before: user, after: updated });
    }
    if (organization) {
      const existing = await repo.findMembership(tx, user.id, organization.id);
      if (!existing) {
        const membership = await repo.insertMembership(tx, { userId: user.id, organizationId: organization.id, role: 'admin', unitIds: [] });
        await recordAudit(tx, actor, { organizationId: organization.id, entity: 'membership', entityId: membership.id, action: 'create', after: membership });
      } else if (existing.role !== 'admin') {
        const updated = await repo.updateMembership(tx, existing.id, existing.version, { role: 'admin', unitIds: [] });
        await recordAudit(tx, actor, { organizationId: organization.id, entity: 'membership', entityId: existing.id, action: 'update', before: existing, after: updated });
      }
    }
    return { userId: user.id, created };
  });
}
