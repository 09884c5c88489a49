import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLoaderData, useNavigate, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type * as schemas from '../../../api/schemas-breakdown';
import { api, ApiError, type Plan, type Unit } from '../../api/client';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { CheckboxGroup, SelectField, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { StatusTag } from '../../components/StatusTag';
import { useSession } from '../../app/session';
import { actorOf } from '../../components/capabilities';
import { canBreakDownFor } from '../../../domain/access';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { formatDate, formatNumber, registerTranslations } from '../../i18n';
import { PlanHeader, PlanTabs } from '../plan/PlanTabs';
import { loadPlanContext } from '../versions/shared';
import en from './en.json';
import sv from './sv.json';

registerTranslations('breakdown', sv, en);

type Overview = z.infer<typeof schemas.breakdownOverview>;
type OverviewNode = Overview['nodes'][number];
type OverviewMeasure = Overview['measures'][number];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { plan, organization } = await loadPlanContext(params.planId!, request.signal);
  const [overview, units] = await Promise.all([
    api<Overview>(`/plans/${plan.id}/breakdowns`, { signal: request.signal }),
    api<Unit[]>(`/organizations/${plan.organizationId}/units`, { signal: request.signal }),
  ]);
  return { plan, organization, overview, units };
}

const nodeName = (node: { label: string | null; number: string | null; text: string }) => [node.label, node.number].filter(Boolean).join(' ');

export function Component() {
  const { t } = useTranslation('breakdown');
  const { plan, organization, overview, units } = useLoaderData<typeof loader>();
  const { user } = useSession();
  // Coordinators break down for any unit, a reporter for their own units: the form offers only those.
  const actor = actorOf(user);
  const allowedUnits = units.filter((u) => canBreakDownFor(actor, plan.organizationId, u.id));
  const title = t('title');
  const { breaksDown } = overview;
  const pointsElsewhere = breaksDown.parentPlan !== null || breaksDown.nodes.length > 0 || breaksDown.measures.length > 0;
  const isTopPlan = plan.parentPlanId === null;

  return (
    <>
      <PlanHeader plan={plan} organizationName={organization.name} section={title} />
      <PlanTabs planId={plan.id} plan={plan} />
      <h2>{title}</h2>
      <p>{isTopPlan ? t('introTop') : t('introChild')}</p>

      {pointsElsewhere && <BreaksDown overview={overview} />}

      {(isTopPlan || overview.plans.length > 0) && <ChildPlans overview={overview} />}

      {isTopPlan && allowedUnits.length > 0 && <CreateForm plan={plan} overview={overview} units={allowedUnits} />}
    </>
  );
}

