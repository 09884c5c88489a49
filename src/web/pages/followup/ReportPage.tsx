import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLoaderData, useLocation, useNavigate, useRevalidator, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Plan } from '../../api/client';
import { describedBy, TextArea, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { PageHeading } from '../../components/PageHeading';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { formatDateTime } from '../../i18n';
import { FormErrorAlerts, VersionConflict } from '../plan-edit/FormAlerts';
import { formErrors, noErrors, useVersionedForm, type FormErrors } from '../plan-edit/shared';
import { isOwed, neighbours, nextOwed } from './assignments';
import type { ReportRevision, StatusReport, StatusReportDetail, UpdateReportBody } from './model';
import { ReportFacts } from './ReportFacts';
import { loadAssignments, loadStatusLabels } from './requests';
import { Deadline, formatPercent, MeasureName, ns, ReportStateTag, useStatusLabel } from './shared';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const report = await api<StatusReportDetail>(`/status-reports/${params.reportId}`, { signal });
  const [plan, labels, assignments, revisions] = await Promise.all([
    api<Plan>(`/plans/${report.planId}`, { signal }),
    loadStatusLabels(report.organizationId, signal),
    // A coordinator reading someone else's report owes nothing: the list is then empty.
    loadAssignments(signal).then((r) => r.items),
    api<ReportRevision[]>(`/status-reports/${report.id}/revisions`, { signal }),
  ]);
  return { report, plan, labels, assignments, revisions };
}

interface LinkRow {
  label: string;
  url: string;
  /** A stable key for React and the row's field ids, so removing a row keeps focus sensible. */
  key: number;
}

type ReportValues = {
  status: string;
  progress: string;
  narrative: string;
  evidenceLinks: LinkRow[];
  revisionNote: string;
};

let nextKey = 1;
const rows = (links: StatusReport['evidenceLinks']): LinkRow[] => links.map((l) => ({ label: l.title ?? '', url: l.url, key: nextKey++ }));

function valuesOf(report: Pick<StatusReport, 'status' | 'progressPercent' | 'narrative' | 'evidenceLinks'>): ReportValues {
  return {
    status: report.status ?? '',
    progress: report.progressPercent === null ? '' : String(report.progressPercent),
    narrative: report.narrative,
    evidenceLinks: rows(report.evidenceLinks),
    revisionNote: '',
  };
}

function bodyOf(values: ReportValues, revising: boolean): Omit<UpdateReportBody, 'version'> {
  const progress = values.progress.trim();
  return {
    status: (values.status || null) as StatusReport['status'],
    progressPercent: progress === '' ? null : Number(progress),
    narrative: values.narrative.trim(),
    evidenceLinks: values.evidenceLinks.filter((l) => l.url.trim() || l.label.trim()).map((l) => ({ title: l.label.trim() || null, url: l.url.trim() })),
    ...(revising ? { revisionNote: values.revisionNote.trim() } : {}),
  };
}

/** Checks in the browser what can be checked before the round trip; the server checks again. */
function localErrors(values: ReportValues, submitting: boolean, revising: boolean, t: (key: string, options?: Record<string, unknown>) => string): FormErrors {
  const byField: Record<string, string> = {};
  const summary: FormErrors['summary'] = [];
  const add = (key: string, fieldId: string, message: string) => {
    byField[key] = message;
    summary.push({ fieldId, message });
  };
  if (submitting && !values.status) add('status', 'report-status', t('entry.errors.statusRequired'));
  const progress = values.progress.trim();
  if (progress !== '' && !/^\d{1,3}$/.test(progress)) add('progress', 'report-progress', t('entry.errors.progressNumber'));
  else if (progress !== '' && Number(progress) > 100) add('progress', 'report-progress', t('entry.errors.progressRange'));
  if (revising && !values.revisionNote.trim()) add('revisionNote', 'report-revisionNote', t('entry.errors.revisionNote'));
  values.evidenceLinks.forEach((link, i) => {
    const url = link.url.trim();
    if (!url && link.label.trim()) add(`evidenceLinks.${i}.url`, `report-link-${link.key}-url`, t('entry.errors.linkUrlMissing', { n: i + 1 }));
    else if (url && !/^https?:\/\/[^\s]+\.[^\s]+/i.test(url)) add(`evidenceLinks.${i}.url`, `report-link-${link.key}-url`, t('entry.errors.linkUrl', { n: i + 1 }));
  });
  return { byField, summary, general: null };
}

