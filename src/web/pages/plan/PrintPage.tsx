import { useMemo } from 'react';
import { Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type FrameworkList, type Organization, type PlanContent, type TaxonomyList, type Unit } from '../../api/client';
import { displayNumbers } from '../../../domain/numbering';
import { PageHeading } from '../../components/PageHeading';
import { formatDate, registerTranslations } from '../../i18n';
import en from './en.json';
import { GoalTree } from './GoalTree';
import { PlanTabs } from './PlanTabs';
import { optionalPlan, Prose, useVocabulary, validityText } from './shared';
import sv from './sv.json';

registerTranslations('plan', sv, en);

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const tree = await api<PlanContent>(`/plans/${params.planId}/tree`, { signal });
  const org = tree.plan.organizationId;
  const [organization, units, taxonomies, frameworks, replaced] = await Promise.all([
    api<Organization>(`/organizations/${org}`, { signal }),
    api<Unit[]>(`/organizations/${org}/units`, { signal }),
    api<TaxonomyList>(`/organizations/${org}/taxonomies`, { signal }),
    api<FrameworkList>(`/organizations/${org}/frameworks`, { signal }),
    optionalPlan(tree.plan.replacesPlanId, signal),
  ]);
  return { tree, organization, units, taxonomies, frameworks, replaced };
}

/** The plan as the municipality's own document: for reading through and for printing on A4. */
export function Component() {
  const { tree, organization, units, taxonomies, frameworks, replaced } = useLoaderData<typeof loader>();
  const { t } = useTranslation('plan');
  const vocabulary = useVocabulary(taxonomies, frameworks);
  const plan = tree.plan;
  const numbers = useMemo(() => displayNumbers(tree.nodes), [tree]);
  const unitNames = useMemo(() => new Map([...units.map((u) => [u.id, u.name] as const), ...tree.units.map((u) => [u.id, u.name] as const)]), [units, tree]);
  const decision = plan.decision;
  const registryNumber = decision.registryNumber ?? plan.registryNumber;
  const owner = plan.ownerUnitId ? unitNames.get(plan.ownerUnitId) : undefined;

  // "Fastställd av Kommunstyrelsen den 15 december 2023, § 259, dnr KS 23/189"
  const decided = Boolean(decision.body || decision.date);
  const decisionLine = decided
    ? [
        [t('print.adopted'), decision.body ? t('print.by', { body: decision.body }) : '', decision.date ? t('print.on', { date: formatDate(decision.date) }) : ''].filter(Boolean).join(' '),
        decision.paragraph ?? '',
        registryNumber ? t('print.registry', { number: registryNumber }) : '',
      ]
        .filter(Boolean)
        .join(', ')
    : t('overview.noDecision');

  return (
    <>
      <div className="print-document">
        <PageHeading title={`${t('tabs.print')} – ${plan.title}`} caption={organization.name}>
          {plan.title}
        </PageHeading>
        <div className="no-print">
          <PlanTabs planId={plan.id} plan={plan} />
          <div className="button-row">
            <button type="button" className="button" onClick={() => window.print()}>
              {t('print.button')}
            </button>
            <Link to={`/plans/${plan.id}`}>{t('print.back')}</Link>
          </div>
          <p className="muted">{t('print.hint')}</p>
        </div>
        <p className="print-document__kind">
          {t(`common:enums.planKind.${plan.kind}`)} · {t(`common:enums.planStatus.${plan.status}`)}
        </p>
        <dl className="print-document__facts">
          <div>
            <dt>{t('print.decision')}</dt>
            <dd>{decisionLine}</dd>
          </div>
          {!decided && registryNumber && (
            <div>
              <dt>{t('fields.registryNumber')}</dt>
              <dd>{registryNumber}</dd>
            </div>
          )}
          <div>
            <dt>{t('fields.validity')}</dt>
            <dd>{validityText(plan, t)}</dd>
          </div>
          {(replaced || plan.replacesReference) && (
            <div>
              <dt>{t('fields.replaces')}</dt>
              <dd>{plan.replacesReference ?? replaced?.title}</dd>
            </div>
          )}
          {owner && (
            <div>
              <dt>{t('fields.owner')}</dt>
              <dd>{owner}</dd>
            </div>
          )}
          <div>
            <dt>{t('fields.followUp')}</dt>
            <dd>{t(`common:enums.cadence.${plan.followUpCadence}`)}</dd>
          </div>
        </dl>
        {plan.summary && <p className="print-document__summary">{plan.summary}</p>}

        {plan.sections.map((section, i) => (
          <section key={i} className="print-section" aria-labelledby={`print-section-${i}`}>
            <h2 id={`print-section-${i}`}>{section.heading}</h2>
            <Prose text={section.body} />
          </section>
        ))}

        {plan.followUpDescription && (
          <section className="print-section" aria-labelledby="print-follow-up">
            <h2 id="print-follow-up">{t('print.followUp')}</h2>
            <Prose text={plan.followUpDescription} />
          </section>
        )}

        {tree.nodes.length > 0 && <GoalTree nodes={tree.nodes} numbers={numbers} unitNames={unitNames} vocabulary={vocabulary} headingLevel={2} variant="print" />}
      </div>
    </>
  );
}