/** A scrollable two-column table: this plan's items (row headers) beside what they break down. */
function SourceTable({ caption, ownHeading, sourceHeading, children }: { caption: string; ownHeading: string; sourceHeading: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="analysis-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{ownHeading}</th>
            <th scope="col">{sourceHeading}</th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** What this plan breaks down: its parent plan, and the goals and measures there that its own point at. */
function BreaksDown({ overview }: { overview: Overview }) {
  const { t } = useTranslation('breakdown');
  const { parentPlan, nodes, measures } = overview.breaksDown;
  return (
    <section aria-labelledby="breaks-down-title">
      <h3 id="breaks-down-title">{t('breaksDown.title')}</h3>
      {parentPlan && (
        <p>
          {t('breaksDown.parent')} <Link to={`/plans/${parentPlan.id}`}>{parentPlan.title}</Link> <StatusTag status={parentPlan.status} />
        </p>
      )}
      {nodes.length > 0 && (
        <SourceTable caption={t('breaksDown.nodesCaption')} ownHeading={t('breaksDown.ownNode')} sourceHeading={t('breaksDown.sourceNode')}>
          {nodes.map((node) => (
            <tr key={node.nodeId}>
              <th scope="row">
                <span className="item-number">{node.number}</span> {node.text}
              </th>
              <td>
                {[node.source.label, node.source.number].filter(Boolean).join(' ')} {node.source.text}
                {node.source.plan.id !== parentPlan?.id && (
                  <span className="muted">
                    {' '}
                    {t('breaksDown.in')} <Link to={`/plans/${node.source.plan.id}`}>{node.source.plan.title}</Link>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </SourceTable>
      )}
      {measures.length > 0 && (
        <SourceTable caption={t('breaksDown.measuresCaption')} ownHeading={t('breaksDown.ownMeasure')} sourceHeading={t('breaksDown.sourceMeasure')}>
          {measures.map((measure) => (
            <tr key={measure.measureId}>
              <th scope="row">
                <Link to={`/measures/${measure.measureId}`}>
                  <span className="item-number">{measure.number}</span> {measure.text}
                </Link>
              </th>
              <td>
                <Link to={`/measures/${measure.source.measureId}`}>
                  {measure.source.code && <span className="item-number">{measure.source.code}</span>} {measure.source.text}
                </Link>{' '}
                {measure.source.plan.id !== parentPlan?.id && (
                  <span className="muted">
                    {t('breaksDown.in')} {measure.source.plan.title}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </SourceTable>
      )}
    </section>
  );
}

/** The plans that break this plan down, and per top-level goal what each unit does under it. */
function ChildPlans({ overview }: { overview: Overview }) {
  const { t } = useTranslation('breakdown');
  const plans = new Map(overview.plans.map((p) => [p.id, p]));
  const tops = overview.nodes.filter((n) => n.depth === 0);
  const subtree = useMemo(() => {
    const children = new Map<string, string[]>();
    for (const n of overview.nodes) if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.nodeId]);
    return (id: string): Set<string> => {
      const ids = new Set<string>([id]);
      const stack = [id];
      while (stack.length > 0) {
        for (const child of children.get(stack.pop()!) ?? []) {
          if (ids.has(child)) continue;
          ids.add(child);
          stack.push(child);
        }
      }
      return ids;
    };
  }, [overview.nodes]);
  const who = (p: { ownerUnit: { name: string } | null; title: string }) => p.ownerUnit?.name ?? p.title;

  return (
    <section aria-labelledby="child-plans-title">
      <h3 id="child-plans-title">{t('children.title')}</h3>
      {overview.plans.length === 0 ? (
        <p>{t('children.none')}</p>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('children.caption')}>
            <table className="analysis-table">
              <caption>{t('children.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('children.unit')}</th>
                  <th scope="col">{t('children.plan')}</th>
                  <th scope="col">{t('children.status')}</th>
                  <th scope="col">{t('children.validity')}</th>
                  <th scope="col" className="number">
                    {t('children.measures')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.plans.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.ownerUnit?.name ?? <span className="muted">{t('children.noOwner')}</span>}</th>
                    <td>
                      <Link to={`/plans/${p.id}`}>{p.title}</Link>
                      {!p.isChildPlan && <span className="muted"> ({t('children.pointsOnly')})</span>}
                    </td>
                    <td>
                      <StatusTag status={p.status} />
                    </td>
                    <td>{p.validFrom || p.validTo ? `${formatDate(p.validFrom) || '–'} – ${formatDate(p.validTo) || '–'}` : <span className="muted">{t('children.noValidity')}</span>}</td>
                    <td className="number">{formatNumber(p.measureCount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h3 id="per-goal-title">{t('perGoal.title')}</h3>
          {tops.map((top) => {
            const ids = subtree(top.nodeId);
            const measures = overview.measures.filter((m) => ids.has(m.nodeId) && m.breakdowns.length > 0);
            const goalWords = `${(top.label ?? t('perGoal.goal')).toLocaleLowerCase()} ${top.number}`;
            return (
              <section key={top.nodeId} className="breakdown-goal" aria-labelledby={`goal-${top.nodeId}`}>
                <h4 id={`goal-${top.nodeId}`}>
                  {nodeName({ ...top, label: top.label ?? t('perGoal.goalCapital') })}: {top.text}
                </h4>
                {top.planTotals.length === 0 ? (
                  <p className="muted">{t('perGoal.none')}</p>
                ) : (
                  <ul className="breakdown-lines">
                    {top.planTotals.map((total) => {
                      const p = plans.get(total.planId);
                      if (!p) return null;
                      return (
                        <li key={total.planId}>
                          <strong>{who(p)}</strong>: {t('perGoal.line', { count: total.measureCount, formatted: formatNumber(total.measureCount), goal: goalWords })}{' '}
                          <span className="muted">
                            – <Link to={`/plans/${p.id}`}>{p.title}</Link>
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                )}
                {measures.length > 0 && <MeasureBreakdowns measures={measures} />}
              </section>
            );
          })}
        </>
      )}
    </section>
  );
}

function MeasureBreakdowns({ measures }: { measures: OverviewMeasure[] }) {
  const { t } = useTranslation('breakdown');
  return (
    <ul className="measure-breakdowns" aria-label={t('perGoal.measures')}>
      {measures.map((m) => (
        <li key={m.measureId}>
          <Link to={`/measures/${m.measureId}`}>
            <span className="item-number">{m.number}</span> {m.text}
          </Link>
          <ul>
            {m.breakdowns.map((b) => (
              <li key={b.measureId}>
                <strong>{b.unit?.name ?? b.planTitle}</strong>
                {b.unit && <span className="muted"> ({b.planTitle})</span>}:{' '}
                <Link to={`/measures/${b.measureId}`}>
                  {b.code && <span className="item-number">{b.code}</span>} {b.text}
                </Link>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

const fieldIds: Record<string, string> = {
  ownerUnitId: 'breakdown-unit',
  title: 'breakdown-title',
  kind: 'breakdown-kind',
  nodeIds: 'breakdown-goals',
  validFrom: 'breakdown-valid-from',
  validTo: 'breakdown-valid-to',
};

const planKinds = ['action_plan', 'activity_plan', 'measure_plan', 'plan', 'strategy', 'programme'] as const;

/** A unit's own plan under this one: unit, title, which goals, → the new draft. */
function CreateForm({ plan, overview, units }: { plan: Plan; overview: Overview; units: Unit[] }) {
  const { t } = useTranslation('breakdown');
  const navigate = useNavigate();
  const [unitId, setUnitId] = useState('');
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<(typeof planKinds)[number]>('action_plan');
  const [goalIds, setGoalIds] = useState<string[]>([]);
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Plan | null>(null);
  const dirty = created === null && (unitId !== '' || title.trim() !== '' || goalIds.length > 0 || validFrom !== '' || validTo !== '');
  useUnsavedChanges(dirty);
  useEffect(() => {
    if (created) navigate(`/plans/${created.id}`);
  }, [created, navigate]);

  const goals = overview.nodes.filter((n: OverviewNode) => n.isTopGoal);
  if (goals.length === 0) {
    return (
      <section aria-labelledby="create-title">
        <h3 id="create-title">{t('form.title')}</h3>
        <p>{t('form.noGoals')}</p>
      </section>
    );
  }
  const error = (field: keyof typeof fieldIds) => errors.find((e) => e.fieldId === fieldIds[field])?.message;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: SummaryError[] = [];
    if (!unitId) problems.push({ fieldId: fieldIds.ownerUnitId!, message: t('form.errors.unit') });
    if (!title.trim()) problems.push({ fieldId: fieldIds.title!, message: t('form.errors.title') });
    if (goalIds.length === 0) problems.push({ fieldId: fieldIds.nodeIds!, message: t('form.errors.goals') });
    if (validFrom && validTo && validFrom > validTo) problems.push({ fieldId: fieldIds.validTo!, message: t('form.errors.period') });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const newPlan = await api<Plan>(`/plans/${plan.id}/breakdowns`, {
        method: 'POST',
        body: { ownerUnitId: unitId, title: title.trim(), kind, nodeIds: goalIds, validFrom: validFrom || null, validTo: validTo || null },
      });
      announce(t('form.created', { title: newPlan.title }));
      setCreated(newPlan);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const mapped = e.fields.map((f) => {
        const field = f.path.replace(/^body\./, '').split('.')[0] ?? '';
        return { fieldId: fieldIds[field] ?? fieldIds.ownerUnitId!, message: f.message };
      });
      setErrors(mapped.length ? mapped : [{ fieldId: fieldIds.ownerUnitId!, message: e.message }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-title" className="breakdown-form">
      <h3 id="create-title">{t('form.title')}</h3>
      <p>{t('form.intro')}</p>
      <ErrorSummary errors={errors} />
      <SelectField
        id={fieldIds.ownerUnitId!}
        label={t('form.unit')}
        hint={t('form.unitHint')}
        value={unitId}
        onChange={setUnitId}
        emptyLabel={t('form.chooseUnit')}
        options={units.map((u) => ({ value: u.id, label: u.name }))}
        error={error('ownerUnitId')}
        required
      />
      <TextField id={fieldIds.title!} label={t('form.planTitle')} hint={t('form.planTitleHint')} value={title} onChange={setTitle} maxLength={500} error={error('title')} required />
      <SelectField
        id={fieldIds.kind!}
        label={t('form.kind')}
        value={kind}
        onChange={(v) => setKind(v as (typeof planKinds)[number])}
        options={planKinds.map((k) => ({ value: k, label: t(`common:enums.planKind.${k}`) }))}
        error={error('kind')}
      />
      <CheckboxGroup
        id={fieldIds.nodeIds!}
        legend={t('form.goals')}
        hint={t('form.goalsHint')}
        options={goals.map((g) => ({ value: g.nodeId, label: `${nodeName(g)}: ${g.text}` }))}
        values={goalIds}
        onChange={setGoalIds}
        error={error('nodeIds')}
      />
      <div className="date-pair">
        <TextField id={fieldIds.validFrom!} type="date" label={t('form.validFrom')} value={validFrom} onChange={setValidFrom} error={error('validFrom')} />
        <TextField id={fieldIds.validTo!} type="date" label={t('form.validTo')} value={validTo} onChange={setValidTo} error={error('validTo')} />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t('form.submit')}
      </button>
    </form>
  );
}
