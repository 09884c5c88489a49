import { useState, type ReactNode } from 'react';
import { Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, ApiError, query, type DiffResult, type FrameworkList, type TaxonomyList, type VersionSummary } from '../../api/client';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { formatDate, formatNumber } from '../../i18n';
import { PlanHeader, PlanTabs } from '../plan/PlanTabs';
import { CompareForm, loadPlanContext, makeLabels, useVersionName, WordDiff, type Labels, type TaxonomyKind } from './shared';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const { plan, organization } = await loadPlanContext(params.planId!, request.signal);
  const [versions, taxonomies, frameworks] = await Promise.all([
    api<VersionSummary[]>(`/plans/${plan.id}/versions`, { signal: request.signal }),
    api<TaxonomyList>(`/organizations/${plan.organizationId}/taxonomies`, { signal: request.signal }),
    api<FrameworkList>(`/organizations/${plan.organizationId}/frameworks`, { signal: request.signal }),
  ]);
  const latest = [...versions].sort((a, b) => b.number - a.number)[0];
  const from = search.get('from') || latest?.id || '';
  const to = search.get('to') || 'current';
  let diff: DiffResult | null = null;
  let problem: string | null = null;
  if (from) {
    try {
      diff = await api<DiffResult>(`/plans/${plan.id}/diff${query({ from, to })}`, { signal: request.signal });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 400) throw error;
      problem = error.fields.map((f) => f.message).join(' ') || error.message;
    }
  }
  return { plan, organization, versions, taxonomies, frameworks, from, to, diff, problem };
}

type Diff = DiffResult['diff'];
type Item = Diff['nodes']['added'][number];
interface Change {
  field: string;
  before: unknown;
  after: unknown;
  added?: string[];
  removed?: string[];
}
interface NodeRef {
  id: string;
  number: string;
  text: string;
}

const longTextFields = new Set(['title', 'text', 'description', 'summary', 'followUpDescription', 'responsibilityText', 'validityNote', 'replacesReference', 'label', 'timeFrame', 'decision.body']);
const dateFields = new Set(['validFrom', 'validTo', 'decision.date']);
const taxonomyOf: Record<string, TaxonomyKind> = {
  preventionLevels: 'prevention_level',
  targetGroups: 'target_group',
  violenceForms: 'violence_form',
  vulnerableGroups: 'vulnerable_group',
  perspectives: 'perspective',
};
const enumOf: Record<string, string> = { kind: 'planKind', status: 'planStatus', followUpCadence: 'cadence', scope: 'scope', role: 'nodeRole' };
const setFields = new Set(['leadUnits', 'coUnits', 'frameworkLinks', ...Object.keys(taxonomyOf)]);
const referenceFields = new Set(['replacesPlanId', 'parentPlanId', 'sourceNodeId', 'parentMeasureId']);

const isEmptyDiff = (diff: Diff) => diff.plan.length === 0 && [diff.nodes, diff.measures].every((p) => p.added.length + p.removed.length + p.changed.length === 0);

export function Component() {
  const { t } = useTranslation('versions');
  const data = useLoaderData<typeof loader>();
  const { plan, organization, versions, diff, problem } = data;
  const versionName = useVersionName();
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const labels = makeLabels(data.taxonomies, data.frameworks);

  const describe = (side: DiffResult['from']) => {
    if (side.id === 'current') return t('compare.current');
    const version = versions.find((v) => v.id === side.id);
    return version ? versionName(version) : t('versionNumber', { number: side.number });
  };
  const title = t('compare.title');

  return (
    <>
      <PlanHeader plan={plan} organizationName={organization.name} section={title} />
      <PlanTabs planId={plan.id} plan={plan} />
      <ErrorSummary errors={errors} />
      <p>
        <Link to={`/plans/${plan.id}/versions`}>{t('compare.backToVersions')}</Link>
      </p>
      <h2>{title}</h2>
      {versions.length === 0 && !diff && <p className="notice">{t('compare.noVersions')}</p>}
      {problem && (
        <div className="notice notice--warning" role="alert">
          <p>{problem}</p>
        </div>
      )}
      {diff && (
        <>
          <p className="lead compare-sides">
            {t('compare.comparing')} <strong>{describe(diff.from)}</strong> {t('compare.with')} <strong>{describe(diff.to)}</strong>
          </p>
          {isEmptyDiff(diff.diff) ? (
            <div className="notice">
              <p>{t('diff.empty')}</p>
            </div>
          ) : (
            <DiffView diff={diff.diff} labels={labels} />
          )}
        </>
      )}
      {versions.length > 0 && <CompareForm key={`${data.from}|${data.to}`} planId={plan.id} versions={versions} from={data.from} to={data.to} errors={errors} onErrors={setErrors} />}
    </>
  );
}

