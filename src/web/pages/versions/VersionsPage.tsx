import { useState, type FormEvent } from 'react';
import { Link, useLoaderData, useRevalidator, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type VersionSummary } from '../../api/client';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { StatusTag } from '../../components/StatusTag';
import { useCapabilities } from '../../components/capabilities';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { formatNumber } from '../../i18n';
import { PlanHeader, PlanTabs } from '../plan/PlanTabs';
import { CompareForm, formatVersionDate, loadPlanContext } from './shared';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { plan, organization } = await loadPlanContext(params.planId!, request.signal);
  const versions = await api<VersionSummary[]>(`/plans/${plan.id}/versions`, { signal: request.signal });
  return { plan, organization, versions: [...versions].sort((a, b) => b.number - a.number) };
}

export function Component() {
  const { t } = useTranslation('versions');
  const { plan, organization, versions } = useLoaderData<typeof loader>();
  const { can } = useCapabilities();
  const revalidator = useRevalidator();
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<VersionSummary | null>(null);
  useUnsavedChanges(label.trim() !== '');

  const saveSnapshot = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(null);
    try {
      const version = await api<VersionSummary>(`/plans/${plan.id}/versions`, { method: 'POST', body: { label: label.trim() || null } });
      setErrors([]);
      setLabel('');
      setSaved(version);
      announce(t('snapshot.saved', { number: version.number }));
      await revalidator.revalidate();
    } catch (error) {
      if (error instanceof ApiError) setErrors([{ fieldId: 'snapshot-label', message: error.fieldMessage('label') ?? error.message }]);
      else throw error;
    } finally {
      setBusy(false);
    }
  };
  const snapshotError = errors.find((e) => e.fieldId === 'snapshot-label')?.message;

  return (
    <>
      <PlanHeader plan={plan} organizationName={organization.name} section={t('title')} />
      <PlanTabs planId={plan.id} plan={plan} />
      <ErrorSummary errors={errors} />
      <h2>{t('title')}</h2>
      <p>{t('intro')}</p>

      {versions.length === 0 ? (
        <p className="notice">{t('none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('table.caption')}>
          <table className="analysis-table">
            <caption>{t('table.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" className="number">
                  {t('table.number')}
                </th>
                <th scope="col">{t('table.reason')}</th>
                <th scope="col">{t('table.label')}</th>
                <th scope="col">{t('table.status')}</th>
                <th scope="col">{t('table.date')}</th>
                <th scope="col">{t('table.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.id}>
                  <th scope="row" className="number">
                    {formatNumber(version.number)}
                  </th>
                  <td>{t(`reason.${version.reason}`)}</td>
                  <td>{version.label ?? <span className="muted">{t('table.noLabel')}</span>}</td>
                  <td>
                    <StatusTag status={version.status} />
                  </td>
                  <td>{formatVersionDate(version.createdAt)}</td>
                  <td>
                    <Link to={`/plans/${plan.id}/compare?from=${version.id}&to=current`}>
                      {t('table.compareWithCurrent')}
                      <span className="visually-hidden"> ({t('versionNumber', { number: version.number })})</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {versions.length > 0 && <CompareForm planId={plan.id} versions={versions} errors={errors} onErrors={setErrors} />}

      {can('edit_plan', plan.organizationId, plan) && (
        <form className="snapshot-form" onSubmit={saveSnapshot} noValidate aria-labelledby="snapshot-title">
          <h2 id="snapshot-title">{t('snapshot.title')}</h2>
          <p>{t('snapshot.intro')}</p>
          {saved && (
            <div className="notice notice--success">
              <p>{t('snapshot.saved', { number: saved.number })}</p>
            </div>
          )}
          <TextField id="snapshot-label" label={t('snapshot.label')} hint={t('snapshot.hint')} value={label} onChange={setLabel} maxLength={200} error={snapshotError} />
          <button type="submit" className="button" disabled={busy}>
            {t('snapshot.submit')}
          </button>
        </form>
      )}
    </>
  );
}
