import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { Link, useLoaderData, useLocation, useNavigate, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, query, type MeasureSearchResult, type Organization, type PlanListItem, type TaxonomyList, type Unit } from '../../api/client';
import { measureScopes } from '../../../domain/vocabulary';
import { ErrorSummary } from '../../components/ErrorSummary';
import { announce } from '../../components/LiveRegion';
import { PageHeading } from '../../components/PageHeading';
import { StatusTag } from '../../components/StatusTag';
import { formatNumber, locale, registerTranslations } from '../../i18n';
import { apiQuery, filterParams, hasFilters, MeasureFilters, readFilters, type MeasureFilterValues } from '../plan/MeasureFilters';
import { MeasureItem, nodeTitle, useVocabulary } from '../plan/shared';
import en from './en.json';
import sv from './sv.json';

registerTranslations('search', sv, en);

const limit = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const params = new URL(request.url).searchParams;
  const organizations = await api<Organization[]>('/organizations', { signal });
  const orgId = params.get('org');
  const organization = organizations.find((o) => o.id === orgId) ?? null;
  const requested = readFilters(params);
  if (!organization) return { organizations, organization: null, unknownOrganization: Boolean(orgId), filters: requested, search: null };

  const [units, taxonomies, plans] = await Promise.all([
    api<Unit[]>(`/organizations/${organization.id}/units`, { signal }),
    api<TaxonomyList>(`/organizations/${organization.id}/taxonomies`, { signal }),
    api<{ items: PlanListItem[] }>(`/plans${query({ organizationId: organization.id, limit: 500 })}`, { signal }),
  ]);
  // Units and plans belong to one organization: a choice made for another one no longer applies.
  const filters: MeasureFilterValues = {
    ...requested,
    unit: requested.unit.filter((id) => units.some((u) => u.id === id)),
    plan: requested.plan.filter((id) => plans.items.some((p) => p.id === id)),
  };
  const dropped = filters.unit.length !== requested.unit.length || filters.plan.length !== requested.plan.length;
  const result = await api<MeasureSearchResult>(`/organizations/${organization.id}/measures${query({ ...apiQuery(filters), limit })}`, { signal });
  return { organizations, organization, unknownOrganization: false, filters, search: { units, taxonomies, plans: plans.items, result, dropped } };
}

