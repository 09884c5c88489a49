import { useMemo, useState } from 'react';
import { Link, useLoaderData, useLocation, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/PageHeading';
import { formatDateTime, formatNumber } from '../../i18n';
import { loadAssignments } from './requests';
import { daysUntil, Deadline, MeasureName, ns, ReportStateTag, RoundStateTag, useStatusLabel } from './shared';
import { groupByRound, isOwed, nextOwed } from './assignments';

export async function loader({ request }: LoaderFunctionArgs) {
  return { assignments: await loadAssignments(request.signal) };
}

/**
 * The reporter's inbox: everything they owe, across plans and rounds, grouped by round with the
 * round's deadline. "Start reporting" opens the first report still owed; the entry form then leads
 * from one report to the next without coming back here.
 */
export function Component() {
  const { t } = useTranslation(ns);
  const { assignments: loaded } = useLoaderData<typeof loader>();
  const assignments = loaded.items;
  const [showDone, setShowDone] = useState(false);
  const location = useLocation();
  const arrived = location.state as { submitted?: string } | null;
  const statusLabel = useStatusLabel(loaded.labels);
  const groups = useMemo(() => groupByRound(assignments), [assignments]);
  const owed = assignments.filter(isOwed);
  const overdue = owed.filter((a) => daysUntil(a.deadline) < 0);
  const first = nextOwed(assignments, null);
  const visibleGroups = groups.filter((group) => showDone || group.roundState === 'open');
  const title = t('inbox.title');

  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('inbox.intro')}</p>
      {arrived?.submitted && (
        <div className="notice notice--success" role="status">
          <p>{t('inbox.submittedLast', { measure: arrived.submitted })}</p>
        </div>
      )}

      {assignments.length === 0 ? (
        <div className="notice">
          <h2 className="notice__title">{t('inbox.empty.title')}</h2>
          <p>{t('inbox.empty.body')}</p>
        </div>
      ) : (
        <>
          <ul className="owe-summary">
            <li>{t('inbox.summary.owed', { count: owed.length, formatted: formatNumber(owed.length) })}</li>
            <li>{t('inbox.summary.overdue', { count: overdue.length, formatted: formatNumber(overdue.length) })}</li>
            <li>{t('inbox.summary.done', { count: assignments.length - owed.length, formatted: formatNumber(assignments.length - owed.length) })}</li>
          </ul>
          {first ? (
            <p>
              <Link className="button" to={`/status-reports/${first.id}`}>
                {t('inbox.start')}
              </Link>
            </p>
          ) : (
            <div className="notice notice--success">
              <p>{t('inbox.allDone')}</p>
            </div>
          )}
          <div className="checkbox">
            <input id="show-done" type="checkbox" checked={showDone} onChange={(e) => setShowDone(e.target.checked)} />
            <label htmlFor="show-done">{t('inbox.showDone')}</label>
          </div>

          {visibleGroups.map((group) => {
            const rows = showDone ? group.items : group.items.filter(isOwed);
            const groupOwed = group.items.filter(isOwed).length;
            const headingId = `round-${group.roundId}`;
            return (
              <section key={group.roundId} className="round-group" aria-labelledby={headingId}>
                <h2 id={headingId}>{group.roundName}</h2>
                <p className="meta-row">
                  <span>
                    {t('inbox.plan')}: <Link to={`/plans/${group.planId}`}>{group.planTitle}</Link>
                  </span>
                  <span>
                    {t('inbox.deadline')}: <Deadline date={group.deadline} done={groupOwed === 0} />
                  </span>
                  {group.roundState !== 'open' && <RoundStateTag state={group.roundState} />}
                  <span>{t('inbox.roundOwed', { count: groupOwed, formatted: formatNumber(groupOwed), total: formatNumber(group.items.length) })}</span>
                </p>
                {rows.length === 0 ? (
                  <p>{t('inbox.roundDone')}</p>
                ) : (
                  <div className="table-wrap" tabIndex={0} role="region" aria-label={t('inbox.caption', { round: group.roundName })}>
                    <table className="report-table">
                      <caption>{t('inbox.caption', { round: group.roundName })}</caption>
                      <thead>
                        <tr>
                          <th scope="col" className="report-table__measure">
                            {t('inbox.measure')}
                          </th>
                          <th scope="col">{t('inbox.unit')}</th>
                          <th scope="col">{t('inbox.state')}</th>
                          <th scope="col">{t('inbox.status')}</th>
                          <th scope="col">{t('inbox.submitted')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((a) => (
                          <tr key={a.id}>
                            <th scope="row">
                              <MeasureName code={a.measureCode} text={a.measureText} to={`/status-reports/${a.id}`} />
                            </th>
                            <td>{a.unitName}</td>
                            <td>
                              <ReportStateTag state={a.state} />
                            </td>
                            <td>{statusLabel(a.status)}</td>
                            <td>{a.submittedAt ? formatDateTime(a.submittedAt) : <span className="muted">{t('inbox.notSubmitted')}</span>}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>
            );
          })}
        </>
      )}
    </>
  );
}
