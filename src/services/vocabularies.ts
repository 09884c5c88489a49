import type { Db } from '../db/database.js';
import type { Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import { findOrganization } from '../db/repositories/organizations.js';
import * as repo from '../db/repositories/vocabularies.js';
import { nationalFrameworks } from '../domain/national-frameworks.js';
import { nationalTaxonomies } from '../domain/national-taxonomies.js';
import { normalizeSearchText } from '../domain/search-text.js';
import { taxonomyKinds, type TaxonomyKind } from '../domain/vocabulary.js';
import { notFound, ProblemList } from './errors.js';
import { inTransaction } from './transaction.js';

/** Writes the national default terms and frameworks shipped with this release (idempotent). */
export async function ensureNationalVocabularies(db: Db): Promise<void> {
  await inTransaction(db, async (tx) => {
    for (const taxonomy of taxonomyKinds) {
      for (const [position, term] of nationalTaxonomies[taxonomy].entries()) {
        await repo.upsertTerm(tx, { organizationId: null, taxonomy, code: term.code, labelSv: term.sv, labelEn: term.en, position });
      }
    }
    for (const fw of nationalFrameworks) {
      await repo.upsertFramework(
        tx,
        { organizationId: null, code: fw.code, labelSv: fw.sv, labelEn: fw.en },
        fw.items.map((i) => ({ code: i.code, labelSv: i.sv, labelEn: i.en })),
      );
    }
  });
}

export async function listTaxonomies(db: Db, organizationId: string) {
  if (!(await findOrganization(db, organizationId))) throw notFound('organization');
  const terms = await repo.listTerms(db, organizationId);
  return taxonomyKinds.map((taxonomy) => ({
    taxonomy,
    terms: terms
      .filter((t) => t.taxonomy === taxonomy)
      .map((t) => ({ id: t.id, code: t.code, sv: t.labelSv, en: t.labelEn, national: t.organizationId === null })),
  }));
}

/** Codes for organization terms are made from the Swedish label unless given. */
export async function addTerm(db: Db, actor: Actor, organizationId: string, taxonomy: TaxonomyKind, input: { code?: string | undefined; sv: string; en: string }) {
  return inTransaction(db, async (tx) => {
    if (!(await findOrganization(tx, organizationId))) throw notFound('organization');
    const code = input.code ?? normalizeSearchText(input.sv).replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
    const existing = await repo.listTerms(tx, organizationId);
    const problems = new ProblemList();
    if (!code) problems.add('body.sv', 'invalid_value');
    if (existing.some((t) => t.taxonomy === taxonomy && t.code === code)) problems.add(input.code ? 'body.code' : 'body.sv', 'already_exists', { value: code });
    problems.throwIfAny();
    const position = existing.filter((t) => t.taxonomy === taxonomy).length;
    const term = await repo.insertTerm(tx, { organizationId, taxonomy, code, labelSv: input.sv, labelEn: input.en, position });
    await recordAudit(tx, actor, { organizationId, entity: 'term', entityId: term.id, action: 'create', after: term });
    return term;
  });
}

export async function listFrameworks(db: Db, organizationId: string) {
  if (!(await findOrganization(db, organizationId))) throw notFound('organization');
  const rows = await repo.listFrameworks(db, organizationId);
  const byFramework = new Map<string, { code: string; sv: string; en: string; national: boolean; items: { ref: string; code: string; sv: string; en: string }[] }>();
  for (const { framework, item } of rows) {
    if (!byFramework.has(framework.id)) {
      byFramework.set(framework.id, { code: framework.code, sv: framework.labelSv, en: framework.labelEn, national: framework.organizationId === null, items: [] });
    }
    byFramework.get(framework.id)!.items.push({ ref: `${framework.code}:${item.code}`, code: item.code, sv: item.labelSv, en: item.labelEn });
  }
  return [...byFramework.values()];
}
