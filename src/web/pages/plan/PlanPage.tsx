import { useEffect, useMemo } from 'react';
import { Link, useLoaderData, useLocation, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, query, type FrameworkList, type Organization, type PlanContent, type PlanListItem, type TaxonomyList, type Unit } from '../../api/client';
import { displayNumbers } from '../../../domain/numbering';
import { flattenMeasures, flattenNodes } from '../../../domain/tree';
import { StatusTag } from '../../components/StatusTag';
import { formatDate, formatNumber, registerTranslations } from '../../i18n';
import en from './en.json';
import { GoalTree } from './GoalTree';
import { PlanHeader, PlanTabs } from './PlanTabs';
import { optionalPlan, Prose, Row, useVocabulary, validityText, type TaxonomyKind } from './shared';
import sv from './sv.json';

registerTranslations('plan', sv, en);

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const tree = await api<PlanContent>(`/plans/${params.planId}/tree`, { signal });
  const plan = tree.plan;
  const org = plan.organizationId;
  const [organization, units, taxonomies, frameworks, children, replaced, parent] = await Promise.all([
    api<Organization>(`/organizations/${org}`, { signal }),
    api<Unit[]>(`/organizations/${org}/units`, { signal }),
    api<TaxonomyList>(`/organizations/${org}/taxonomies`, { signal }),
    api<FrameworkList>(`/organizations/${org}/frameworks`, { signal }),
    api<{ items: PlanListItem[] }>(`/plans${query({ parentPlanId: plan.id, limit: 500 })}`, { signal }),
    optionalPlan(plan.replacesPlanId, signal),
    optionalPlan(plan.parentPlanId, signal),
  ]);
  return { tree, organization, units, taxonomies, frameworks, children: children.items, replaced, parent };
}

