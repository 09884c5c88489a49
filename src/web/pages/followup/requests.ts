import { api, type Plan } from '../../api/client';
import type { Assignment, StatusLabel, StatusLabels, StatusReport } from './model';

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

/** The organization's status labels (its own words over the defaults), in the canonical order. */
export async function loadStatusLabels(organizationId: string, signal?: AbortSignal): Promise<StatusLabel[]> {
  return (await api<StatusLabels>(`/organizations/${organizationId}/status-labels`, withSignal(signal))).labels;
}

/**
 * Everything the signed-in person reports on, in open and closed rounds, with each plan's title
 * (a report names its plan by id; a reporter rarely has more than a few plans), and the status
 * labels of their organization.
 */
export async function loadAssignments(signal?: AbortSignal): Promise<{ items: Assignment[]; labels: StatusLabel[] }> {
  const reports = await api<StatusReport[]>('/me/assignments?include=all', withSignal(signal));
  const planIds = [...new Set(reports.map((r) => r.planId))];
  const organizationId = reports[0]?.organizationId;
  const [plans, labels] = await Promise.all([
    Promise.all(planIds.map((id) => api<Plan>(`/plans/${id}`, withSignal(signal)))),
    // A reporter belongs to one organization in practice; its labels name the statuses.
    organizationId ? loadStatusLabels(organizationId, signal) : Promise.resolve([]),
  ]);
  const titles = new Map(plans.map((p) => [p.id, p.title]));
  return { items: reports.map((r) => ({ ...r, planTitle: titles.get(r.planId) ?? '' })), labels };
}