export function Component() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation('search');
  const navigate = useNavigate();
  const location = useLocation();
  const { organizations, organization, filters } = data;
  const [orgChoice, setOrgChoice] = useState(organization?.id ?? '');
  useEffect(() => setOrgChoice(organization?.id ?? ''), [organization?.id]);
  const orgOptions = organizations.map((o) => ({ value: o.id, label: o.name }));
  const title = organization ? t('titleFor', { organization: organization.name }) : t('title');

  const countTextRef = useRef('');
  const go = (params: URLSearchParams) => {
    const search = params.toString();
    // The same address again loads nothing new; say the count anyway, so the search is not silent.
    if (`?${search}` === location.search) announce(countTextRef.current);
    navigate({ search: search ? `?${search}` : '' }, { preventScrollReset: true });
  };

  const [orgError, setOrgError] = useState<string | null>(null);
  const chooseOrganization = (event: FormEvent) => {
    event.preventDefault();
    if (!orgChoice) {
      setOrgError(t('organizationRequired'));
      return;
    }
    setOrgError(null);
    go(filterParams({ ...filters, unit: [], plan: [] }, { org: orgChoice }));
  };

  const orgSelect = (
    <div className={`field${orgError ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor="search-org">
        {t('organization')}
      </label>
      {orgError && (
        <p className="field__error" id="search-org-error">
          <span className="visually-hidden">{t('errorPrefix')}: </span>
          {orgError}
        </p>
      )}
      {organization && (
        <div className="field__hint" id="search-org-hint">
          {t('organizationHint')}
        </div>
      )}
      <select
        className="select"
        id="search-org"
        name="org"
        value={orgChoice}
        required
        aria-invalid={orgError ? true : undefined}
        aria-describedby={[organization ? 'search-org-hint' : '', orgError ? 'search-org-error' : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => setOrgChoice(e.target.value)}
      >
        {!organization && <option value="">{t('chooseOrganization')}</option>}
        {orgOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <>
      <PageHeading title={title}>{t('title')}</PageHeading>
      <p className="lead">{t('intro')}</p>
      {data.unknownOrganization && <p className="notice notice--warning">{t('unknownOrganization')}</p>}
      {!organization || !data.search ? (
        <form className="filters" method="get" action="/search" onSubmit={chooseOrganization} aria-labelledby="search-choose" noValidate>
          <ErrorSummary errors={orgError ? [{ fieldId: 'search-org', message: orgError }] : []} />
          <h2 id="search-choose" className="filters__title">
            {t('chooseHeading')}
          </h2>
          {orgSelect}
          <div className="button-row">
            <button type="submit" className="button">
              {t('showMeasures')}
            </button>
          </div>
        </form>
      ) : (
        <Results
          key={organization.id}
          organization={organization}
          filters={filters}
          search={data.search}
          orgSelect={orgSelect}
          orgChoice={orgChoice}
          countTextRef={countTextRef}
          go={go}
        />
      )}
    </>
  );
}

type SearchData = NonNullable<Awaited<ReturnType<typeof loader>>['search']>;

function Results({
  organization,
  filters,
  search,
  orgSelect,
  orgChoice,
  countTextRef,
  go,
}: {
  organization: Organization;
  filters: MeasureFilterValues;
  search: SearchData;
  orgSelect: ReactNode;
  orgChoice: string;
  countTextRef: RefObject<string>;
  go: (params: URLSearchParams) => void;
}) {
  const { t, i18n } = useTranslation('search');
  const vocabulary = useVocabulary(search.taxonomies);
  const collator = useMemo(() => new Intl.Collator(locale()), [i18n.language]); // eslint-disable-line react-hooks/exhaustive-deps
  const unitNames = useMemo(() => new Map(search.units.map((u) => [u.id, u.name])), [search.units]);
  const { result } = search;
  const groups = useMemo(() => {
    const byPlan = new Map<string, { plan: (typeof result.items)[number]['plan']; items: typeof result.items }>();
    for (const item of result.items) {
      const group = byPlan.get(item.planId) ?? { plan: item.plan, items: [] };
      group.items.push(item);
      byPlan.set(item.planId, group);
    }
    return [...byPlan.values()];
  }, [result]);
  const countText = t('count', { count: result.total, n: formatNumber(result.total), plans: t('planCount', { count: groups.length, n: formatNumber(groups.length) }) });
  countTextRef.current = countText;

  const filterKey = JSON.stringify(filters);
  const previousKey = useRef(filterKey);
  useEffect(() => {
    if (previousKey.current !== filterKey) announce(countText);
    previousKey.current = filterKey;
  }, [filterKey, countText]);

  const apply = (values: MeasureFilterValues) => {
    if (orgChoice && orgChoice !== organization.id) go(filterParams({ ...values, unit: [], plan: [] }, { org: orgChoice }));
    else go(filterParams(values, { org: organization.id }));
  };
  const sortedUnits = [...search.units].sort((a, b) => collator.compare(a.name, b.name));
  const planParams = (planId: string) => {
    const params = filterParams({ ...filters, plan: [] });
    const s = params.toString();
    return `/plans/${planId}/measures${s ? `?${s}` : ''}`;
  };
  const nodeText = (node: (typeof result.items)[number]['node']) => nodeTitle({ label: node.label, role: 'goal', text: node.text }, node.number, t);

  return (
    <>
      <MeasureFilters
        idPrefix="sf"
        heading={t('filtersHeading')}
        filters={filters}
        leading={orgSelect}
        units={sortedUnits.map((u) => ({ value: u.id, label: u.name }))}
        plans={search.plans.map((p) => ({ value: p.id, label: p.title }))}
        levels={vocabulary.terms('prevention_level').map((x) => ({ value: x.code, label: x.label }))}
        forms={vocabulary.terms('violence_form').map((x) => ({ value: x.code, label: x.label }))}
        groups={vocabulary.terms('target_group').map((x) => ({ value: x.code, label: x.label }))}
        scopes={measureScopes.map((s) => ({ value: s, label: t(`common:enums.scope.${s}`) }))}
        clearTo={`/search?${new URLSearchParams({ org: organization.id }).toString()}`}
        submitLabel={t('submit')}
        onSubmit={apply}
      />
      {search.dropped && <p className="notice notice--warning">{t('dropped')}</p>}
      <h2 id="search-results">{t('results')}</h2>
      <p className="result-count">{countText}</p>
      {result.total > result.items.length && <p className="notice">{t('truncated', { shown: formatNumber(result.items.length) })}</p>}
      {result.total === 0 && (
        <p>
          {t('noHits')}
          {hasFilters(filters) && (
            <>
              {' '}
              <Link to={`/search?${new URLSearchParams({ org: organization.id }).toString()}`}>{t('clear')}</Link>
            </>
          )}
        </p>
      )}
      {groups.map(({ plan, items }) => (
        <section key={plan.id} className="search-group" aria-labelledby={`group-${plan.id}`}>
          <h3 id={`group-${plan.id}`} className="search-group__title">
            <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
          </h3>
          <p className="meta-row">
            <StatusTag status={plan.status} />
            <span>{t(`common:enums.planKind.${plan.kind}`)}</span>
            <span>{t('measureCount', { count: items.length, n: formatNumber(items.length) })}</span>
            <Link to={planParams(plan.id)}>{t('openInPlan')}</Link>
          </p>
          <ul className="measure-list">
            {items.map((m) => (
              <MeasureItem key={m.id} measure={m} code={m.code} unitNames={unitNames} vocabulary={vocabulary} goal={nodeText(m.node)} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
