import { useMemo, useState } from 'react';
import { Link, useLoaderData, useLocation, useRevalidator, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Unit } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { PageHeading } from '../../components/PageHeading';
import { useCapabilities } from '../../components/capabilities';
import { currentLanguage, formatDate, formatNumber } from '../../i18n';
import { useReturnFocus } from '../plan-edit/shared';
import { ImportSection } from './ImportSection';
import type { Completion, Round, RoundProgress, StatusReport } from './model';
import { ReviewQueue } from './ReviewQueue';
import { RoundChart, stackedBars, type ChartOption } from './RoundChart';
import { Deadline, formatPercent, MeasureName, ns, RoundStateTag, useStatusLabel } from './shared';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const round = await api<Round>(`/rounds/${params.roundId}`, { signal });
  const [progress, reports, units] = await Promise.all([
    api<RoundProgress>(`/rounds/${round.id}/progress`, { signal }),
    api<StatusReport[]>(`/rounds/${round.id}/assignments`, { signal }),
    api<Unit[]>(`/organizations/${round.organizationId}/units`, { signal }),
  ]);
  return { round, progress, reports, labels: progress.labels, units };
}

const completionStates = ['approved', 'submitted', 'returned', 'draft'] as const;
type StatusKey = keyof RoundProgress['plan']['statusCounts'];
const goalName = (g: { number: string | null; text: string }) => [g.number, g.text].filter(Boolean).join(' ');

/**
 * A round for its coordinator: who has reported and who has not (per unit and per goal), the review
 * queue, progress rolled up to goals and the plan, the comparison with the previous round, the
 * exports for the board and the spreadsheet round-trip. Every chart repeats a table above it.
 */