/**
 * One unit's report on one measure in one round. Fast to fill in from the keyboard: the status is a
 * radio group (arrow keys), progress a number, the narrative a text area, evidence links rows that
 * can be added and removed. "Submit" sends the report for review and goes on to the next report the
 * reporter owes, so a whole round can be done without going back to the list. An approved report is
 * shown as text with its revision history; who may revise it gets a form that asks why.
 */
export function Component() {
  const { t } = useTranslation(ns);
  const { report, plan, labels, assignments, revisions } = useLoaderData<typeof loader>();
  const location = useLocation();
  const navigate = useNavigate();
  const revalidator = useRevalidator();
  const form = useVersionedForm<ReportValues>(valuesOf(report), report.version);
  const { values, setField } = form;
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [revising, setRevising] = useState(false);
  const savedRef = useRef<HTMLDivElement>(null);
  const statusLabel = useStatusLabel(labels);
  useUnsavedChanges(form.dirty && !busy);

  // Moving to another report reuses this component: start its form afresh.
  const { reset, dirty } = form;
  useEffect(() => {
    reset(valuesOf(report), report.version);
    setErrors(noErrors);
    setSaved(false);
    setRevising(false);
  }, [report.id]);
  useEffect(() => {
    if (!dirty) reset(valuesOf(report), report.version);
  }, [report.version, report.state]);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);
  useEffect(() => {
    if (dirty) setSaved(false);
  }, [dirty]);

  const can = (action: StatusReport['allowedActions'][number]) => report.allowedActions.includes(action);
  const editable = report.state === 'approved' ? revising && can('revise') : can('edit');
  const position = neighbours(assignments, report.id);
  const arrived = (location.state as { submitted?: string } | null)?.submitted;
  const measureTitle = [report.measureCode, report.measureText].filter(Boolean).join(' ');
  const title = t('entry.title', { measure: measureTitle });

  const fieldIds: Record<string, { id: string; label: string }> = {
    status: { id: 'report-status', label: t('entry.status') },
    progressPercent: { id: 'report-progress', label: t('entry.progress') },
    narrative: { id: 'report-narrative', label: t('entry.narrative') },
    revisionNote: { id: 'report-revisionNote', label: t('entry.revisionNote') },
    evidenceLinks: { id: 'report-links', label: t('entry.links') },
    ...Object.fromEntries(
      values.evidenceLinks.flatMap((link, i) => [
        [`evidenceLinks.${i}`, { id: `report-link-${link.key}-url`, label: t('entry.linkN', { n: i + 1 }) }],
        [`evidenceLinks.${i}.url`, { id: `report-link-${link.key}-url`, label: t('entry.linkUrlN', { n: i + 1 }) }],
        [`evidenceLinks.${i}.title`, { id: `report-link-${link.key}-label`, label: t('entry.linkLabelN', { n: i + 1 }) }],
      ]),
    ),
  };
  // Server paths say "progressPercent" and "title"; the form's keys say "progress" and "label".
  const byField = (key: string) => errors.byField[key] ?? errors.byField[key === 'progress' ? 'progressPercent' : key.replace(/\.label$/, '.title')];

  const conflictFields = [
    { key: 'status' as const, label: t('entry.status'), format: (v: unknown) => (v ? statusLabel(String(v)) : '') },
    { key: 'progress' as const, label: t('entry.progress'), format: (v: unknown) => (v === '' ? '' : formatPercent(Number(v))) },
    { key: 'narrative' as const, label: t('entry.narrative'), format: (v: unknown) => String(v ?? '') },
    { key: 'evidenceLinks' as const, label: t('entry.links'), format: (v: unknown) => (v as LinkRow[]).map((l) => l.url).join(', ') },
  ];

  /** Saves the form when it has changes; answers the version to submit with, or null after a refusal. */
  const save = async (submitting: boolean): Promise<number | null> => {
    const local = localErrors(values, submitting, revising, t);
    if (local.summary.length) {
      setErrors(local);
      return null;
    }
    if (!form.dirty) return form.version;
    try {
      const updated = await api<StatusReportDetail>(`/status-reports/${report.id}`, { method: 'PATCH', body: { ...bodyOf(values, revising), version: form.version } });
      form.reset(valuesOf(updated), updated.version);
      return updated.version;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict' && error.current) {
        const current = error.current as StatusReport;
        form.showConflict(valuesOf(current), current.version, conflictFields);
      } else setErrors(formErrors(error, fieldIds, 'report-status'));
      return null;
    }
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const submitting = can('submit') && (event.nativeEvent as SubmitEvent).submitter?.id !== 'report-save';
    setBusy(true);
    setErrors(noErrors);
    try {
      const version = await save(submitting);
      if (version === null) return;
      if (!submitting) {
        setSaved(true);
        setRevising(false);
        void revalidator.revalidate();
        return;
      }
      await api<StatusReport>(`/status-reports/${report.id}/submit`, { method: 'POST', body: { version } });
      // Fresh from the server: what is still owed after this one.
      const { items } = await loadAssignments();
      const next = nextOwed(items, report.id);
      const state = { submitted: measureTitle };
      if (next) navigate(`/status-reports/${next.id}`, { state });
      else navigate('/me/assignments', { state });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        void revalidator.revalidate();
        setErrors({ ...noErrors, general: error.message });
      } else setErrors(formErrors(error, fieldIds, 'report-status'));
    } finally {
      setBusy(false);
    }
  };

  const copyPrevious = () => {
    const previous = report.previous;
    if (!previous) return;
    form.setValues((v) => ({
      ...v,
      status: v.status || previous.status || '',
      progress: v.progress || (previous.progressPercent === null ? '' : String(previous.progressPercent)),
      narrative: previous.narrative,
      evidenceLinks: v.evidenceLinks.length ? v.evidenceLinks : rows(previous.evidenceLinks),
    }));
    announce(t('entry.copied', { round: previous.roundName }));
    document.getElementById('report-narrative')?.focus();
  };

  const setLink = (key: number, change: Partial<LinkRow>) =>
    setField(
      'evidenceLinks',
      values.evidenceLinks.map((l) => (l.key === key ? { ...l, ...change } : l)),
    );
  const addLink = () => {
    const row = { label: '', url: '', key: nextKey++ };
    setField('evidenceLinks', [...values.evidenceLinks, row]);
    window.setTimeout(() => document.getElementById(`report-link-${row.key}-label`)?.focus(), 0);
  };
  const removeLink = (index: number) => {
    const remaining = values.evidenceLinks.filter((_, i) => i !== index);
    setField('evidenceLinks', remaining);
    announce(t('entry.linkRemoved', { n: index + 1 }));
    // Focus goes to the row that took its place, or to "Add a link" when none did.
    const target = remaining[index] ?? remaining[index - 1];
    window.setTimeout(() => document.getElementById(target ? `report-link-${target.key}-label` : 'report-add-link')?.focus(), 0);
  };

  const statusError = byField('status');
  const linkError = (i: number, part: 'url' | 'label') => byField(`evidenceLinks.${i}.${part}`) ?? (part === 'url' ? byField(`evidenceLinks.${i}`) : undefined);

  return (
    <>
      <nav aria-label={t('breadcrumbs')} className="breadcrumbs">
        <ol>
          <li>
            <Link to="/me/assignments">{t('inbox.title')}</Link>
          </li>
          <li>
            <Link to={`/plans/${plan.id}`}>{plan.title}</Link>
          </li>
          <li>
            <Link to={`/rounds/${report.roundId}`}>{report.roundName}</Link>
          </li>
        </ol>
      </nav>
      <PageHeading title={title} caption={`${report.roundName} · ${report.unitName}`}>
        <MeasureName code={report.measureCode} text={report.measureText} />
      </PageHeading>

      {arrived && (
        <div className="notice notice--success" role="status">
          <p>{t('entry.submittedNext', { measure: arrived })}</p>
        </div>
      )}

      <dl className="summary-list report-context">
        <dt>{t('entry.goal')}</dt>
        <dd>{[report.goalNumber, report.goalText].filter(Boolean).join(' ')}</dd>
        <dt>{t('entry.unit')}</dt>
        <dd>
          {report.unitName} <span className="muted">({t(`entry.role.${report.unitRole}`)})</span>
        </dd>
        <dt>{t('entry.deadline')}</dt>
        <dd>
          <Deadline date={report.deadline} done={!isOwed(report)} />
        </dd>
        <dt>{t('entry.state')}</dt>
        <dd>
          <ReportStateTag state={report.state} />
          {report.revision > 0 && <span className="muted"> {t('entry.revision', { n: report.revision })}</span>}
        </dd>
        {position.total > 0 && (
          <>
            <dt>{t('entry.position')}</dt>
            <dd>{t('entry.positionOf', { n: position.position, total: position.total })}</dd>
          </>
        )}
      </dl>
      <p>
        <Link to={`/measures/${report.measureId}`}>{t('entry.measureLink')}</Link>
      </p>

      {report.state === 'returned' && report.returnComment && (
        <div className="review-comment" role="note" aria-labelledby="review-comment-title">
          <h2 id="review-comment-title" className="review-comment__title">
            {t('entry.returnedTitle')}
          </h2>
          <blockquote>{report.returnComment}</blockquote>
        </div>
      )}
      {report.roundState !== 'open' && report.state !== 'approved' && (
        <div className="notice notice--warning">
          <p>{t(report.roundState === 'closed' ? 'entry.roundClosed' : 'entry.roundNotOpen')}</p>
        </div>
      )}
      {report.state === 'submitted' && (
        <div className="notice">
          <p>{t(can('edit') ? 'entry.waitingForReviewEditable' : 'entry.waitingForReview', { date: formatDateTime(report.submittedAt) })}</p>
        </div>
      )}
      {report.state === 'approved' && (
        <div className="notice notice--success">
          <p>{t('entry.approvedLocked', { date: formatDateTime(report.approvedAt) })}</p>
        </div>
      )}
      {saved && (
        <div className="notice notice--success" role="status" tabIndex={-1} ref={savedRef}>
          {t('entry.saved')}
        </div>
      )}

      {editable ? (
        <form className="form report-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="report-form-title">
          <h2 id="report-form-title">{t(revising ? 'entry.reviseTitle' : 'entry.formTitle')}</h2>
          <VersionConflict form={form} submitId={can('submit') ? 'report-submit' : 'report-save'} firstFieldId="report-status" />
          <FormErrorAlerts errors={errors} />

          {report.previous && !revising && (
            <div className="field">
              <p className="field__hint" id="copy-previous-hint">
                {t('entry.previousHint', { round: report.previous.roundName, status: statusLabel(report.previous.status) })}
              </p>
              <button type="button" className="button button--secondary" onClick={copyPrevious} aria-describedby="copy-previous-hint">
                {t('entry.copyPrevious')}
              </button>
            </div>
          )}

          <fieldset className={`fieldset${statusError ? ' field--error' : ''}`} aria-describedby={describedBy('report-status', 'hint', statusError)}>
            <legend className="fieldset__legend">{t('entry.status')}</legend>
            <div className="field__hint" id="report-status-hint">
              {t('entry.statusHint')}
            </div>
            {statusError && (
              <p className="field__error" id="report-status-error">
                {statusError}
              </p>
            )}
            <div className="radios">
              {labels.map((label, i) => {
                // The first radio carries the group's id, so the error summary can move focus into the group.
                const radioId = i === 0 ? 'report-status' : `report-status-${label.code}`;
                return (
                  <div className="radio" key={label.code}>
                    <input id={radioId} type="radio" name="status" value={label.code} checked={values.status === label.code} onChange={() => setField('status', label.code)} />
                    <label htmlFor={radioId}>{statusLabel(label.code)}</label>
                  </div>
                );
              })}
            </div>
          </fieldset>

          <div className={`field${byField('progress') ? ' field--error' : ''}`}>
            <label className="field__label" htmlFor="report-progress">
              {t('entry.progress')}
            </label>
            <div className="field__hint" id="report-progress-hint">
              {t('entry.progressHint')}
            </div>
            {byField('progress') && (
              <p className="field__error" id="report-progress-error">
                {byField('progress')}
              </p>
            )}
            <input
              className="input input--percent"
              id="report-progress"
              name="progress"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              maxLength={3}
              value={values.progress}
              onChange={(e) => setField('progress', e.target.value)}
              aria-invalid={byField('progress') ? true : undefined}
              aria-describedby={describedBy('report-progress', 'hint', byField('progress'))}
            />{' '}
            <span aria-hidden="true">%</span>
          </div>

          <TextArea
            id="report-narrative"
            label={t('entry.narrative')}
            hint={t('entry.narrativeHint')}
            error={byField('narrative')}
            value={values.narrative}
            onChange={(v) => setField('narrative', v)}
            rows={8}
            maxLength={20000}
          />

          <fieldset className="fieldset" id="report-links" tabIndex={-1} aria-describedby="report-links-hint">
            <legend className="fieldset__legend">{t('entry.links')}</legend>
            <div className="field__hint" id="report-links-hint">
              {t('entry.linksHint')}
            </div>
            {values.evidenceLinks.length === 0 ? (
              <p>{t('entry.noLinks')}</p>
            ) : (
              <ul className="evidence-list">
                {values.evidenceLinks.map((link, i) => (
                  <li key={link.key} className="evidence-row">
                    <TextField
                      id={`report-link-${link.key}-label`}
                      label={t('entry.linkLabelN', { n: i + 1 })}
                      error={linkError(i, 'label')}
                      value={link.label}
                      onChange={(v) => setLink(link.key, { label: v })}
                      maxLength={200}
                    />
                    <TextField
                      id={`report-link-${link.key}-url`}
                      label={t('entry.linkUrlN', { n: i + 1 })}
                      error={linkError(i, 'url')}
                      type="url"
                      value={link.url}
                      onChange={(v) => setLink(link.key, { url: v })}
                      maxLength={2000}
                    />
                    <button type="button" className="button button--secondary button--small" onClick={() => removeLink(i)}>
                      {t('entry.removeLink', { n: i + 1 })}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <button type="button" id="report-add-link" className="button button--secondary" onClick={addLink}>
              {t('entry.addLink')}
            </button>
          </fieldset>

          {revising && (
            <TextArea
              id="report-revisionNote"
              label={t('entry.revisionNote')}
              hint={t('entry.revisionNoteHint')}
              error={byField('revisionNote')}
              value={values.revisionNote}
              onChange={(v) => setField('revisionNote', v)}
              rows={3}
              maxLength={1000}
              required
            />
          )}

          <div className="button-row form-actions">
            {can('submit') && (
              <button type="submit" id="report-submit" className="button" aria-disabled={busy || undefined}>
                {t('entry.submit')}
              </button>
            )}
            <button type="submit" id="report-save" className={`button${can('submit') ? ' button--secondary' : ''}`} aria-disabled={busy || undefined}>
              {t(revising ? 'entry.saveRevision' : can('submit') ? 'entry.saveDraft' : 'entry.save')}
            </button>
            {revising && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  form.reset(valuesOf(report), report.version);
                  setErrors(noErrors);
                  setRevising(false);
                  window.setTimeout(() => document.getElementById('report-revise')?.focus(), 0);
                }}
              >
                {t('entry.cancelRevision')}
              </button>
            )}
            {form.dirty && <span className="muted">{t('entry.unsaved')}</span>}
          </div>
          {can('submit') && <p className="field__hint">{t('entry.submitHint')}</p>}
        </form>
      ) : (
        <section aria-labelledby="report-readonly-title">
          <h2 id="report-readonly-title">{t('entry.reportTitle')}</h2>
          <ReportFacts report={report} statusLabel={statusLabel} />
          {report.state === 'approved' && can('revise') && (
            <button
              type="button"
              id="report-revise"
              className="button button--secondary"
              onClick={() => {
                setRevising(true);
                window.setTimeout(() => document.getElementById('report-form-title')?.focus(), 0);
              }}
            >
              {t('entry.revise')}
            </button>
          )}
        </section>
      )}

      {revisions.length > 0 && <Revisions revisions={revisions} statusLabel={statusLabel} />}

      <nav className="report-steps" aria-label={t('entry.stepsLabel')}>
        {position.previous ? (
          <Link to={`/status-reports/${position.previous.id}`}>
            <span aria-hidden="true">← </span>
            {t('entry.previous')}: <MeasureName code={position.previous.measureCode} text={position.previous.measureText} />
          </Link>
        ) : (
          <span />
        )}
        <Link to="/me/assignments">{t('entry.backToInbox')}</Link>
        {position.next && (
          <Link to={`/status-reports/${position.next.id}`}>
            {t('entry.next')}: <MeasureName code={position.next.measureCode} text={position.next.measureText} />
            <span aria-hidden="true"> →</span>
          </Link>
        )}
      </nav>
    </>
  );
}

/** Earlier states of the report, newest first: what was reported, by whom, and why it changed. */
function Revisions({ revisions, statusLabel }: { revisions: ReportRevision[]; statusLabel: (code: string | null | undefined) => string }) {
  const { t } = useTranslation(ns);
  return (
    <section aria-labelledby="revisions-title">
      <h2 id="revisions-title">{t('entry.revisions')}</h2>
      <p>{t('entry.revisionsIntro')}</p>
      <ol className="revision-list" reversed>
        {[...revisions]
          .sort((a, b) => b.revision - a.revision || b.createdAt.localeCompare(a.createdAt))
          .map((r) => (
            <li key={r.id}>
              <h3>
                {r.revision === 0 ? t('entry.revisionApproved') : t('entry.revisionTitle', { n: r.revision })} <ReportStateTag state={r.state} />
              </h3>
              <p className="meta-row">
                <span>{formatDateTime(r.createdAt)}</span>
                <span>{r.changedBy}</span>
              </p>
              {r.note && (
                <p>
                  <strong>{t('entry.revisionNote')}:</strong> {r.note}
                </p>
              )}
              <ReportFacts report={r} statusLabel={statusLabel} />
            </li>
          ))}
      </ol>
    </section>
  );
}
