import type { MeasureContent, NodeContent, PlanContent, PlanMetadata, UnitName } from '../../../src/domain/plan-content.js';

/**
 * Small hand-built plans for the domain tests. Every builder takes the id first and only the
 * fields a test cares about; positions follow the order given unless a test sets them.
 */

export function measure(id: string, fields: Partial<Omit<MeasureContent, 'id'>> = {}): MeasureContent {
  return {
    id,
    nodeId: '',
    code: null,
    text: `Åtgärd ${id}`,
    description: null,
    responsibilityText: null,
    leadUnitIds: [],
    coUnitIds: [],
    preventionLevels: [],
    targetGroups: [],
    violenceForms: [],
    vulnerableGroups: [],
    perspectives: [],
    scope: null,
    timeFrame: null,
    examples: [],
    frameworkLinks: [],
    parentMeasureId: null,
    position: -1,
    version: 1,
    ...fields,
  };
}

export interface NodeFields extends Partial<Omit<NodeContent, 'id' | 'children' | 'measures'>> {
  children?: NodeContent[];
  measures?: MeasureContent[];
}

/** A node; its children and measures get parentId/nodeId and positions 0..n-1 unless set. */
export function node(id: string, fields: NodeFields = {}): NodeContent {
  const { children = [], measures = [], ...rest } = fields;
  return {
    id,
    parentId: null,
    role: 'goal',
    label: null,
    number: null,
    text: `Mål ${id}`,
    description: null,
    preventionLevels: [],
    frameworkLinks: [],
    sourceNodeId: null,
    position: -1,
    version: 1,
    ...rest,
    children: children.map((child, index) => ({
      ...child,
      parentId: id,
      position: child.position === -1 ? index : child.position,
    })),
    measures: measures.map((m, index) => ({ ...m, nodeId: id, position: m.position === -1 ? index : m.position })),
  };
}

export function planMetadata(fields: Partial<PlanMetadata> = {}): PlanMetadata {
  return {
    id: 'plan-1',
    organizationId: 'org-1',
    title: 'Handlingsplan mot våld i nära relationer',
    kind: 'action_plan',
    status: 'draft',
    validFrom: null,
    validTo: null,
    validityNote: null,
    decision: { body: null, date: null, paragraph: null, registryNumber: null },
    registryNumber: null,
    replacesPlanId: null,
    replacesReference: null,
    parentPlanId: null,
    ownerUnitId: null,
    followUpCadence: 'annual',
    followUpDescription: null,
    summary: null,
    sections: [],
    violenceForms: [],
    targetGroups: [],
    vulnerableGroups: [],
    perspectives: [],
    frameworkLinks: [],
    version: 1,
    ...fields,
  };
}

/** A whole plan; top-level nodes get positions 0..n-1 unless set. */
export function planContent(
  nodes: NodeContent[],
  options: { units?: UnitName[]; plan?: Partial<PlanMetadata> } = {},
): PlanContent {
  return {
    plan: planMetadata(options.plan),
    units: options.units ?? [],
    nodes: nodes.map((n, index) => ({ ...n, parentId: null, position: n.position === -1 ? index : n.position })),
  };
}