export function Component() {
  const { t } = useTranslation(ns);
  const { round, progress, reports, labels, units } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const location = useLocation();
  const { can } = useCapabilities();
  const coordinator = can('edit_plan');
  const statusLabel = useStatusLabel(labels);
  const language = currentLanguage();
  const title = round.name;
  const created = (location.state as { created?: boolean } | null)?.created;

  const missing = reports.filter((r) => r.state === 'draft' || r.state === 'returned');
  const missingByUnit = useMemo(() => {
    const map = new Map<string, { name: string; items: StatusReport[] }>();
    for (const r of missing) {
      const entry = map.get(r.unitId) ?? { name: r.unitName, items: [] };
      entry.items.push(r);
      map.set(r.unitId, entry);
    }
    return [...map.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }, [missing]);
  const statusCodes: StatusKey[] = [...labels.map((l) => l.code), 'unreported'];
  const statusName = (code: StatusKey) => (code === 'unreported' ? t('round.progress.unreported') : statusLabel(code));

  const unitChart = useMemo<ChartOption>(
    () =>
      stackedBars(
        progress.units.map((u) => u.name),
        completionStates.map((s) => ({ name: t(`reportState.${s}`), data: progress.units.map((u) => u.completion[s]) })),
        t('round.chart.reports'),
      ),
    [progress, language],
  );
  const goalChart = useMemo<ChartOption>(
    () =>
      stackedBars(
        progress.goals.map(goalName),
        statusCodes.map((code) => ({ name: statusName(code), data: progress.goals.map((g) => g.statusCounts[code] ?? 0) })),
        t('round.chart.measures'),
      ),
    [progress, language, labels],
  );
  const historyChart = useMemo<ChartOption>(
    () => ({
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: progress.history.map((h) => h.name) },
      yAxis: { type: 'value', max: 100, name: t('round.chart.percent'), nameLocation: 'middle', nameGap: 36 },
      series: [
        { type: 'bar', name: t('round.history.completion'), data: progress.history.map((h) => h.completionPercent) },
        { type: 'bar', name: t('round.history.index'), data: progress.history.map((h) => h.progressIndex ?? 0) },
      ],
    }),
    [progress, language],
  );

  return (
    <>
      <nav aria-label={t('breadcrumbs')} className="breadcrumbs">
        <ol>
          <li>
            <Link to={`/plans/${round.planId}`}>{round.planTitle}</Link>
          </li>
          <li>
            <Link to={`/plans/${round.planId}/rounds`}>{t('rounds.title')}</Link>
          </li>
          <li>{round.name}</li>
        </ol>
      </nav>
      <PageHeading title={`${title} – ${round.planTitle}`} caption={round.planTitle}>
        {title}
      </PageHeading>
      <p className="meta-row">
        <span>
          <span className="visually-hidden">{t('round.state')}: </span>
          <RoundStateTag state={round.state} />
        </span>
        <span>{t('rounds.periodValue', { from: formatDate(round.periodStart), to: formatDate(round.periodEnd) })}</span>
        <span>
          {t('rounds.deadline')}: <Deadline date={round.deadline} done={round.state !== 'open' || missing.length === 0} />
        </span>
      </p>
      {created && (
        <div className="notice notice--success" role="status">
          <p>{t('round.created')}</p>
        </div>
      )}
      {coordinator && <RoundActions round={round} onChanged={() => void revalidator.revalidate()} />}

      <nav className="on-page" aria-labelledby="on-page-title">
        <h2 id="on-page-title">{t('round.onPage')}</h2>
        <ul>
          <li>
            <a href="#completion-title">{t('round.completion.title')}</a>
          </li>
          <li>
            <a href="#review-title">{t('round.review.title')}</a>
          </li>
          <li>
            <a href="#progress-title">{t('round.progress.title')}</a>
          </li>
          <li>
            <a href="#compare-title">{t('round.compare.title')}</a>
          </li>
          <li>
            <a href="#export-title">{t('round.export.title')}</a>
          </li>
          {coordinator && (
            <li>
              <a href="#import-title">{t('round.import.title')}</a>
            </li>
          )}
        </ul>
      </nav>

      {round.state === 'planned' ? (
        <div className="notice">
          <p>{t('round.plannedNotice', { total: formatNumber(round.reportCounts.total) })}</p>
        </div>
      ) : null}

      <section className="round-section" aria-labelledby="completion-title">
        <h2 id="completion-title">{t('round.completion.title')}</h2>
        <p>
          {t('round.completion.summary', {
            reported: formatNumber(progress.plan.completion.reported),
            total: formatNumber(progress.plan.completion.total),
            percent: formatPercent(progress.plan.completion.percent),
          })}
        </p>
        <CompletionTable
          id="completion-units"
          caption={t('round.completion.unitCaption')}
          rowHeader={t('round.completion.unit')}
          rows={progress.units.map((u) => ({ key: u.unitId, name: u.name, completion: u.completion }))}
          total={progress.plan.completion}
        />
        {progress.units.length > 0 && <RoundChart option={unitChart} height={Math.max(220, 60 + progress.units.length * 32)} caption={t('round.chart.unitCaption')} />}

        <h3 id="missing-title">{t('round.completion.missingTitle')}</h3>
        {missingByUnit.length === 0 ? (
          <p>{t('round.completion.noneMissing')}</p>
        ) : (
          <ul className="missing-list" aria-labelledby="missing-title">
            {missingByUnit.map((unit) => (
              <li key={unit.name}>
                <strong>{unit.name}</strong> {t('round.completion.missingCount', { count: unit.items.length, formatted: formatNumber(unit.items.length) })}
                <ul>
                  {unit.items.map((r) => (
                    <li key={r.id}>
                      <MeasureName code={r.measureCode} text={r.measureText} to={`/status-reports/${r.id}`} />
                      {r.state === 'returned' && <span className="muted"> ({t('reportState.returned').toLowerCase()})</span>}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}

        <CompletionTable
          id="completion-goals"
          caption={t('round.completion.goalCaption')}
          rowHeader={t('round.completion.goal')}
          rows={progress.goals.map((g) => ({ key: g.goalId, name: goalName(g), completion: g.completion }))}
          total={progress.plan.completion}
        />
      </section>

      <ReviewQueue reports={reports} statusLabel={statusLabel} canReview={coordinator} onReviewed={() => void revalidator.revalidate()} />

      <section className="round-section" aria-labelledby="progress-title">
        <h2 id="progress-title">{t('round.progress.title')}</h2>
        <p>{t('round.progress.intro')}</p>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('round.progress.caption')}>
          <table className="analysis-table progress-table" id="progress-goals">
            <caption>{t('round.progress.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('round.completion.goal')}</th>
                {statusCodes.map((code) => (
                  <th scope="col" className="number" key={code}>
                    {statusName(code)}
                  </th>
                ))}
                <th scope="col" className="number">
                  {t('round.progress.measures')}
                </th>
                <th scope="col" className="number">
                  {t('round.progress.index')}
                </th>
              </tr>
            </thead>
            <tbody>
              {progress.goals.map((g) => (
                <tr key={g.goalId}>
                  <th scope="row">{goalName(g)}</th>
                  {statusCodes.map((code) => (
                    <td className="number" key={code}>
                      {formatNumber(g.statusCounts[code] ?? 0)}
                    </td>
                  ))}
                  <td className="number">{formatNumber(g.measureCount)}</td>
                  <td className="number">{formatPercent(g.progressIndex)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('round.progress.plan')}</th>
                {statusCodes.map((code) => (
                  <td className="number" key={code}>
                    {formatNumber(progress.plan.statusCounts[code] ?? 0)}
                  </td>
                ))}
                <td className="number">{formatNumber(progress.plan.measureCount)}</td>
                <td className="number">{formatPercent(progress.plan.progressIndex)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p className="field__hint">{t('round.progress.note')}</p>
        {progress.goals.length > 0 && <RoundChart option={goalChart} height={Math.max(220, 60 + progress.goals.length * 36)} caption={t('round.chart.goalCaption')} />}
      </section>

      <section className="round-section" aria-labelledby="compare-title">
        <h2 id="compare-title">{t('round.compare.title')}</h2>
        {!progress.previous ? (
          <p>{t('round.compare.none')}</p>
        ) : (
          <>
            <p>{t('round.compare.intro', { previous: progress.previous.name })}</p>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('round.compare.statusCaption', { previous: progress.previous.name })}>
              <table className="analysis-table" id="compare-status">
                <caption>{t('round.compare.statusCaption', { previous: progress.previous.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('round.compare.status')}</th>
                    <th scope="col" className="number">
                      {progress.previous.name}
                    </th>
                    <th scope="col" className="number">
                      {round.name}
                    </th>
                    <th scope="col" className="number">
                      {t('round.compare.change')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {statusCodes.map((code) => {
                    const before = progress.previous!.plan.statusCounts[code] ?? 0;
                    const now = progress.plan.statusCounts[code] ?? 0;
                    return (
                      <tr key={code}>
                        <th scope="row">{statusName(code)}</th>
                        <td className="number">{formatNumber(before)}</td>
                        <td className="number">{formatNumber(now)}</td>
                        <td className="number">{signed(now - before)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('round.compare.goalCaption')}>
              <table className="analysis-table" id="compare-goals">
                <caption>{t('round.compare.goalCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('round.completion.goal')}</th>
                    <th scope="col" className="number">
                      {t('round.compare.indexBefore')}
                    </th>
                    <th scope="col" className="number">
                      {t('round.compare.indexNow')}
                    </th>
                    <th scope="col" className="number">
                      {t('round.compare.doneBefore')}
                    </th>
                    <th scope="col" className="number">
                      {t('round.compare.doneNow')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {progress.previous.goals.map((c) => {
                    const goal = progress.goals.find((g) => g.goalId === c.goalId);
                    return (
                      <tr key={c.goalId}>
                        <th scope="row">{goal ? goalName(goal) : c.goalId}</th>
                        <td className="number">{formatPercent(c.previous)}</td>
                        <td className="number">{formatPercent(c.current)}</td>
                        <td className="number">{formatNumber(c.doneBefore)}</td>
                        <td className="number">{formatNumber(c.doneNow)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
        {progress.history.length > 1 && (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('round.history.caption')}>
              <table className="analysis-table" id="history">
                <caption>{t('round.history.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('round.history.round')}</th>
                    <th scope="col" className="number">
                      {t('round.history.completion')}
                    </th>
                    <th scope="col" className="number">
                      {t('round.history.index')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {progress.history.map((h) => (
                    <tr key={h.roundId}>
                      <th scope="row">{h.roundId === round.id ? h.name : <Link to={`/rounds/${h.roundId}`}>{h.name}</Link>}</th>
                      <td className="number">{formatPercent(h.completionPercent)}</td>
                      <td className="number">{formatPercent(h.progressIndex)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <RoundChart option={historyChart} height={280} caption={t('round.chart.historyCaption')} />
          </>
        )}
      </section>

      <Exports round={round} units={units.filter((u) => progress.units.some((p) => p.unitId === u.id))} />
      {coordinator && round.state !== 'closed' && <ImportSection roundId={round.id} onImported={() => void revalidator.revalidate()} />}
    </>
  );
}

const signed = (n: number) => (n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : formatNumber(0));

function CompletionTable({ id, caption, rowHeader, rows, total }: { id: string; caption: string; rowHeader: string; rows: { key: string; name: string; completion: Completion }[]; total: Completion }) {
  const { t } = useTranslation(ns);
  const cells = (c: Completion) => (
    <>
      <td className="number">{formatNumber(c.total)}</td>
      <td className="number">{formatNumber(c.approved)}</td>
      <td className="number">{formatNumber(c.submitted)}</td>
      <td className="number">{formatNumber(c.returned)}</td>
      <td className="number">{formatNumber(c.draft)}</td>
      <td className="number">{formatPercent(c.percent)}</td>
    </>
  );
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="analysis-table completion-table" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{rowHeader}</th>
            <th scope="col" className="number">
              {t('round.completion.total')}
            </th>
            <th scope="col" className="number">
              {t('reportState.approved')}
            </th>
            <th scope="col" className="number">
              {t('reportState.submitted')}
            </th>
            <th scope="col" className="number">
              {t('reportState.returned')}
            </th>
            <th scope="col" className="number">
              {t('round.completion.notReported')}
            </th>
            <th scope="col" className="number">
              {t('round.completion.percent')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.name}</th>
              {cells(row.completion)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('round.progress.plan')}</th>
            {cells(total)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Open a planned round (creates the assignments) or close an open one, after a confirmation. */
function RoundActions({ round, onChanged }: { round: Round; onChanged: () => void }) {
  const { t } = useTranslation(ns);
  const [pending, setPending] = useState<'open' | 'close' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const returnFocus = useReturnFocus();
  const action = round.state === 'planned' ? 'open' : round.state === 'open' ? 'close' : null;
  if (!action) return null;

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/rounds/${round.id}/${pending}`, { method: 'POST', body: { version: round.version } });
      announce(t(pending === 'open' ? 'round.actions.opened' : 'round.actions.closed'));
      setPending(null);
      onChanged();
      returnFocus.restore('round-action');
    } catch (e) {
      setPending(null);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="round-actions">
      {error && (
        <div className="notice notice--warning" role="alert">
          {error}
        </div>
      )}
      <button
        type="button"
        id="round-action"
        className={`button${action === 'close' ? ' button--secondary' : ''}`}
        onClick={() => {
          returnFocus.remember();
          setPending(action);
        }}
      >
        {t(`round.actions.${action}`)}
      </button>
      {pending && (
        <ConfirmDialog
          open
          title={t(`round.actions.${pending}Title`, { round: round.name })}
          confirmLabel={t(`round.actions.${pending}`)}
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={() => {
            setPending(null);
            returnFocus.restore('round-action');
          }}
        >
          <p>{t(`round.actions.${pending}Body`, { total: formatNumber(round.reportCounts.total) })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** Download links: the round's spreadsheet, one unit's part of it, and the board report in three formats. */
function Exports({ round, units }: { round: Round; units: Unit[] }) {
  const { t } = useTranslation(ns);
  const [unitId, setUnitId] = useState(units[0]?.id ?? '');
  const base = `/api/v1/rounds/${round.id}`;
  const unitName = units.find((u) => u.id === unitId)?.name ?? '';
  return (
    <section className="round-section" aria-labelledby="export-title">
      <h2 id="export-title">{t('round.export.title')}</h2>
      <h3>{t('round.export.spreadsheet')}</h3>
      <p>{t('round.export.spreadsheetIntro')}</p>
      <ul className="download-list">
        <li>
          <a href={`${base}/export.xlsx`} download>
            {t('round.export.roundXlsx')}
          </a>
        </li>
      </ul>
      {units.length > 0 && (
        <div className="unit-export">
          <SelectField id="export-unit" label={t('round.export.unit')} value={unitId} onChange={setUnitId} options={units.map((u) => ({ value: u.id, label: u.name }))} />
          <a className="button button--secondary" href={`${base}/export.xlsx?unitId=${encodeURIComponent(unitId)}`} download>
            {t('round.export.unitXlsx', { unit: unitName })}
          </a>
        </div>
      )}
      <h3>{t('round.export.board')}</h3>
      <p>{t('round.export.boardIntro')}</p>
      <ul className="download-list">
        <li>
          <a href={`${base}/report.docx`} download>
            {t('round.export.docx')}
          </a>
        </li>
        <li>
          <a href={`${base}/report.pdf`} download>
            {t('round.export.pdf')}
          </a>
        </li>
        <li>
          <a href={`${base}/report.xlsx`} download>
            {t('round.export.xlsx')}
          </a>
        </li>
      </ul>
    </section>
  );
}
