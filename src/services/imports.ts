import type { Db } from '../db/database.js';
import type { Actor } from '../domain/access.js';
import { recordAudit } from './audit.js';
import { findOrganization } from '../db/repositories/organizations.js';
import { findUnit, listUnits } from '../db/repositories/units.js';
import type { MeasureScope, NodeRole, PlanKind, UnitKind } from '../domain/vocabulary.js';
import { importDocument } from '../importer/import-document.js';
import { ImportError, type ImportResult, type ImportUnit } from '../importer/types.js';
import type { MeasureInput, NodeInput } from './content-input.js';
import { AppError, notFound, ProblemList, type FieldProblem } from './errors.js';
import { insertNewPlan, type PlanMetadataInput } from './plans.js';
import { inTransaction } from './transaction.js';
import { insertNewUnit } from './units.js';

/*
 * Importing a plan document: a preview of what the importer finds (nothing is stored), and the draft
 * plan made from the structure the coordinator reviewed, with the units it needs created first.
 */

/** The largest document the API accepts (a 40-page PDF with images is well under it). */
export const maxImportBytes = 20 * 1024 * 1024;
export const maxImportSize = '20 MB';

/**
 * How the importer's refusals are answered: HTTP status and the message code (src/i18n/api-messages.ts).
 * A refusal is also reported at the field `body.file`, so a form can show it at the file input.
 */
export const importErrorResponses: Record<ImportError['code'], { status: 400 | 413 | 415; code: string }> = {
  unsupported_format: { status: 415, code: 'import_unsupported_format' },
  too_large: { status: 413, code: 'import_document_too_large' },
  empty: { status: 400, code: 'import_empty' },
  encrypted: { status: 400, code: 'import_encrypted' },
  image_only: { status: 400, code: 'import_image_only' },
  unreadable: { status: 400, code: 'import_unreadable' },
};

/** An upload refused before or by the importer, answered with its own status and reported at `body.file`. */
export function fileRefusal(status: 400 | 413 | 415, code: string, params?: Record<string, string | number>): AppError {
  return new AppError(status, code, { params, fields: [{ path: 'body.file', code, params }] });
}

export async function requireOrganization(db: Db, organizationId: string): Promise<void> {
  if (!(await findOrganization(db, organizationId))) throw notFound('organization');
}

