import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Coverage, type PlanContent, type TaxonomyList } from '../../api/client';
import { displayNumbers } from '../../../domain/numbering';
import { flattenMeasures } from '../../../domain/tree';
import { currentLanguage, formatNumber, registerTranslations } from '../../i18n';
import { PlanHeader, PlanTabs } from '../plan/PlanTabs';
import { loadPlanContext, makeLabels } from '../versions/shared';
import type { ChartOption } from './Chart';
import en from './en.json';
import sv from './sv.json';

registerTranslations('coverage', sv, en);

// ECharts is large: it loads in a chunk of its own after the tables, which carry the same figures.
const LazyChart = lazy(() => import('./Chart').then((m) => ({ default: m.Chart })));

function Chart(props: { option: ChartOption; height: number; caption: string }) {
  return (
    <Suspense fallback={<div className="chart" style={{ minHeight: props.height }} />}>
      <LazyChart {...props} />
    </Suspense>
  );
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { plan, organization } = await loadPlanContext(params.planId!, request.signal);
  const [coverage, content, taxonomies] = await Promise.all([
    api<Coverage>(`/plans/${plan.id}/coverage`, { signal: request.signal }),
    api<PlanContent>(`/plans/${plan.id}/tree`, { signal: request.signal }),
    api<TaxonomyList>(`/organizations/${plan.organizationId}/taxonomies`, { signal: request.signal }),
  ]);
  return { plan, organization, coverage, content, taxonomies };
}

/** An empty cell: a visible word and a hatched background, never colour alone. */
function Gap({ text, hidden }: { text: string; hidden?: string }) {
  return (
    <>
      <span className="gap-cell__text">{text}</span>
      {hidden && <span className="visually-hidden"> {hidden}</span>}
    </>
  );
}

const shorten = (text: string, max = 38) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

