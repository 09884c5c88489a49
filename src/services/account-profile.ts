import type { Db } from '../db/database.js';
import * as repo from '../db/repositories/accounts.js';
import type { Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import { authenticationRequired, versionConflict } from './errors.js';
import { inTransaction } from './transaction.js';

export async function getAccount(db: Db, actor: Actor) {
  if (actor.kind !== 'user') throw authenticationRequired();
  const user = await repo.findUser(db, actor.userId);
  if (!user) throw authenticationRequired();
  return user;
}

export async function updateAccount(db: Db, actor: Actor, input: { version: number; displayName?: string | undefined; preferredLanguage?: 'sv' | 'en' | null | undefined }) {
  if (actor.kind !== 'user') throw authenticationRequired();
  return inTransaction(db, async (tx) => {
    const current = await repo.findUser(tx, actor.userId);
    if (!current) throw authenticationRequired();
    const { version, ...values } = input;
    const updated = await repo.updateUser(tx, actor.userId, values, version);
    if (!updated) throw versionConflict(presentable(current));
    await recordAudit(tx, actor, { organizationId: null, entity: 'user', entityId: actor.userId, action: 'update', before: presentable(current), after: presentable(updated) });
    return updated;
  });
}

const presentable = (user: repo.UserRow) => ({ id: user.id, email: user.email, displayName: user.displayName, preferredLanguage: user.preferredLanguage, version: user.version });