function DiffView({ diff, labels }: { diff: Diff; labels: Labels }) {
  const { t } = useTranslation('versions');
  const row = (key: 'nodes' | 'measures') => [diff[key].added.length, diff[key].removed.length, diff[key].changed.length];
  const rows: [string, number[]][] = [
    [t('diff.summary.plan'), [0, 0, diff.plan.length]],
    [t('diff.summary.nodes'), row('nodes')],
    [t('diff.summary.measures'), row('measures')],
  ];
  return (
    <>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('diff.summary.caption')}>
        <table className="analysis-table diff-summary">
          <caption>{t('diff.summary.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('diff.summary.part')}</th>
              <th scope="col" className="number">
                {t('diff.summary.added')}
              </th>
              <th scope="col" className="number">
                {t('diff.summary.removed')}
              </th>
              <th scope="col" className="number">
                {t('diff.summary.changed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, counts]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {counts.map((n, i) => (
                  <td key={i} className="number">
                    {formatNumber(n)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {diff.plan.length > 0 && (
        <section aria-labelledby="diff-plan">
          <h3 id="diff-plan">{t('diff.planTitle')}</h3>
          <FieldChanges changes={diff.plan as Change[]} labels={labels} kind="plan" />
        </section>
      )}
      <ItemSection kind="nodes" part={diff.nodes} labels={labels} />
      <ItemSection kind="measures" part={diff.measures} labels={labels} />
    </>
  );
}

function ItemSection({ kind, part, labels }: { kind: 'nodes' | 'measures'; part: Diff['nodes']; labels: Labels }) {
  const { t } = useTranslation('versions');
  if (part.added.length + part.removed.length + part.changed.length === 0) return null;
  const where = (item: Item) => {
    const ref = (kind === 'nodes' ? item.parent : item.node) as NodeRef | null | undefined;
    return ref ? <span className="muted"> ({t('diff.under', { node: nodeName(ref) })})</span> : null;
  };
  return (
    <section aria-labelledby={`diff-${kind}`}>
      <h3 id={`diff-${kind}`}>{t(`diff.${kind}.title`)}</h3>
      {part.added.length > 0 && (
        <>
          <h4>{t(`diff.${kind}.added`, { count: part.added.length })}</h4>
          <ul className="diff-list diff-list--added">
            {part.added.map((item) => (
              <li key={item.id}>
                <ins>
                  <span className="visually-hidden">{t('diff.addedText')} </span>
                  <ItemName item={item} />
                </ins>
                {where(item)}
              </li>
            ))}
          </ul>
        </>
      )}
      {part.removed.length > 0 && (
        <>
          <h4>{t(`diff.${kind}.removed`, { count: part.removed.length })}</h4>
          <ul className="diff-list diff-list--removed">
            {part.removed.map((item) => (
              <li key={item.id}>
                <del>
                  <span className="visually-hidden">{t('diff.removedText')} </span>
                  <ItemName item={item} />
                </del>
                {where(item)}
              </li>
            ))}
          </ul>
        </>
      )}
      {part.changed.length > 0 && (
        <>
          <h4>{t(`diff.${kind}.changed`, { count: part.changed.length })}</h4>
          <ul className="diff-changed">
            {part.changed.map((item) => (
              <li key={item.id} className="diff-changed__item">
                <p className="diff-changed__name">
                  <ItemName item={item} />
                </p>
                <FieldChanges changes={item.changes as Change[]} labels={labels} kind={kind} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ItemName({ item }: { item: { number?: unknown; text?: unknown; [key: string]: unknown } }) {
  const number = typeof item.number === 'string' && item.number ? item.number : null;
  return (
    <>
      {number && <span className="item-number">{number}</span>} {String(item.text ?? '')}
    </>
  );
}

const nodeName = (ref: NodeRef) => [ref.number, ref.text].filter(Boolean).join(' ');

function FieldChanges({ changes, labels, kind }: { changes: Change[]; labels: Labels; kind: 'plan' | 'nodes' | 'measures' }) {
  const { t } = useTranslation('versions');
  return (
    <dl className="diff-fields">
      {changes.map((change) => (
        <div key={change.field} className="diff-fields__row">
          <dt>{t(`fields.${kind}.${change.field}`, { defaultValue: t(`fields.common.${change.field}`, { defaultValue: change.field }) })}</dt>
          <dd>{renderChange(change, labels, t)}</dd>
        </div>
      ))}
    </dl>
  );
}

function BeforeAfter({ before, after }: { before: ReactNode; after: ReactNode }) {
  const { t } = useTranslation('versions');
  return (
    <span className="before-after">
      <span className="before-after__before">
        <span className="visually-hidden">{t('diff.before')}: </span>
        {before}
      </span>{' '}
      <span aria-hidden="true">→</span>{' '}
      <span className="before-after__after">
        <span className="visually-hidden">{t('diff.after')}: </span>
        {after}
      </span>
    </span>
  );
}

function Chips({ added, removed }: { added: string[]; removed: string[] }) {
  const { t } = useTranslation('versions');
  return (
    <ul className="chip-list">
      {added.map((label) => (
        <li key={`+${label}`} className="chip chip--added">
          <span aria-hidden="true">+ </span>
          <span className="visually-hidden">{t('diff.addedText')} </span>
          {label}
        </li>
      ))}
      {removed.map((label) => (
        <li key={`-${label}`} className="chip chip--removed">
          <span aria-hidden="true">− </span>
          <span className="visually-hidden">{t('diff.removedText')} </span>
          <s>{label}</s>
        </li>
      ))}
    </ul>
  );
}

function renderChange(given: Change, labels: Labels, t: TFunction<'versions'>): ReactNode {
  let change = given;
  const { field, before, after } = change;
  const empty = <span className="muted">{t('diff.noValue')}</span>;

  // Plan-level set fields arrive as before and after lists only: what came in and went out is worked out here.
  if (!change.added && !change.removed && setFields.has(field) && Array.isArray(before) && Array.isArray(after)) {
    change = { ...change, added: after.filter((x) => !before.includes(x)).map(String), removed: before.filter((x) => !after.includes(x)).map(String) };
  }
  if (change.added || change.removed) {
    const label = (code: string) => (taxonomyOf[field] ? labels.term(taxonomyOf[field], code) : field === 'frameworkLinks' ? labels.framework(code) : code);
    return <Chips added={(change.added ?? []).map(label)} removed={(change.removed ?? []).map(label)} />;
  }
  if (field === 'node' || field === 'parent') {
    const where = (ref: unknown) => (ref ? t('diff.nodeRef', { node: nodeName(ref as NodeRef) }) : t('diff.topLevel'));
    return <p className="diff-move">{t('diff.moved', { from: where(before), to: where(after) })}</p>;
  }
  if (field === 'order') return <p className="diff-move">{t('diff.reordered', { from: before, to: after })}</p>;
  if (field === 'ownerUnit') {
    const name = (v: unknown) => (v ? (v as { name: string }).name : empty);
    return <BeforeAfter before={name(before)} after={name(after)} />;
  }
  if (referenceFields.has(field)) {
    return <p>{before === null ? t('diff.linkAdded') : after === null ? t('diff.linkRemoved') : t('diff.linkChanged')}</p>;
  }
  if (field === 'sections') return <SectionsChange before={(before ?? []) as Section[]} after={(after ?? []) as Section[]} />;
  if (field === 'examples') {
    const b = (before ?? []) as string[];
    const a = (after ?? []) as string[];
    const added = a.filter((x) => !b.includes(x));
    const removed = b.filter((x) => !a.includes(x));
    if (added.length + removed.length === 0) return <p>{t('diff.orderChanged')}</p>;
    return <Chips added={added} removed={removed} />;
  }
  if (enumOf[field]) {
    const value = (v: unknown) => (v === null || v === undefined ? empty : t(`common:enums.${enumOf[field]}.${String(v)}`));
    return <BeforeAfter before={value(before)} after={value(after)} />;
  }
  if (dateFields.has(field)) {
    const value = (v: unknown) => (typeof v === 'string' && v ? formatDate(v) : empty);
    return <BeforeAfter before={value(before)} after={value(after)} />;
  }
  if (longTextFields.has(field) && (typeof before === 'string' || typeof after === 'string')) {
    return (
      <p className="diff-text">
        <WordDiff before={typeof before === 'string' ? before : ''} after={typeof after === 'string' ? after : ''} />
      </p>
    );
  }
  const value = (v: unknown) => (v === null || v === undefined || v === '' ? empty : String(v));
  return <BeforeAfter before={value(before)} after={value(after)} />;
}

interface Section {
  heading: string;
  body: string;
}

function SectionsChange({ before, after }: { before: Section[]; after: Section[] }) {
  const { t } = useTranslation('versions');
  const count = Math.max(before.length, after.length);
  const items: ReactNode[] = [];
  for (let i = 0; i < count; i++) {
    const b = before[i];
    const a = after[i];
    if (b && a && b.heading === a.heading && b.body === a.body) continue;
    items.push(
      <li key={i}>
        <p className="diff-section__heading">
          <WordDiff before={b?.heading ?? ''} after={a?.heading ?? ''} />
        </p>
        <p className="diff-text">
          <WordDiff before={b?.body ?? ''} after={a?.body ?? ''} />
        </p>
      </li>,
    );
  }
  if (items.length === 0) return <p>{t('diff.orderChanged')}</p>;
  return <ol className="diff-sections">{items}</ol>;
}