const extensionByMimeType: Record<string, string> = {
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

/** A file name the importer can tell the format from: one without an extension gets its type's. */
export function importFilename(filename: string, mimeType: string | undefined): string {
  const name = filename.trim() || 'dokument';
  if (/\.[a-z0-9]{1,8}$/i.test(name)) return name;
  const extension = mimeType ? extensionByMimeType[mimeType.split(';')[0]!.trim().toLowerCase()] : undefined;
  return extension ? `${name}.${extension}` : name;
}

/**
 * Reads a document and returns the structure found in it, with unit names resolved against the
 * organization's units and aliases. Stores nothing.
 */
export async function previewImport(db: Db, organizationId: string, file: { bytes: Uint8Array; filename: string }, log?: { warn: (obj: object, msg: string) => void }): Promise<ImportResult> {
  await requireOrganization(db, organizationId);
  const units: ImportUnit[] = (await listUnits(db, organizationId)).map((u) => ({ id: u.id, name: u.name, shortName: u.shortName, aliases: u.aliases }));
  try {
    return await importDocument({ bytes: file.bytes, filename: file.filename, units });
  } catch (error) {
    if (error instanceof ImportError || (error instanceof Error && error.name === 'ImportError' && (error as ImportError).code in importErrorResponses)) {
      const response = importErrorResponses[(error as ImportError).code];
      throw fileRefusal(response.status, response.code);
    }
    // A document that breaks a reader (a damaged DOCX or PDF) is unreadable to the user, not a server error.
    log?.warn({ err: error, filename: file.filename }, 'import failed on a document');
    throw fileRefusal(400, 'import_unreadable');
  }
}

// --- the draft --------------------------------------------------------------------------------

export interface DraftNewUnit {
  key: string;
  name: string;
  kind: UnitKind;
  aliases?: string[] | undefined;
}

/** A measure whose unit lists hold unit ids or keys of `newUnits`. */
export type DraftMeasure = MeasureInput;

export interface DraftNode {
  role: NodeRole;
  label?: string | null | undefined;
  number?: string | null | undefined;
  text: string;
  description?: string | null | undefined;
  preventionLevels?: string[] | undefined;
  measures?: DraftMeasure[] | undefined;
  children?: DraftNode[] | undefined;
}

export interface CreateDraftInput extends Omit<PlanMetadataInput, 'ownerUnitId'> {
  /** A unit id of the organization, or the key of one of `newUnits`. */
  ownerUnitId?: string | null | undefined;
  title: string;
  kind: PlanKind;
  newUnits?: DraftNewUnit[] | undefined;
  nodes?: DraftNode[] | undefined;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Moves a unit service's field problems ("body.name") under the new unit they belong to. */
function underNewUnit(error: unknown, index: number): unknown {
  if (!(error instanceof AppError) || !error.extra.fields) return error;
  const fields: FieldProblem[] = error.extra.fields.map((f) => ({ ...f, path: f.path.replace(/^body\./, `body.newUnits.${index}.`) }));
  return new AppError(error.status, error.code, { ...error.extra, fields });
}

/**
 * Creates a draft plan from a reviewed import, in one transaction: first the new units, then the plan
 * with its goal tree and measures, whose unit lists may name the new units by their keys. Any problem
 * rolls everything back; problems are reported with their paths in the request.
 */
export async function createDraftFromImport(db: Db, actor: Actor, organizationId: string, input: CreateDraftInput) {
  return inTransaction(db, async (tx) => {
    await requireOrganization(tx, organizationId);
    const problems = new ProblemList();
    const newUnits = input.newUnits ?? [];
    const existingNames = new Set((await listUnits(tx, organizationId)).map((u) => u.name.trim().toLocaleLowerCase('sv')));
    const keys = new Set<string>();
    const names = new Set<string>();
    newUnits.forEach((unit, i) => {
      if (uuidPattern.test(unit.key)) problems.add(`body.newUnits.${i}.key`, 'invalid_value', { options: '' });
      else if (keys.has(unit.key)) problems.add(`body.newUnits.${i}.key`, 'duplicate_values', { value: unit.key });
      keys.add(unit.key);
      const name = unit.name.trim().toLocaleLowerCase('sv');
      if (existingNames.has(name) || names.has(name)) problems.add(`body.newUnits.${i}.name`, 'already_exists', { value: unit.name });
      names.add(name);
    });

    // Every unit reference is a new unit's key or a unit id (whose organization createPlan checks).
    const walk = (nodes: DraftNode[], path: string) =>
      nodes.forEach((node, i) => {
        node.measures?.forEach((measure, j) => {
          for (const field of ['leadUnitIds', 'coUnitIds'] as const) {
            measure[field]?.forEach((ref, k) => {
              if (!keys.has(ref) && !uuidPattern.test(ref)) problems.add(`${path}.${i}.measures.${j}.${field}.${k}`, 'unknown_reference', { value: ref });
            });
          }
        });
        walk(node.children ?? [], `${path}.${i}.children`);
      });
    walk(input.nodes ?? [], 'body.nodes');
    // createPlan inserts the plan before it reports metadata problems: an owner unit that is not the
    // organization's would reach the database's foreign key first. Check it here.
    const owner = input.ownerUnitId;
    if (owner && !keys.has(owner)) {
      const unit = uuidPattern.test(owner) ? await findUnit(tx, owner) : undefined;
      if (!unit || unit.organizationId !== organizationId) problems.add('body.ownerUnitId', 'unknown_reference', { value: owner });
    }
    // Checked here too: createPlan inserts the plan before it reports metadata problems, and the
    // database's own check on the period would answer first.
    if (input.validFrom && input.validTo && input.validFrom > input.validTo) problems.add('body.validTo', 'before_valid_from');
    problems.throwIfAny();

    const idByKey = new Map<string, string>();
    const createdUnits: { key: string; id: string; name: string; kind: UnitKind }[] = [];
    for (const [i, unit] of newUnits.entries()) {
      const row = await insertNewUnit(tx, organizationId, { name: unit.name, kind: unit.kind, aliases: unit.aliases }).catch((error: unknown) => {
        throw underNewUnit(error, i);
      });
      idByKey.set(unit.key, row.id);
      createdUnits.push({ key: unit.key, id: row.id, name: row.name, kind: row.kind as UnitKind });
    }

    const resolve = (refs: string[] | undefined) => refs?.map((ref) => idByKey.get(ref) ?? ref);
    const toNodes = (nodes: DraftNode[]): NodeInput[] =>
      nodes.map((node) => ({
        ...node,
        measures: node.measures?.map((m) => ({ ...m, leadUnitIds: resolve(m.leadUnitIds), coUnitIds: resolve(m.coUnitIds), scope: m.scope as MeasureScope | null | undefined })),
        children: node.children ? toNodes(node.children) : undefined,
      }));
    const { newUnits: _newUnits, nodes, ownerUnitId, ...metadata } = input;
    const plan = await insertNewPlan(tx, { ...metadata, ownerUnitId: ownerUnitId ? (idByKey.get(ownerUnitId) ?? ownerUnitId) : ownerUnitId, organizationId, nodes: toNodes(nodes ?? []) });
    await recordAudit(tx, actor, { organizationId, planId: plan.id, entity: 'plan', entityId: plan.id, action: 'import', after: { ...plan, createdUnits } });
    return { plan, createdUnits };
  });
}
