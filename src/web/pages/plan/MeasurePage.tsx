import { useMemo } from 'react';
import { Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type FrameworkList, type MeasureDetail, type Organization, type PlanContent, type TaxonomyList, type Unit } from '../../api/client';
import { displayNumbers } from '../../../domain/numbering';
import { findNode } from '../../../domain/tree';
import { PageHeading } from '../../components/PageHeading';
import { StatusTag } from '../../components/StatusTag';
import { useCapabilities } from '../../components/capabilities';
import { registerTranslations } from '../../i18n';
import { MeasureHistory } from '../history/MeasureHistory';
import en from './en.json';
import { nodeTitle, optionalPlan, Prose, Row, shownNodeNumber, useVocabulary, type TaxonomyKind } from './shared';
import sv from './sv.json';

registerTranslations('plan', sv, en);

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const measure = await api<MeasureDetail>(`/measures/${params.measureId}`, { signal });
  const org = measure.organizationId;
  const breakdownPlanIds = [...new Set(measure.breakdowns.map((b) => b.planId))];
  const [tree, organization, units, taxonomies, frameworks, parentPlan, breakdownPlans] = await Promise.all([
    api<PlanContent>(`/plans/${measure.planId}/tree`, { signal }),
    api<Organization>(`/organizations/${org}`, { signal }),
    api<Unit[]>(`/organizations/${org}/units`, { signal }),
    api<TaxonomyList>(`/organizations/${org}/taxonomies`, { signal }),
    api<FrameworkList>(`/organizations/${org}/frameworks`, { signal }),
    optionalPlan(measure.parentMeasure?.planId ?? null, signal),
    Promise.all(breakdownPlanIds.map((id) => optionalPlan(id, signal))),
  ]);
  return { measure, tree, organization, units, taxonomies, frameworks, parentPlan, breakdownPlans: breakdownPlans.filter((p) => p !== null) };
}

