import { useMemo } from 'react';
import { Form, Link, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, query, type Organization, type TaxonomyList, type Unit } from '../../api/client';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { formatDateTime } from '../../i18n';
import { allowedOrRefused, NotAllowed } from '../access/NotAllowed';
import { EventChanges, EventSubject, useHistoryLabels } from '../history/Timeline';
import { actionName, auditActions, auditEntities, entityName, type AuditPage as AuditPageData } from '../history/values';
import { AdminHeader, loadOrganization, type Member } from './shared';

const pageSize = 50;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const fieldIds: Record<string, string> = { entity: 'audit-entity', action: 'audit-action', actor: 'audit-actor', from: 'audit-from', to: 'audit-to' };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Filters {
  entity: string;
  action: string;
  actor: string;
  from: string;
  to: string;
}

/** The filters in the address; a value that cannot be valid is dropped rather than sent. */
function readFilters(params: URLSearchParams): Filters {
  const get = (name: string) => (params.get(name) ?? '').trim();
  const entity = get('entity');
  const action = get('action');
  return {
    entity: (auditEntities as readonly string[]).includes(entity) ? entity : '',
    action: (auditActions as readonly string[]).includes(action) ? action : '',
    actor: uuid.test(get('actor')) ? get('actor') : '',
    from: get('from'),
    to: get('to'),
  };
}

/** Dates typed by hand (where the browser has no date picker) are checked before asking the server. */
function dateProblems(filters: Filters, t: (key: string) => string): SummaryError[] {
  const problems: SummaryError[] = [];
  if (filters.from && !isoDate.test(filters.from)) problems.push({ fieldId: 'audit-from', message: `${t('audit.from')}: ${t('audit.invalidDate')}` });
  if (filters.to && !isoDate.test(filters.to)) problems.push({ fieldId: 'audit-to', message: `${t('audit.to')}: ${t('audit.invalidDate')}` });
  if (!problems.length && filters.from && filters.to && filters.from > filters.to) problems.push({ fieldId: 'audit-from', message: t('audit.fromAfterTo') });
  return problems;
}

