import type { Db } from '../db/database.js';
import * as accounts from '../db/repositories/accounts.js';
import { listOrganizations } from '../db/repositories/organizations.js';
import { listPlans } from '../db/repositories/plans.js';
import { findBusiestLeadUnit, findUnit } from '../db/repositories/units.js';
import type { Role } from '../domain/access.js';
import { normalizeSearchText } from '../domain/search-text.js';
import { hashPassword } from '../services/passwords.js';
import { inTransaction } from '../services/transaction.js';

/**
 * DEMO ONLY. Accounts for trying Fridplan on the embedded database: a system administrator, and per
 * seed organization one person in each role. Their passwords are fixed and published in the README,
 * so they are created only on the embedded database's first start, never with DATABASE_URL.
 */
export const demoPasswords: Record<Role | 'system', string> = {
  system: 'Fridplan-demo-system-2026',
  admin: 'Fridplan-demo-admin-2026',
  coordinator: 'Fridplan-demo-samordnare-2026',
  reporter: 'Fridplan-demo-rapportor-2026',
  reader: 'Fridplan-demo-lasare-2026',
};

const roleWords: Record<Role, { local: string; name: string }> = {
  admin: { local: 'admin', name: 'Administratör' },
  coordinator: { local: 'samordnare', name: 'Samordnare' },
  reporter: { local: 'rapportor', name: 'Rapportör' },
  reader: { local: 'lasare', name: 'Läsare' },
};

export interface DemoAccount {
  email: string;
  password: string;
  role: Role | 'system';
  organization: string | null;
  units: string[];
}

/** The slug in the demo e-mail address: "Södertälje kommun" → "sodertalje". */
export const organizationSlug = (name: string): string =>
  normalizeSearchText(name.replace(/\s+(kommun|stad|region)$/i, ''))
    // The genitive of the -köping towns: "Linköpings kommun" is Linköping's.
    .replace(/pings$/, 'ping')
    .replace(/[^a-z0-9]+/g, '');

export async function createDemoUsers(db: Db): Promise<DemoAccount[]> {
  return inTransaction(db, async (tx) => {
    const created: DemoAccount[] = [];
    const hashes = new Map<string, string>();
    const hashFor = async (password: string) => hashes.get(password) ?? hashes.set(password, await hashPassword(password)).get(password)!;
    const add = async (account: DemoAccount, displayName: string, isSystemAdmin: boolean) => {
      if (await accounts.findUserByEmail(tx, account.email)) return undefined;
      const user = await accounts.insertUser(tx, { email: account.email, displayName, passwordHash: await hashFor(account.password), isSystemAdmin });
      created.push(account);
      return user;
    };
    await add({ email: 'system@demo.fridplan.se', password: demoPasswords.system, role: 'system', organization: null, units: [] }, 'Systemförvaltare (demo)', true);

    for (const { organization } of await listOrganizations(tx, 'all')) {
      const slug = organizationSlug(organization.name);
      const reporterUnit = await unitForDemoReporter(tx, organization.id);
      for (const role of ['admin', 'coordinator', 'reporter', 'reader'] as const) {
        const unitIds = role === 'reporter' && reporterUnit ? [reporterUnit.id] : [];
        const account: DemoAccount = {
          email: `${roleWords[role].local}@${slug}.demo.fridplan.se`,
          password: demoPasswords[role],
          role,
          organization: organization.name,
          units: role === 'reporter' && reporterUnit ? [reporterUnit.name] : [],
        };
        const user = await add(account, `${roleWords[role].name} ${organization.name.replace(/\s+(kommun|stad)$/i, '')} (demo)`, false);
        if (user) await accounts.insertMembership(tx, { userId: user.id, organizationId: organization.id, role, unitIds });
      }
    }
    return created;
  });
}

/**
 * The reporter reports for a unit with something to do: the owner of a breakdown plan if the
 * organization has one (Malmö's administration), otherwise the unit that leads the most measures.
 */
async function unitForDemoReporter(db: Db, organizationId: string): Promise<{ id: string; name: string } | undefined> {
  const { rows } = await listPlans(db, { organizationId, readableOrganizations: 'all', limit: 100, offset: 0 });
  const breakdownOwner = rows.find((r) => r.plan.parentPlanId && r.plan.ownerUnitId)?.plan.ownerUnitId;
  return breakdownOwner ? findUnit(db, breakdownOwner) : findBusiestLeadUnit(db, organizationId);
}
