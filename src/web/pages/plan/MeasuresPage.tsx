import { useEffect, useMemo, useRef } from 'react';
import { Link, useLoaderData, useLocation, useNavigate, useSearchParams, type LoaderFunctionArgs, type ShouldRevalidateFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, query, type MeasureSearchResult, type Organization, type PlanContent, type TaxonomyList } from '../../api/client';
import { compareCodes, displayNumbers } from '../../../domain/numbering';
import { flattenMeasures, flattenNodes } from '../../../domain/tree';
import { measureScopes } from '../../../domain/vocabulary';
import { announce } from '../../components/LiveRegion';
import { formatNumber, locale, registerTranslations } from '../../i18n';
import en from './en.json';
import { apiQuery, filterParams, hasFilters, MeasureFilters, readFilters, type MeasureFilterValues, type Option } from './MeasureFilters';
import { PlanHeader, PlanTabs } from './PlanTabs';
import { LevelChips, nodeLabel, shownNodeNumber, useVocabulary, type TaxonomyKind } from './shared';
import sv from './sv.json';

registerTranslations('plan', sv, en);

const sortColumns = ['code', 'text', 'goal', 'responsible'] as const;
type SortColumn = (typeof sortColumns)[number];

function readSort(params: URLSearchParams): { sort: SortColumn | null; dir: 'asc' | 'desc' } {
  const sort = params.get('sort');
  return { sort: (sortColumns as readonly string[]).includes(sort ?? '') ? (sort as SortColumn) : null, dir: params.get('dir') === 'desc' ? 'desc' : 'asc' };
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const filters = readFilters(new URL(request.url).searchParams);
  const tree = await api<PlanContent>(`/plans/${params.planId}/tree`, { signal });
  const org = tree.plan.organizationId;
  const [organization, taxonomies, result] = await Promise.all([
    api<Organization>(`/organizations/${org}`, { signal }),
    api<TaxonomyList>(`/organizations/${org}/taxonomies`, { signal }),
    api<MeasureSearchResult>(`/organizations/${org}/measures${query({ ...apiQuery({ ...filters, plan: [] }), planId: tree.plan.id, limit: 500 })}`, { signal }),
  ]);
  return { tree, organization, taxonomies, result, filters };
}