/** /organizations/:organizationId/audit: the organization's whole audit log, filtered by the address. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const url = new URL(request.url);
  const filters = readFilters(url.searchParams);
  const before = Number(url.searchParams.get('before')) || undefined;
  const organization = await loadOrganization(params.organizationId!, signal);
  const data = await allowedOrRefused(async () => {
    const [members, units, taxonomies] = await Promise.all([
      api<Member[]>(`/organizations/${organization.id}/members`, { signal }),
      api<Unit[]>(`/organizations/${organization.id}/units`, { signal }),
      api<TaxonomyList>(`/organizations/${organization.id}/taxonomies`, { signal }),
    ]);
    const validDates = (!filters.from || isoDate.test(filters.from)) && (!filters.to || isoDate.test(filters.to)) && !(filters.from && filters.to && filters.from > filters.to);
    let log: AuditPageData | null = null;
    let serverError: { path: string; message: string }[] = [];
    if (validDates) {
      try {
        log = await api<AuditPageData>(`/organizations/${organization.id}/audit${query({ ...filters, before, limit: pageSize })}`, { signal });
      } catch (error) {
        // A filter the server refuses is shown at its field, not as a broken page.
        if (error instanceof ApiError && error.status === 400) serverError = error.fields.length ? error.fields : [{ path: '', message: error.message }];
        else throw error;
      }
    }
    return { members, units, taxonomies, log, serverError };
  });
  return { organization, filters, before: before ?? null, data };
}

export function Component() {
  const { organization, filters, before, data } = useLoaderData<typeof loader>();
  if (data.refused) return <NotAllowed refusal={data.refused} need="admin" />;
  return <AuditLog organization={organization} filters={filters} before={before} {...data} />;
}

function AuditLog(props: {
  organization: Organization;
  filters: Filters;
  before: number | null;
  members: Member[];
  units: Unit[];
  taxonomies: TaxonomyList;
  log: AuditPageData | null;
  serverError: { path: string; message: string }[];
}) {
  const { t } = useTranslation('admin');
  const { t: th } = useTranslation('history');
  const { organization, filters, before, members, log } = props;
  const labels = useHistoryLabels(props.units, props.taxonomies);
  const base = `/organizations/${organization.id}/audit`;
  // Memoised: the summary takes focus whenever its list changes, which must mean new errors, not a re-render.
  const { serverError } = props;
  const errors: SummaryError[] = useMemo(
    () => [
      ...dateProblems(filters, t),
      ...serverError.map((e) => ({ fieldId: fieldIds[e.path.replace(/^query\./, '')] ?? 'audit-entity', message: e.message })),
    ],
    [filters, serverError, t],
  );
  const errorFor = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const filterQuery = query({ ...filters });
  const csvHref = `/api/v1/organizations/${organization.id}/audit.csv${filterQuery}`;
  const people = [...members].sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv'));
  const caption = t('audit.caption', { organization: organization.name });

  const select = (id: string, name: keyof Filters, label: string, options: { value: string; label: string }[]) => (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select className="select" id={id} name={name} defaultValue={filters[name]}>
        <option value="">{t('audit.any')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const dateField = (id: string, name: 'from' | 'to', label: string) => {
    const error = errorFor(id);
    return (
      <div className={`field${error ? ' field--error' : ''}`}>
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        <div className="field__hint" id={`${id}-hint`}>
          {t('audit.dateHint')}
        </div>
        {error && (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <input
          className="input input--short"
          id={id}
          name={name}
          type="date"
          defaultValue={filters[name]}
          aria-invalid={error ? true : undefined}
          aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        />
      </div>
    );
  };

  return (
    <>
      <AdminHeader organization={organization} section="audit" />
      <p>{t('audit.intro')}</p>
      <ErrorSummary errors={errors} />

      {/* A GET form on the page's own address: the filters live in the URL, so a view can be linked. */}
      <Form method="get" action={base} className="filters" aria-labelledby="audit-filter-title" key={filterQuery}>
        <h2 id="audit-filter-title" className="filters__title">
          {t('audit.filterTitle')}
        </h2>
        <div className="filters__grid">
          {select(
            'audit-entity',
            'entity',
            t('audit.entity'),
            auditEntities.map((e) => ({ value: e, label: entityName(th, e) })),
          )}
          {select(
            'audit-action',
            'action',
            t('audit.action'),
            auditActions.map((a) => ({ value: a, label: actionName(th, a) })),
          )}
          {select(
            'audit-actor',
            'actor',
            t('audit.person'),
            people.map((m) => ({ value: m.userId, label: `${m.displayName} (${m.email})` })),
          )}
          {dateField('audit-from', 'from', t('audit.from'))}
          {dateField('audit-to', 'to', t('audit.to'))}
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            {t('audit.submit')}
          </button>
          {filterQuery && <Link to={base}>{t('audit.clear')}</Link>}
        </div>
      </Form>

      {log && (
        <>
          <h2 id="audit-results">{caption}</h2>
          <p className="result-count" role="status">
            {t('audit.total', { count: log.total })}
          </p>
          <p>
            <a href={csvHref} download aria-describedby="audit-csv-hint">
              {t('audit.csv')}
            </a>{' '}
            <span className="muted" id="audit-csv-hint">
              {t('audit.csvHint')}
            </span>
          </p>
          {log.items.length === 0 ? (
            <p>{t('audit.none')}</p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="audit-caption">
              <table className="audit-table">
                <caption id="audit-caption" className="visually-hidden">
                  {caption}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.col.when')}</th>
                    <th scope="col">{t('audit.col.who')}</th>
                    <th scope="col">{t('audit.col.action')}</th>
                    <th scope="col">{t('audit.col.what')}</th>
                    <th scope="col">{t('audit.col.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {log.items.map((event) => (
                    <tr key={event.id}>
                      <th scope="row" className="audit-table__when">
                        <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
                      </th>
                      <td>{event.actor.name}</td>
                      <td>{actionName(th, event.action)}</td>
                      <td>
                        <EventSubject event={event} />
                      </td>
                      <td className="audit-table__changes">
                        <EventChanges event={event} labels={labels} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {(log.nextBefore !== null || before !== null) && (
            <nav aria-label={t('audit.pagingLabel')} className="button-row">
              {before !== null && <Link to={`${base}${filterQuery}`}>{t('audit.newest')}</Link>}
              {log.nextBefore !== null && (
                <Link className="button button--secondary" to={`${base}${query({ ...filters, before: log.nextBefore })}`}>
                  {t('audit.older')}
                </Link>
              )}
            </nav>
          )}
        </>
      )}
    </>
  );
}
