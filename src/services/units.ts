import type { Db } from '../db/database.js';
import type { Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import { findOrganization } from '../db/repositories/organizations.js';
import * as repo from '../db/repositories/units.js';
import { buildMeasureSearchText, likePatternsFor, normalizeSearchText } from '../domain/search-text.js';
import type { UnitKind } from '../domain/vocabulary.js';
import { notFound, ProblemList, stateConflict, versionConflict } from './errors.js';
import { inTransaction } from './transaction.js';

export interface UnitInput {
  name: string;
  shortName?: string | null | undefined;
  kind: UnitKind;
  aliases?: string[] | undefined;
}

const unitSearchText = (u: { name: string; shortName?: string | null | undefined; aliases?: string[] | undefined }) =>
  buildMeasureSearchText([u.name, u.shortName, ...(u.aliases ?? [])]);

/** Finds units by name, short name or any alias: "Södermøre" finds Södermöre. */
export async function listUnits(db: Db, organizationId: string, query?: string) {
  if (!(await findOrganization(db, organizationId))) throw notFound('organization');
  return repo.listUnits(db, organizationId, query ? likePatternsFor(query) : []);
}

export async function getUnit(db: Db, id: string) {
  const unit = await repo.findUnit(db, id);
  if (!unit) throw notFound('unit');
  return unit;
}

function checkAliases(problems: ProblemList, name: string, aliases: string[] | undefined) {
  const seen = new Set([normalizeSearchText(name)]);
  aliases?.forEach((alias, i) => {
    const key = normalizeSearchText(alias);
    if (seen.has(key)) problems.add(`body.aliases.${i}`, 'duplicate_values', { value: alias });
    seen.add(key);
  });
}

export async function createUnit(db: Db, actor: Actor, organizationId: string, input: UnitInput) {
  return inTransaction(db, async (tx) => {
    const unit = await insertNewUnit(tx, organizationId, input);
    await recordAudit(tx, actor, { organizationId, entity: 'unit', entityId: unit.id, action: 'create', after: unit });
    return unit;
  });
}

/** The checks and insert of createUnit, without its audit event: for callers that record their own. */
export async function insertNewUnit(db: Db, organizationId: string, input: UnitInput) {
  return inTransaction(db, async (tx) => {
    if (!(await findOrganization(tx, organizationId))) throw notFound('organization');
    const problems = new ProblemList();
    if (await repo.findUnitByName(tx, organizationId, input.name)) problems.add('body.name', 'already_exists', { value: input.name });
    checkAliases(problems, input.name, input.aliases);
    problems.throwIfAny();
    return repo.insertUnit(tx, {
      organizationId,
      name: input.name,
      shortName: input.shortName ?? null,
      kind: input.kind,
      aliases: input.aliases ?? [],
      searchText: unitSearchText(input),
    });
  });
}

export async function updateUnit(db: Db, actor: Actor, id: string, input: Partial<UnitInput> & { version: number }) {
  return inTransaction(db, async (tx) => {
    const current = await repo.findUnit(tx, id);
    if (!current) throw notFound('unit');
    const next = {
      name: input.name ?? current.name,
      shortName: input.shortName === undefined ? current.shortName : input.shortName,
      kind: input.kind ?? current.kind,
      aliases: input.aliases ?? current.aliases,
    };
    const problems = new ProblemList();
    if (input.name && input.name !== current.name) {
      const clash = await repo.findUnitByName(tx, current.organizationId, input.name);
      if (clash) problems.add('body.name', 'already_exists', { value: input.name });
    }
    checkAliases(problems, next.name, input.aliases);
    problems.throwIfAny();
    const updated = await repo.updateUnit(tx, id, input.version, { ...next, searchText: unitSearchText(next) });
    if (!updated) throw await staleUnit(tx, id);
    await recordAudit(tx, actor, { organizationId: current.organizationId, entity: 'unit', entityId: id, action: 'update', before: current, after: updated });
    return updated;
  });
}

export async function deleteUnit(db: Db, actor: Actor, id: string, version: number) {
  return inTransaction(db, async (tx) => {
    const current = await repo.findUnit(tx, id);
    if (!current) throw notFound('unit');
    if (current.version !== version) throw versionConflict(current);
    const references = await repo.countMeasureReferences(tx, id);
    if (references > 0) throw stateConflict('unit_in_use', { count: references });
    const reports = await repo.countStatusReportReferences(tx, id);
    if (reports > 0) throw stateConflict('unit_has_reports', { count: reports });
    if (!(await repo.deleteUnit(tx, id, version))) throw await staleUnit(tx, id);
    await recordAudit(tx, actor, { organizationId: current.organizationId, entity: 'unit', entityId: id, action: 'delete', before: current });
  });
}

/** The refusal for a write that matched no row: read again, as a concurrent write may have committed since. */
async function staleUnit(db: Db, id: string) {
  const fresh = await repo.findUnit(db, id);
  return fresh ? versionConflict(fresh) : notFound('unit');
}
