import { useEffect, useState } from 'react';
import { Link, useLoaderData, useNavigate, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Organization, type Plan } from '../../api/client';
import { PageHeading } from '../../components/PageHeading';
import { useCapabilities } from '../../components/capabilities';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { registerTranslations } from '../../i18n';
import { ReviewForm } from './ReviewForm';
import { UploadForm, type Loaded } from './UploadForm';
import en from './en.json';
import sv from './sv.json';

registerTranslations('import', sv, en);

export async function loader({ request }: LoaderFunctionArgs) {
  const organizations = await api<Organization[]>('/organizations', { signal: request.signal });
  const wanted = new URL(request.url).searchParams.get('organizationId') ?? '';
  return { organizations, organizationId: organizations.some((o) => o.id === wanted) ? wanted : '' };
}

/**
 * Import a plan document (/import, /import?organizationId=…): upload a file, review the structure
 * the importer found beside the document's text, correct it and save it as a draft plan.
 */
export function Component() {
  const { t } = useTranslation('import');
  const { organizations, organizationId } = useLoaderData<typeof loader>();
  const { can } = useCapabilities();
  const navigate = useNavigate();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  // Starting again keeps the organization chosen last.
  const [lastOrganization, setLastOrganization] = useState(organizationId);
  const [saved, setSaved] = useState<Plan | null>(null);
  useUnsavedChanges(!!loaded && !saved);

  // Go to the new plan once the page no longer counts as having unsaved changes.
  useEffect(() => {
    if (saved) navigate(`/plans/${saved.id}`);
  }, [saved, navigate]);

  if (!can('create_plan')) {
    return (
      <>
        <PageHeading title={t('title')}>{t('title')}</PageHeading>
        <p>{t('notAllowed')}</p>
      </>
    );
  }

  if (!loaded) {
    return (
      <>
        <PageHeading title={t('title')}>{t('title')}</PageHeading>
        <p className="lead">{t('intro')}</p>
        <details className="section-details import-how">
          <summary>{t('how.title')}</summary>
          <div className="section-details__body">
            <p>{t('how.body1')}</p>
            <p>{t('how.body2')}</p>
          </div>
        </details>
        <UploadForm
          organizations={organizations.filter((o) => can('create_plan', o.id))}
          organizationId={lastOrganization}
          onLoaded={(next) => {
            setLastOrganization(next.organization.id);
            setLoaded(next);
          }}
        />
        <p>
          <Link to="/plans/new">{t('writeInstead')}</Link>
        </p>
      </>
    );
  }

  const reviewTitle = t('review.title');
  return (
    <>
      <PageHeading title={reviewTitle} caption={loaded.organization.name}>
        {reviewTitle}
      </PageHeading>
      <p className="lead">{t('review.intro')}</p>
      <ReviewForm key={`${loaded.fileName}-${loaded.result.stats.milliseconds}`} loaded={loaded} onSaved={setSaved} onRestart={() => setLoaded(null)} />
    </>
  );
}