export function Component() {
  const { tree, organization, units, taxonomies, frameworks, children, replaced, parent } = useLoaderData<typeof loader>();
  const { t } = useTranslation('plan');
  const vocabulary = useVocabulary(taxonomies, frameworks);
  const plan = tree.plan;
  const unitNames = useMemo(() => new Map([...units.map((u) => [u.id, u.name] as const), ...tree.units.map((u) => [u.id, u.name] as const)]), [units, tree]);
  const numbers = useMemo(() => displayNumbers(tree.nodes), [tree]);
  const goalCount = useMemo(() => flattenNodes(tree.nodes).filter(({ node }) => node.role === 'goal').length, [tree]);
  const measureCount = useMemo(() => flattenMeasures(tree.nodes).length, [tree]);
  const decision = plan.decision;
  const registryNumber = decision.registryNumber ?? plan.registryNumber;
  const owner = plan.ownerUnitId ? unitNames.get(plan.ownerUnitId) : undefined;
  // A link to a goal (#node-…) from a measure page: show it and move focus there, after the page
  // heading has taken focus on arrival.
  const { hash } = useLocation();
  useEffect(() => {
    if (!hash.startsWith('#node-')) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: 'start' });
  }, [hash, tree]);
  const termList = (kind: TaxonomyKind, codes: string[]) => codes.map((c) => vocabulary.term(kind, c)).join(', ');

  return (
    <>
      <PlanHeader plan={plan} organizationName={organization.name} />
      <PlanTabs planId={plan.id} plan={plan} />
      {plan.summary && <p className="lead">{plan.summary}</p>}

      <h2 id="plan-facts">{t('overview.facts')}</h2>
      <dl className="summary-list" aria-labelledby="plan-facts">
        <Row label={t('fields.kind')}>{t(`common:enums.planKind.${plan.kind}`)}</Row>
        <Row label={t('fields.status')}>
          <StatusTag status={plan.status} />
        </Row>
        <Row label={t('fields.validity')}>{validityText(plan, t)}</Row>
        {decision.body && <Row label={t('fields.decisionBody')}>{decision.body}</Row>}
        {decision.date && (
          <Row label={t('fields.decisionDate')}>
            <time dateTime={decision.date}>{formatDate(decision.date)}</time>
          </Row>
        )}
        {decision.paragraph && <Row label={t('fields.paragraph')}>{decision.paragraph}</Row>}
        {registryNumber && <Row label={t('fields.registryNumber')}>{registryNumber}</Row>}
        {!decision.body && !decision.date && !registryNumber && <Row label={t('fields.decision')}>{t('overview.noDecision')}</Row>}
        {(replaced || plan.replacesReference) && (
          <Row label={t('fields.replaces')}>
            {replaced ? <Link to={`/plans/${replaced.id}`}>{replaced.title}</Link> : plan.replacesReference}
            {replaced && plan.replacesReference && <span className="muted"> ({plan.replacesReference})</span>}
          </Row>
        )}
        {parent && (
          <Row label={t('fields.parent')}>
            <Link to={`/plans/${parent.id}`}>{parent.title}</Link>
          </Row>
        )}
        {children.length > 0 && (
          <Row label={t('fields.children')}>
            <ul className="plain-list">
              {children.map((child) => (
                <li key={child.id}>
                  <Link to={`/plans/${child.id}`}>{child.title}</Link> <StatusTag status={child.status} />
                </li>
              ))}
            </ul>
          </Row>
        )}
        {owner && <Row label={t('fields.owner')}>{owner}</Row>}
        <Row label={t('fields.followUp')}>
          {t(`common:enums.cadence.${plan.followUpCadence}`)}
          {plan.followUpDescription && <span className="summary-list__more">{plan.followUpDescription}</span>}
        </Row>
        <Row label={t('fields.content')}>
          {t('counts.goals', { count: goalCount, n: formatNumber(goalCount) })}, {t('counts.measures', { count: measureCount, n: formatNumber(measureCount) })}
        </Row>
        {plan.violenceForms.length > 0 && <Row label={t('fields.violenceForms')}>{termList('violence_form', plan.violenceForms)}</Row>}
        {plan.targetGroups.length > 0 && <Row label={t('fields.targetGroups')}>{termList('target_group', plan.targetGroups)}</Row>}
        {plan.vulnerableGroups.length > 0 && <Row label={t('fields.vulnerableGroups')}>{termList('vulnerable_group', plan.vulnerableGroups)}</Row>}
        {plan.perspectives.length > 0 && <Row label={t('fields.perspectives')}>{termList('perspective', plan.perspectives)}</Row>}
        {plan.frameworkLinks.length > 0 && (
          <Row label={t('fields.frameworks')}>
            <ul className="plain-list">
              {plan.frameworkLinks.map((ref) => {
                const f = vocabulary.framework(ref);
                return (
                  <li key={ref}>
                    {f.group}: {f.label}
                  </li>
                );
              })}
            </ul>
          </Row>
        )}
      </dl>

      {plan.sections.length > 0 && (
        <section aria-labelledby="plan-sections">
          <h2 id="plan-sections">{t('overview.sections')}</h2>
          <p className="muted">{t('overview.sectionsHint')}</p>
          {plan.sections.map((section, i) => (
            <details key={i} className="section-details">
              <summary>{section.heading}</summary>
              <div className="section-details__body">
                <Prose text={section.body} />
              </div>
            </details>
          ))}
        </section>
      )}

      <section aria-labelledby="plan-goals">
        <h2 id="plan-goals">{t('overview.goals')}</h2>
        <p>
          {t('overview.countLine', {
            goals: t('counts.goals', { count: goalCount, n: formatNumber(goalCount) }),
            measures: t('counts.measures', { count: measureCount, n: formatNumber(measureCount) }),
          })}
          {measureCount > 0 && (
            <>
              {' '}
              <Link to={`/plans/${plan.id}/measures`}>{t('overview.measuresTable')}</Link>
            </>
          )}
        </p>
        {measureCount === 0 && <p className="notice">{t('overview.noMeasures')}</p>}
        {tree.nodes.length === 0 ? <p>{t('overview.noGoals')}</p> : <GoalTree nodes={tree.nodes} numbers={numbers} unitNames={unitNames} vocabulary={vocabulary} headingLevel={3} noteEmptyGoals={measureCount > 0} />}
      </section>
    </>
  );
}
