import type {
  FollowUpCadence,
  MeasureScope,
  NodeRole,
  PlanKind,
  PlanStatus,
} from './vocabulary.js';

/**
 * A plan's whole content as one value: what GET /plans/:id/tree returns, what a version freezes,
 * and what diff and coverage work on. Plain data, no I/O. Dates are ISO strings (YYYY-MM-DD).
 */
export interface PlanDecision {
  body: string | null;
  date: string | null;
  paragraph: string | null;
  registryNumber: string | null;
}

export interface PlanSection {
  heading: string;
  body: string;
}

export interface PlanMetadata {
  id: string;
  organizationId: string;
  title: string;
  kind: PlanKind;
  status: PlanStatus;
  validFrom: string | null;
  validTo: string | null;
  validityNote: string | null;
  decision: PlanDecision;
  registryNumber: string | null;
  replacesPlanId: string | null;
  replacesReference: string | null;
  parentPlanId: string | null;
  ownerUnitId: string | null;
  followUpCadence: FollowUpCadence;
  followUpDescription: string | null;
  summary: string | null;
  sections: PlanSection[];
  violenceForms: string[];
  targetGroups: string[];
  vulnerableGroups: string[];
  perspectives: string[];
  frameworkLinks: string[];
  version: number;
}

export interface MeasureContent {
  id: string;
  nodeId: string;
  code: string | null;
  text: string;
  description: string | null;
  responsibilityText: string | null;
  leadUnitIds: string[];
  coUnitIds: string[];
  preventionLevels: string[];
  targetGroups: string[];
  violenceForms: string[];
  vulnerableGroups: string[];
  perspectives: string[];
  scope: MeasureScope | null;
  timeFrame: string | null;
  examples: string[];
  frameworkLinks: string[];
  parentMeasureId: string | null;
  position: number;
  version: number;
}

export interface NodeContent {
  id: string;
  parentId: string | null;
  role: NodeRole;
  label: string | null;
  number: string | null;
  text: string;
  description: string | null;
  preventionLevels: string[];
  frameworkLinks: string[];
  sourceNodeId: string | null;
  position: number;
  version: number;
  children: NodeContent[];
  measures: MeasureContent[];
}

/** Unit names as they were when the content was read, so a frozen version stays readable. */
export interface UnitName {
  id: string;
  name: string;
}

export interface PlanContent {
  plan: PlanMetadata;
  units: UnitName[];
  nodes: NodeContent[];
}
