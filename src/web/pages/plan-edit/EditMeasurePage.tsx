import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type MeasureDetail, type Plan, type PlanContent, type TaxonomyList } from '../../api/client';
import { PageHeading } from '../../components/PageHeading';
import { StatusTag } from '../../components/StatusTag';
import { useCapabilities } from '../../components/capabilities';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { isContentEditable } from '../../../domain/lifecycle';
import { displayNumbers } from '../../../domain/numbering';
import { MeasureForm, measureValuesFrom, unitNames } from './MeasureForm';
import { NewVersionDialog, NotEditableNotice } from './NewVersion';
import { NotAllowed } from '../access/NotAllowed';
import { ns, short, suggestCode } from './shared';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const measure = await api<MeasureDetail>(`/measures/${params.measureId}`, { signal: request.signal });
  const [tree, taxonomies] = await Promise.all([
    api<PlanContent>(`/plans/${measure.planId}/tree`, { signal: request.signal }),
    api<TaxonomyList>(`/organizations/${measure.organizationId}/taxonomies`, { signal: request.signal }),
  ]);
  return { measure, tree, taxonomies };
}

/**
 * Someone whose role may not change this plan (a reporter on the city-wide plan, a reader) who
 * opens the address directly is told so plainly instead of getting a form the server would refuse.
 */
export function Component() {
  const { tree } = useLoaderData<typeof loader>();
  const { can } = useCapabilities();
  if (!can('edit_plan', tree.plan.organizationId, tree.plan)) return <NotAllowed need="editor" />;
  return <EditMeasure />;
}

function EditMeasure() {
  const { t } = useTranslation(ns);
  const { measure, tree, taxonomies } = useLoaderData<typeof loader>();
  const { can } = useCapabilities();
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState<MeasureDetail | null>(null);
  const [status, setStatus] = useState(measure.plan.status);
  const [revising, setRevising] = useState(false);
  const savedRef = useRef<HTMLDivElement>(null);
  useUnsavedChanges(dirty);

  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);
  const onDirtyChange = useCallback((d: boolean) => {
    setDirty(d);
    if (d) setSaved(null);
  }, []);

  const numbers = displayNumbers(tree.nodes);
  const shownCode = (saved ?? measure).code ?? numbers.get(measure.id) ?? '';
  const title = t('measureEdit.title', { code: shownCode });
  const editable = isContentEditable(status) && can('edit_plan', tree.plan.organizationId, tree.plan);
  const suggestion = measure.code ? null : suggestCode(tree.nodes, measure.nodeId, measure.id);
  const nodeNumber = numbers.get(measure.node.id) ?? measure.node.number ?? '';

  return (
    <>
      <nav aria-label={t('breadcrumbs')} className="breadcrumbs">
        <ol>
          <li>
            <Link to="/">{t('common:nav.home')}</Link>
          </li>
          <li>
            <Link to={`/plans/${measure.planId}`}>{measure.plan.title}</Link>
          </li>
          <li>
            <Link to={`/plans/${measure.planId}/structure`}>{t('structure.title')}</Link>
          </li>
        </ol>
      </nav>
      <PageHeading title={title} caption={measure.plan.title}>
        {title}
      </PageHeading>
      <div className="meta-row measure-edit-meta">
        <StatusTag status={status} />
        <span>
          {t('measureEdit.underNode', { node: `${nodeNumber ? `${nodeNumber} ` : ''}${short(measure.node.text, 80)}` })}
        </span>
        <Link to={`/measures/${measure.id}`}>{t('measureEdit.view')}</Link>
      </div>

      {saved && (
        <div className="notice notice--success" role="status" tabIndex={-1} ref={savedRef}>
          <p>{t('measureEdit.saved')}</p>
          <p className="button-row">
            <Link to={`/measures/${measure.id}`}>{t('measureEdit.view')}</Link>
            <Link to={`/plans/${measure.planId}/structure`} state={{ focus: `measure-${measure.id}` }}>
              {t('measureEdit.backToStructure')}
            </Link>
          </p>
        </div>
      )}

      {!editable ? (
        <>
          <NotEditableNotice status={status} onNewVersion={can('create_plan', tree.plan.organizationId) ? () => setRevising(true) : undefined} />
          <NewVersionDialog open={revising} planId={measure.planId} planTitle={measure.plan.title} onClose={() => setRevising(false)} goTo="structure" />
        </>
      ) : (
        <MeasureForm
          idPrefix="measure"
          organizationId={measure.organizationId}
          taxonomies={taxonomies}
          initial={measureValuesFrom(measure, unitNames(measure))}
          version={measure.version}
          codeSuggestion={suggestion}
          submitLabel={t('measureEdit.save')}
          save={(body) => api<MeasureDetail>(`/measures/${measure.id}`, { method: 'PATCH', body })}
          onSaved={setSaved}
          onDirtyChange={onDirtyChange}
          onNotEditable={() => void api<Plan>(`/plans/${measure.planId}`).then((plan) => setStatus(plan.status))}
        />
      )}
    </>
  );
}