export function Component() {
  const { t } = useTranslation('coverage');
  const { plan, organization, coverage, content, taxonomies } = useLoaderData<typeof loader>();
  const labels = makeLabels(taxonomies);
  const language = currentLanguage();
  const levels = taxonomies.find((x) => x.taxonomy === 'prevention_level')?.terms.map((term) => term.code) ?? [];
  const levelGaps = new Set(coverage.gaps.goalLevelGaps.map((g) => `${g.nodeId}:${g.level}`));
  const goalsWithout = new Set(coverage.gaps.goalsWithoutMeasures);
  const goalName = (goal: Coverage['goals'][number]) => [goal.number, goal.text].filter(Boolean).join(' ');
  const title = t('title');

  const numbers = useMemo(() => displayNumbers(content.nodes), [content]);
  const measuresById = useMemo(() => new Map(flattenMeasures(content.nodes).map(({ measure }) => [measure.id, measure])), [content]);

  const levelChart = useMemo<ChartOption>(
    () => ({
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, name: t('chart.measures'), nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', inverse: true, data: coverage.goals.map((g) => shorten(goalName(g))) },
      series: levels.map((level) => ({
        type: 'bar',
        stack: 'levels',
        name: labels.term('prevention_level', level),
        data: coverage.goals.map((g) => g.byPreventionLevel[level] ?? 0),
      })),
    }),
    // Rebuilt when the language changes, so the chart speaks it too.
    [coverage, language],
  );
  const unitChart = useMemo<ChartOption>(
    () => ({
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, name: t('chart.measures'), nameLocation: 'middle', nameGap: 28 },
      yAxis: { type: 'category', inverse: true, data: coverage.units.map((u) => shorten(u.name)) },
      series: [
        { type: 'bar', stack: 'roles', name: t('lead'), data: coverage.units.map((u) => u.lead) },
        { type: 'bar', stack: 'roles', name: t('co'), data: coverage.units.map((u) => u.co) },
      ],
    }),
    [coverage, language],
  );

  const termList = (taxonomy: 'violence_form' | 'target_group', codes: string[], none: string) =>
    codes.length === 0 ? (
      <p>{none}</p>
    ) : (
      <ul className="gap-list">
        {codes.map((code) => (
          <li key={code}>{labels.term(taxonomy, code)}</li>
        ))}
      </ul>
    );
  const noneTagged = (counts: Record<string, number>) => Object.values(counts).every((n) => n === 0);

  return (
    <>
      <PlanHeader plan={plan} organizationName={organization.name} section={title} />
      <PlanTabs planId={plan.id} plan={plan} />
      <h2>{title}</h2>
      <p>{t('intro')}</p>

      {!coverage.hasMeasures ? (
        <>
          <div className="notice">
            <h3 className="notice__title">{t('noMeasures.title')}</h3>
            <p>{t('noMeasures.body')}</p>
          </div>
          <section aria-labelledby="goals-without">
            <h3 id="goals-without">{t('gaps.goalsWithoutMeasures')}</h3>
            <GoalList ids={coverage.gaps.goalsWithoutMeasures} coverage={coverage} none={t('gaps.noGoals')} />
          </section>
        </>
      ) : (
        <>
          <ul className="coverage-summary">
            <li>{t('summary.measures', { count: coverage.measureCount, formatted: formatNumber(coverage.measureCount) })}</li>
            <li>{t('summary.goals', { count: coverage.goals.length, formatted: formatNumber(coverage.goals.length) })}</li>
            <li>{t('summary.units', { count: coverage.units.length, formatted: formatNumber(coverage.units.length) })}</li>
          </ul>
          <p className="gap-legend">
            <span className="gap-cell gap-cell--sample" aria-hidden="true">
              {t('gap')}
            </span>{' '}
            {t('gapLegend')}
          </p>

          <section aria-labelledby="levels-title">
            <h3 id="levels-title">{t('levels.title')}</h3>
            <p>{t('levels.intro')}</p>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('levels.caption')}>
              <table className="analysis-table coverage-table" id="coverage-levels">
                <caption>{t('levels.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('levels.goal')}</th>
                    {levels.map((level) => (
                      <th scope="col" className="number" key={level}>
                        {labels.term('prevention_level', level)}
                      </th>
                    ))}
                    <th scope="col" className="number">
                      {t('levels.total')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {coverage.goals.map((goal) => {
                    const noMeasures = goalsWithout.has(goal.nodeId);
                    return (
                      <tr key={goal.nodeId}>
                        <th scope="row" style={{ paddingLeft: `${0.5 + goal.depth * 1.25}rem` }}>
                          {goal.number && <span className="item-number">{goal.number}</span>} {goal.text}
                        </th>
                        {levels.map((level) => {
                          const gap = noMeasures || levelGaps.has(`${goal.nodeId}:${level}`);
                          return (
                            <td key={level} className={`number${gap ? ' gap-cell' : ''}`}>
                              {gap ? <Gap text={t('gap')} /> : formatNumber(goal.byPreventionLevel[level] ?? 0)}
                            </td>
                          );
                        })}
                        <td className={`number${noMeasures ? ' gap-cell' : ''}`}>{noMeasures ? <Gap text={t('gap')} /> : formatNumber(goal.measureCount)}</td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('levels.allMeasures')}</th>
                    {levels.map((level) => {
                      const gap = coverage.gaps.levelsWithoutMeasures.includes(level);
                      return (
                        <td key={level} className={`number${gap ? ' gap-cell' : ''}`}>
                          {gap ? <Gap text={t('gap')} /> : formatNumber(coverage.levelTotals[level] ?? 0)}
                        </td>
                      );
                    })}
                    <td className="number">{formatNumber(coverage.measureCount)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
            <p className="field__hint">{t('levels.note')}</p>
            <Chart option={levelChart} height={Math.max(220, 60 + coverage.goals.length * 36)} caption={t('levels.chartCaption')} />
          </section>

          <section aria-labelledby="units-title">
            <h3 id="units-title">{t('units.title')}</h3>
            <p>{t('units.intro')}</p>
            {coverage.units.length === 0 ? (
              <p>{t('units.none')}</p>
            ) : (
              <>
                <div className="table-wrap" tabIndex={0} role="region" aria-label={t('units.caption')}>
                  <table className="analysis-table coverage-table coverage-table--units" id="coverage-units">
                    <caption>{t('units.caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('units.unit')}</th>
                        {coverage.goals.map((goal) => (
                          <th scope="col" className="number goal-column" key={goal.nodeId}>
                            <span className="item-number">{goal.number}</span> <span className="goal-column__text">{shorten(goal.text, 60)}</span>
                          </th>
                        ))}
                        <th scope="col" className="number">
                          {t('units.total')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {coverage.units.map((unit) => (
                        <tr key={unit.unitId}>
                          <th scope="row">{unit.name}</th>
                          {coverage.goals.map((goal) => {
                            const cell = unit.byGoal[goal.nodeId] ?? { lead: 0, co: 0 };
                            const empty = cell.lead + cell.co === 0;
                            return (
                              <td key={goal.nodeId} className={`number${empty ? ' gap-cell' : ''}`}>
                                {empty ? <Gap text="–" hidden={t('units.noMeasure')} /> : <LeadCo lead={cell.lead} co={cell.co} />}
                              </td>
                            );
                          })}
                          <td className="number">
                            <LeadCo lead={unit.lead} co={unit.co} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <p className="field__hint">{t('units.note')}</p>
                <Chart option={unitChart} height={Math.max(220, 60 + coverage.units.length * 32)} caption={t('units.chartCaption')} />
              </>
            )}
          </section>

          <section aria-labelledby="gaps-title">
            <h3 id="gaps-title">{t('gaps.title')}</h3>
            <h4>{t('gaps.violenceForms')}</h4>
            {noneTagged(coverage.violenceForms) && <p className="notice notice--warning">{t('gaps.noneTaggedViolenceForms')}</p>}
            {termList('violence_form', coverage.gaps.violenceFormsNotReached, t('gaps.allViolenceForms'))}
            <h4>{t('gaps.targetGroups')}</h4>
            {noneTagged(coverage.targetGroups) && <p className="notice notice--warning">{t('gaps.noneTaggedTargetGroups')}</p>}
            {termList('target_group', coverage.gaps.targetGroupsNotReached, t('gaps.allTargetGroups'))}
            <h4>{t('gaps.levels')}</h4>
            {coverage.gaps.levelsWithoutMeasures.length === 0 ? (
              <p>{t('gaps.allLevels')}</p>
            ) : (
              <ul className="gap-list">
                {coverage.gaps.levelsWithoutMeasures.map((level) => (
                  <li key={level}>{labels.term('prevention_level', level)}</li>
                ))}
              </ul>
            )}
            <h4>{t('gaps.goalsWithoutMeasures')}</h4>
            <GoalList ids={coverage.gaps.goalsWithoutMeasures} coverage={coverage} none={t('gaps.noGoals')} />
            <h4>{t('gaps.measuresWithoutLead')}</h4>
            {coverage.gaps.measuresWithoutLeadUnit.length === 0 ? (
              <p>{t('gaps.allHaveLead')}</p>
            ) : (
              <ul className="gap-list">
                {coverage.gaps.measuresWithoutLeadUnit.map((id) => {
                  const measure = measuresById.get(id);
                  const number = numbers.get(id);
                  return (
                    <li key={id}>
                      <Link to={`/measures/${id}`}>
                        {number && <span className="item-number">{number}</span>} {measure?.text ?? id}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}

function LeadCo({ lead, co }: { lead: number; co: number }): ReactNode {
  const { t } = useTranslation('coverage');
  return (
    <span className="lead-co">
      {formatNumber(lead)}
      <span className="visually-hidden"> {t('lead').toLowerCase()}</span>
      <span aria-hidden="true"> / </span>
      <span className="visually-hidden">, </span>
      {formatNumber(co)}
      <span className="visually-hidden"> {t('co').toLowerCase()}</span>
    </span>
  );
}

function GoalList({ ids, coverage, none }: { ids: string[]; coverage: Coverage; none: string }) {
  if (ids.length === 0) return <p>{none}</p>;
  const goals = new Map(coverage.goals.map((g) => [g.nodeId, g]));
  return (
    <ul className="gap-list">
      {ids.map((id) => {
        const goal = goals.get(id);
        return <li key={id}>{goal ? [goal.number, goal.text].filter(Boolean).join(' ') : id}</li>;
      })}
    </ul>
  );
}
