/**
 * The fixed vocabularies of the plan domain. Identifiers are English; the words a user
 * sees come from the translation files (see src/i18n), keyed by these values.
 */

export const organizationKinds = ['municipality', 'region', 'county_board'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

/** nämnd, förvaltning/kontor, bolag, kommunalförbund, råd, extern part, samlingsbegrepp ("alla förvaltningar") */
export const unitKinds = ['board', 'administration', 'company', 'federation', 'council', 'external', 'group'] as const;
export type UnitKind = (typeof unitKinds)[number];

/** strategi, handlingsplan, plan, program, aktivitetsplan, åtgärdsplan */
export const planKinds = ['strategy', 'action_plan', 'plan', 'programme', 'activity_plan', 'measure_plan'] as const;
export type PlanKind = (typeof planKinds)[number];

/** Lifecycle: draft → consultation → adopted → in_force → expired | replaced. */
export const planStatuses = ['draft', 'consultation', 'adopted', 'in_force', 'expired', 'replaced'] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const followUpCadences = ['none', 'quarterly', 'semiannual', 'annual', 'biennial'] as const;
export type FollowUpCadence = (typeof followUpCadences)[number];

/**
 * What a node in a plan's tree is, whatever the plan calls it (the plan's own word is the node's label):
 * - goal: fokusområde, inriktningsmål, utvecklingsområde, område, inriktning, mål
 * - strategy: a "genom att" line under a goal
 * - condition: "för att uppnå fokusområdet behöver följande vara på plats"
 * - need: a need stated for a goal, often per prevention level (Linköping)
 * - heading: a grouping heading that is not itself a goal (e.g. "Stadsövergripande aktiviteter")
 */
export const nodeRoles = ['goal', 'strategy', 'condition', 'need', 'heading'] as const;
export type NodeRole = (typeof nodeRoles)[number];

/** Malmö's three kinds of activity: stadsövergripande, i samverkan, verksamhetsspecifik. */
export const measureScopes = ['city_wide', 'collaboration', 'unit_specific'] as const;
export type MeasureScope = (typeof measureScopes)[number];

export const unitRoles = ['lead', 'co'] as const;
export type UnitRole = (typeof unitRoles)[number];

export const taxonomyKinds = ['prevention_level', 'violence_form', 'target_group', 'vulnerable_group', 'perspective'] as const;
export type TaxonomyKind = (typeof taxonomyKinds)[number];

export const versionReasons = ['consultation', 'adoption', 'snapshot'] as const;
export type VersionReason = (typeof versionReasons)[number];
