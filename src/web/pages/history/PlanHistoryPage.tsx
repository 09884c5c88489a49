import { useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, query, type TaxonomyList, type Unit } from '../../api/client';
import { allowedOrRefused, NotAllowed } from '../access/NotAllowed';
import { PlanHeader, PlanTabs } from '../plan/PlanTabs';
import { loadPlanContext } from '../versions/shared';
import { PagedTimeline } from './PagedTimeline';
import { useHistoryLabels } from './Timeline';
import { pageSize, useEventPages } from './useEventPages';
import type { AuditPage } from './values';

/** /plans/:planId/history: every change to the plan and what it holds, for the organization's members. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const { plan, organization } = await loadPlanContext(params.planId!, signal);
  const data = await allowedOrRefused(async () => {
    const [history, units, taxonomies] = await Promise.all([
      api<AuditPage>(`/plans/${plan.id}/history${query({ limit: pageSize })}`, { signal }),
      api<Unit[]>(`/organizations/${plan.organizationId}/units`, { signal }),
      api<TaxonomyList>(`/organizations/${plan.organizationId}/taxonomies`, { signal }),
    ]);
    return { history, units, taxonomies };
  });
  return { plan, organization, data };
}

export function Component() {
  const { plan, organization, data } = useLoaderData<typeof loader>();
  if (data.refused) return <NotAllowed refusal={data.refused} need="member" />;
  return <PlanHistory plan={plan} organizationName={organization.name} history={data.history} units={data.units} taxonomies={data.taxonomies} />;
}

function PlanHistory(props: {
  plan: Awaited<ReturnType<typeof loader>>['plan'];
  organizationName: string;
  history: AuditPage;
  units: Unit[];
  taxonomies: TaxonomyList;
}) {
  const { t } = useTranslation('history');
  const { plan } = props;
  const labels = useHistoryLabels(props.units, props.taxonomies);
  const pages = useEventPages(`/plans/${plan.id}/history`, props.history);
  return (
    <>
      <PlanHeader plan={plan} organizationName={props.organizationName} section={t('title')} />
      <PlanTabs planId={plan.id} plan={plan} />
      <h2 id="plan-history-title">{t('title')}</h2>
      <p>{t('intro')}</p>
      <PagedTimeline pages={pages} labels={labels} labelledBy="plan-history-title" />
    </>
  );
}