/** Sorting happens in the browser: a change of sort order alone does not fetch again. */
export function shouldRevalidate({ currentUrl, nextUrl, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  const withoutSort = (url: URL) => {
    const params = new URLSearchParams(url.searchParams);
    params.delete('sort');
    params.delete('dir');
    params.sort();
    return `${url.pathname}?${params.toString()}`;
  };
  if (withoutSort(currentUrl) === withoutSort(nextUrl)) return false;
  return defaultShouldRevalidate;
}

export function Component() {
  const { tree, organization, taxonomies, result, filters } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation('plan');
  const vocabulary = useVocabulary(taxonomies);
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams, setSearchParams] = useSearchParams();
  const { sort, dir } = readSort(searchParams);
  const plan = tree.plan;
  const base = `/plans/${plan.id}/measures`;

  const numbers = useMemo(() => displayNumbers(tree.nodes), [tree]);
  const allMeasures = useMemo(() => flattenMeasures(tree.nodes), [tree]);
  const nodes = useMemo(() => new Map(flattenNodes(tree.nodes).map(({ node }, index) => [node.id, { node, index }])), [tree]);
  const documentOrder = useMemo(() => new Map(allMeasures.map(({ measure }, index) => [measure.id, index])), [allMeasures]);
  const hasLevels = allMeasures.some(({ measure }) => measure.preventionLevels.length > 0);
  const hasScope = allMeasures.some(({ measure }) => measure.scope);

  // Offer only what the plan's measures use, plus anything already chosen.
  const used = (pick: (m: (typeof allMeasures)[number]['measure']) => string[], kind: TaxonomyKind, selected: string[]): Option[] => {
    const codes = new Set(allMeasures.flatMap(({ measure }) => pick(measure)));
    for (const s of selected) codes.add(s);
    const known = vocabulary.terms(kind).filter((term) => codes.has(term.code));
    const unknown = [...codes].filter((c) => !known.some((k) => k.code === c)).map((c) => ({ code: c, label: c }));
    return [...known, ...unknown].map((x) => ({ value: x.code, label: x.label }));
  };
  const collator = useMemo(() => new Intl.Collator(locale()), [i18n.language]); // eslint-disable-line react-hooks/exhaustive-deps
  const unitOptions = [...tree.units].sort((a, b) => collator.compare(a.name, b.name)).map((u) => ({ value: u.id, label: u.name }));
  const scopeOptions = measureScopes.filter((s) => allMeasures.some(({ measure }) => measure.scope === s) || filters.scope.includes(s)).map((s) => ({ value: s, label: t(`common:enums.scope.${s}`) }));

  const rows = useMemo(() => {
    const list = result.items.map((m) => {
      const treeNode = nodes.get(m.nodeId);
      const lead = m.units.filter((u) => u.role === 'lead').map((u) => u.name);
      const co = m.units.filter((u) => u.role === 'co').map((u) => u.name);
      const goalNumber = treeNode ? shownNodeNumber(treeNode.node, numbers) : m.node.number;
      const goalLabel = treeNode ? nodeLabel(treeNode.node, t) : (m.node.label ?? '');
      return {
        measure: m,
        code: numbers.get(m.id) ?? m.code ?? '',
        lead,
        co,
        goalName: goalNumber ? `${goalLabel} ${goalNumber}` : goalLabel,
        goalText: m.node.text,
        goalIndex: treeNode?.index ?? Number.MAX_SAFE_INTEGER,
        order: documentOrder.get(m.id) ?? Number.MAX_SAFE_INTEGER,
      };
    });
    const byOrder = (a: (typeof list)[number], b: (typeof list)[number]) => a.order - b.order;
    const compare: Record<SortColumn, (a: (typeof list)[number], b: (typeof list)[number]) => number> = {
      code: (a, b) => compareCodes(a.code, b.code) || byOrder(a, b),
      text: (a, b) => collator.compare(a.measure.text, b.measure.text) || byOrder(a, b),
      goal: (a, b) => a.goalIndex - b.goalIndex || byOrder(a, b),
      responsible: (a, b) => (a.lead.length === 0 ? 1 : 0) - (b.lead.length === 0 ? 1 : 0) || collator.compare(a.lead.join(', '), b.lead.join(', ')) || byOrder(a, b),
    };
    const sorted = [...list].sort(sort ? compare[sort] : byOrder);
    return sort && dir === 'desc' ? sorted.reverse() : sorted;
  }, [result, nodes, numbers, documentOrder, sort, dir, collator, t]);

  const total = allMeasures.length;
  const filtered = hasFilters(filters);
  const countText = filtered ? t('measures.countFiltered', { count: total, shown: formatNumber(result.total), n: formatNumber(total) }) : t('counts.measures', { count: total, n: formatNumber(total) });

  // Say the new count when the filters change (not on arrival: the page title is said then).
  const filterKey = JSON.stringify(filters);
  const previousKey = useRef(filterKey);
  useEffect(() => {
    if (previousKey.current !== filterKey) announce(countText);
    previousKey.current = filterKey;
  }, [filterKey, countText]);

  const applyFilters = (values: MeasureFilterValues) => {
    const search = filterParams({ ...values, plan: [] }, { sort: searchParams.get('sort'), dir: searchParams.get('dir') }).toString();
    if (`?${search}` === location.search || (search === '' && location.search === '')) announce(countText);
    navigate({ search: search ? `?${search}` : '' }, { preventScrollReset: true });
  };

  const onSort = (column: SortColumn) => {
    const nextDir = sort === column && dir === 'asc' ? 'desc' : 'asc';
    const next = new URLSearchParams(searchParams);
    next.set('sort', column);
    next.set('dir', nextDir);
    setSearchParams(next, { replace: true, preventScrollReset: true });
    announce(t('measures.sorted', { column: t(`measures.columns.${column}`), direction: t(`measures.${nextDir}`) }));
  };

  const sortHeader = (column: SortColumn) => {
    const active = sort === column;
    return (
      <th scope="col" aria-sort={active ? (dir === 'desc' ? 'descending' : 'ascending') : undefined}>
        <button type="button" className="sort-button" onClick={() => onSort(column)}>
          {t(`measures.columns.${column}`)}
          <span className="sort-button__icon" aria-hidden="true">
            {active ? (dir === 'desc' ? '▼' : '▲') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <>
      <PlanHeader plan={plan} organizationName={organization.name} section={t('tabs.measures')} />
      <PlanTabs planId={plan.id} plan={plan} />
      {total === 0 ? (
        <>
          <h2>{t('measures.title')}</h2>
          <p className="notice">{t('measures.none')}</p>
          <p>
            <Link to={`/plans/${plan.id}`}>{t('measures.toOverview')}</Link>
          </p>
        </>
      ) : (
        <>
          <MeasureFilters
            idPrefix="mf"
            heading={t('filters.heading')}
            filters={filters}
            units={unitOptions}
            levels={used((m) => m.preventionLevels, 'prevention_level', filters.level)}
            forms={used((m) => m.violenceForms, 'violence_form', filters.form)}
            groups={used((m) => m.targetGroups, 'target_group', filters.group)}
            scopes={scopeOptions}
            hidden={{ sort: searchParams.get('sort'), dir: searchParams.get('dir') }}
            clearTo={sort ? `${base}?${new URLSearchParams({ sort, dir }).toString()}` : base}
            submitLabel={t('filters.submit')}
            onSubmit={applyFilters}
          />
          <h2 id="measure-results">{t('measures.title')}</h2>
          <p className="result-count" id="measure-count">
            {countText}
          </p>
          {result.total > result.items.length && <p className="notice">{t('measures.truncated', { shown: formatNumber(result.items.length) })}</p>}
          {rows.length === 0 ? (
            <p>
              {t('measures.noMatch')} <Link to={base}>{t('filters.clear')}</Link>
            </p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('measures.tableRegion')}>
              <table className="measure-table" aria-describedby="measure-count">
                <caption className="visually-hidden">{t('measures.caption', { title: plan.title })}</caption>
                <thead>
                  <tr>
                    {sortHeader('code')}
                    {sortHeader('text')}
                    {sortHeader('goal')}
                    {sortHeader('responsible')}
                    <th scope="col">{t('measures.columns.co')}</th>
                    {hasLevels && <th scope="col">{t('measures.columns.levels')}</th>}
                    {hasScope && <th scope="col">{t('measures.columns.scope')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.measure.id}>
                      <td className="measure-table__code">{row.code}</td>
                      <td className="measure-table__text">
                        <Link to={`/measures/${row.measure.id}`}>{row.measure.text}</Link>
                      </td>
                      <td className="measure-table__goal">
                        <span className="measure-table__goal-name">{row.goalName}</span> <span className="muted">{row.goalText}</span>
                      </td>
                      <td>{row.lead.length ? row.lead.join(', ') : (row.measure.responsibilityText ?? '–')}</td>
                      <td>{row.co.length ? row.co.join(', ') : '–'}</td>
                      {hasLevels && (
                        <td>
                          {row.measure.preventionLevels.length ? <LevelChips levels={row.measure.preventionLevels} vocabulary={vocabulary} /> : '–'}
                        </td>
                      )}
                      {hasScope && <td>{row.measure.scope ? t(`common:enums.scope.${row.measure.scope}`) : '–'}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
