import { Form, Link, useLoaderData, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, query, type MeasureSearchResult, type Organization, type PlanListItem } from '../../api/client';
import { PageHeading } from '../../components/PageHeading';
import { StatusTag } from '../../components/StatusTag';
import { useCapabilities } from '../../components/capabilities';
import { formatDate, registerTranslations } from '../../i18n';
import en from './en.json';
import sv from './sv.json';

registerTranslations('home', sv, en);

export async function loader({ request }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get('q')?.trim() ?? '';
  const [organizations, plans] = await Promise.all([
    api<Organization[]>('/organizations', { signal: request.signal }),
    api<{ items: PlanListItem[] }>(`/plans${query({ limit: 500, q })}`, { signal: request.signal }),
  ]);
  const measureHits = q
    ? (
        await Promise.all(
          organizations
            .filter((o) => (o.planCount ?? 0) > 0)
            .map(async (o) => ({ organization: o, result: await api<MeasureSearchResult>(`/organizations/${o.id}/measures${query({ q, limit: 50 })}`, { signal: request.signal }) })),
        )
      ).filter((h) => h.result.total > 0)
    : [];
  return { q, organizations, plans: plans.items, measureHits };
}

export function Component() {
  const { t } = useTranslation('home');
  const { q, organizations, plans, measureHits } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { can } = useCapabilities();
  const withPlans = organizations.filter((o) => plans.some((p) => p.organizationId === o.id));
  const title = q ? t('results', { q }) : t('title');
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      {!q && <p className="lead">{t('intro')}</p>}
      <Form role="search" method="get" className="search-form">
        <div className="field">
          <label className="field__label" htmlFor="home-q">
            {t('searchLabel')}
          </label>
          <div className="field__hint" id="home-q-hint">
            {t('searchHint')}
          </div>
          <input className="input" id="home-q" name="q" type="search" defaultValue={params.get('q') ?? ''} aria-describedby="home-q-hint" />
        </div>
        <button type="submit" className="button">
          {t('searchButton')}
        </button>
      </Form>
      {can('create_plan') && !q && (
        <p className="button-row">
          <Link to="/plans/new" className="button button--secondary">
            {t('newPlan')}
          </Link>{' '}
          <Link to="/import" className="button button--secondary">
            {t('importPlan')}
          </Link>
        </p>
      )}

      {q && (
        <section aria-labelledby="measure-hits">
          <h2 id="measure-hits">{t('measureHits')}</h2>
          {measureHits.length === 0 && <p>{t('noHits')}</p>}
          {measureHits.map(({ organization, result }) => (
            <div key={organization.id}>
              <h3>
                {organization.name} <span className="muted">({t('measureCount', { count: result.total })})</span>
              </h3>
              <ul>
                {result.items.map((m) => (
                  <li key={m.id}>
                    <Link to={`/measures/${m.id}`}>
                      {m.code ? `${m.code} ` : ''}
                      {m.text}
                    </Link>{' '}
                    <span className="muted">
                      {t('in')} {m.plan.title}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <h2>{t('planHits')}</h2>
          {plans.length === 0 && <p>{t('noHits')}</p>}
        </section>
      )}

      {!q && <h2>{t('organizations')}</h2>}
      {withPlans.length === 0 && !q && <p>{t('noPlans')}</p>}
      {withPlans.map((organization) => (
        <section key={organization.id} aria-labelledby={`org-${organization.id}`}>
          <h3 id={`org-${organization.id}`}>
            {organization.name} <span className="muted">({organization.code})</span>
          </h3>
          <ul className="card-list">
            {plans
              .filter((p) => p.organizationId === organization.id)
              .map((plan) => (
                <li key={plan.id} className="card">
                  <h4 className="card__title">
                    <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
                  </h4>
                  <div className="meta-row">
                    <StatusTag status={plan.status} />
                    <span>{t(`common:enums.planKind.${plan.kind}`)}</span>
                    <span>
                      {t('validity')}: {plan.validFrom ? formatDate(plan.validFrom) : '–'} – {plan.validTo ? formatDate(plan.validTo) : (plan.validityNote ?? t('validUntilFurther'))}
                    </span>
                    <span>{t('goalCount', { count: plan.goalCount })}</span>
                    <span>{t('measureCount', { count: plan.measureCount })}</span>
                  </div>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </>
  );
}
