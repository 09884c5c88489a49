import type { Plan } from '../../api/client';
import { PlanHeader, PlanTabs } from '../plan/PlanTabs';

/**
 * The top of an editing page about one plan, the same as on the plan's reading pages: the plan's
 * title as the h1 with its status and kind, then the plan's own navigation.
 */
export function PlanHead({ plan, organizationName, section }: { plan: Pick<Plan, 'id' | 'title' | 'status' | 'kind' | 'organizationId' | 'ownerUnitId' | 'parentPlanId'>; organizationName?: string | undefined; section: string }) {
  return (
    <>
      <PlanHeader plan={plan} organizationName={organizationName} section={section} />
      <PlanTabs planId={plan.id} plan={plan} />
    </>
  );
}