export function Component() {
  const { measure, tree, organization, units, taxonomies, frameworks, parentPlan, breakdownPlans } = useLoaderData<typeof loader>();
  const { t } = useTranslation('plan');
  const { can } = useCapabilities();
  const vocabulary = useVocabulary(taxonomies, frameworks);
  const numbers = useMemo(() => displayNumbers(tree.nodes), [tree]);
  const code = numbers.get(measure.id) ?? measure.code;
  const title = code ? t('measure.title', { code }) : t('measure.titleNoCode');
  const node = findNode(tree.nodes, measure.nodeId);
  const goal = node ? nodeTitle(node, shownNodeNumber(node, numbers), t) : nodeTitle({ label: measure.node.label, role: 'goal', text: measure.node.text }, measure.node.number, t);
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  const lead = measure.units.filter((u) => u.role === 'lead');
  const co = measure.units.filter((u) => u.role === 'co');
  const notStated = <span className="muted">{t('measure.notStated')}</span>;
  const terms = (kind: TaxonomyKind, codes: string[]) => (codes.length ? codes.map((c) => vocabulary.term(kind, c)).join(', ') : notStated);
  const breakdownsByPlan = breakdownPlans.length
    ? breakdownPlans.map((plan) => ({ plan, measures: measure.breakdowns.filter((b) => b.planId === plan.id) }))
    : [];
  const orphanBreakdowns = measure.breakdowns.filter((b) => !breakdownPlans.some((p) => p.id === b.planId));

  return (
    <>
      <nav aria-label={t('breadcrumbs')} className="breadcrumbs">
        <ol>
          <li>
            <Link to="/">{t('home')}</Link>
          </li>
          <li>
            <Link to={`/plans/${measure.plan.id}`}>{measure.plan.title}</Link>
          </li>
          <li>
            <Link to={`/plans/${measure.plan.id}/measures`}>{t('tabs.measures')}</Link>
          </li>
        </ol>
      </nav>
      <PageHeading title={`${title} – ${measure.plan.title}`} caption={`${organization.name} · ${measure.plan.title}`}>
        {title}
      </PageHeading>
      <p className="lead measure-page__text">{measure.text}</p>
      {can('edit_plan', tree.plan.organizationId, tree.plan) && (
        <p>
          <Link to={`/measures/${measure.id}/edit`} className="button button--secondary">
            {t('measure.edit')}
          </Link>
        </p>
      )}

      <h2 id="measure-facts">{t('measure.facts')}</h2>
      <dl className="summary-list" aria-labelledby="measure-facts">
        <Row label={t('measure.plan')}>
          <Link to={`/plans/${measure.plan.id}`}>{measure.plan.title}</Link> <StatusTag status={measure.plan.status} />
        </Row>
        <Row label={t('measure.goal')}>
          <Link to={`/plans/${measure.plan.id}#node-${measure.node.id}`}>{goal}</Link>
        </Row>
        <Row label={t('measure.code')}>
          {measure.code ?? (
            <>
              {code} <span className="muted">({t('measure.derivedCode')})</span>
            </>
          )}
        </Row>
        <Row label={t('measure.responsibilityText')}>{measure.responsibilityText ?? notStated}</Row>
        <Row label={t('measure.lead')}>{lead.length ? lead.map((u) => u.name).join(', ') : notStated}</Row>
        <Row label={t('measure.co')}>{co.length ? co.map((u) => u.name).join(', ') : notStated}</Row>
        <Row label={t('measure.levels')}>{terms('prevention_level', measure.preventionLevels)}</Row>
        <Row label={t('measure.scope')}>{measure.scope ? t(`common:enums.scope.${measure.scope}`) : notStated}</Row>
        <Row label={t('fields.targetGroups')}>{terms('target_group', measure.targetGroups)}</Row>
        <Row label={t('fields.violenceForms')}>{terms('violence_form', measure.violenceForms)}</Row>
        <Row label={t('fields.vulnerableGroups')}>{terms('vulnerable_group', measure.vulnerableGroups)}</Row>
        <Row label={t('fields.perspectives')}>{terms('perspective', measure.perspectives)}</Row>
        <Row label={t('measure.timeFrame')}>{measure.timeFrame ?? notStated}</Row>
        <Row label={t('fields.frameworks')}>
          {measure.frameworkLinks.length ? (
            <ul className="plain-list">
              {measure.frameworkLinks.map((ref) => {
                const f = vocabulary.framework(ref);
                return (
                  <li key={ref}>
                    {f.group}: {f.label}
                  </li>
                );
              })}
            </ul>
          ) : (
            notStated
          )}
        </Row>
        {measure.parentMeasure && (
          <Row label={t('measure.parent')}>
            <Link to={`/measures/${measure.parentMeasure.id}`}>
              {measure.parentMeasure.code ? `${measure.parentMeasure.code} ` : ''}
              {measure.parentMeasure.text}
            </Link>
            {parentPlan && (
              <span className="summary-list__more">
                {t('measure.inPlan')} <Link to={`/plans/${parentPlan.id}`}>{parentPlan.title}</Link>
              </span>
            )}
          </Row>
        )}
      </dl>

      {measure.description && (
        <section aria-labelledby="measure-description">
          <h2 id="measure-description">{t('measure.description')}</h2>
          <Prose text={measure.description} />
        </section>
      )}

      {measure.examples.length > 0 && (
        <section aria-labelledby="measure-examples">
          <h2 id="measure-examples">{t('measure.examples')}</h2>
          <ul>
            {measure.examples.map((example, i) => (
              <li key={i}>{example}</li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="measure-breakdowns">
        <h2 id="measure-breakdowns">{t('measure.breakdowns')}</h2>
        {measure.breakdowns.length === 0 ? (
          <p>{t('measure.noBreakdowns')}</p>
        ) : (
          <>
            <p>{t('measure.breakdownsIntro', { count: measure.breakdowns.length })}</p>
            {breakdownsByPlan.map(({ plan, measures }) => (
              <div key={plan.id} className="breakdown-plan">
                <h3>
                  <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
                </h3>
                <p className="meta-row">
                  <StatusTag status={plan.status} />
                  {plan.ownerUnitId && unitNames.get(plan.ownerUnitId) && (
                    <span>
                      {t('fields.owner')}: {unitNames.get(plan.ownerUnitId)}
                    </span>
                  )}
                </p>
                <ul>
                  {measures.map((b) => (
                    <li key={b.id}>
                      <Link to={`/measures/${b.id}`}>
                        {b.code ? `${b.code} ` : ''}
                        {b.text}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            {orphanBreakdowns.length > 0 && (
              <ul>
                {orphanBreakdowns.map((b) => (
                  <li key={b.id}>
                    <Link to={`/measures/${b.id}`}>
                      {b.code ? `${b.code} ` : ''}
                      {b.text}
                    </Link>{' '}
                    <span className="muted">
                      {t('measure.inPlan')} {b.planTitle}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>

      {can('read_history', measure.organizationId) && <MeasureHistory measureId={measure.id} units={units} taxonomies={taxonomies} />}
    </>
  );
}
