import type { NodeRow } from '../db/repositories/content.js';
import type { OrganizationRow } from '../db/repositories/organizations.js';
import type { PlanRow } from '../db/repositories/plans.js';
import type { UnitRow } from '../db/repositories/units.js';
import type { OrganizationKind, UnitKind } from '../domain/vocabulary.js';
import { presentNode as presentNodeContent, presentPlanMetadata } from '../services/plan-content.js';

/** Timestamps as ISO 8601 in UTC, whichever driver read them. */
export const iso = (value: string) => new Date(value.includes('T') ? value : value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();

export const presentOrganization = (row: OrganizationRow, planCount?: number) => ({
  id: row.id,
  code: row.code,
  name: row.name,
  kind: row.kind as OrganizationKind,
  ...(planCount === undefined ? {} : { planCount }),
  version: row.version,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export const presentUnit = (row: UnitRow) => ({
  id: row.id,
  organizationId: row.organizationId,
  name: row.name,
  shortName: row.shortName,
  kind: row.kind as UnitKind,
  aliases: row.aliases,
  version: row.version,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export const presentPlan = (row: PlanRow) => ({ ...presentPlanMetadata(row), createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) });

/** A node on its own (create, update, move): its content without children and measures, with its plan and times. */
export const presentNode = (row: NodeRow) => {
  const { children: _children, measures: _measures, ...node } = presentNodeContent(row);
  return { ...node, planId: row.planId, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
};
