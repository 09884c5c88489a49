import { useMemo, useState, type FormEvent } from 'react';
import { useRevalidator, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, type PlanContent } from '../../api/client';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { describedBy, SelectField, TextArea } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { flattenMeasures, flattenNodes } from '../../../domain/tree';
import { formatDateTime, formatNumber } from '../../i18n';
import { coordinatorApi, dispositions, type Comment, type CommentGroups, type ConsultationDetail, type ConsultationDiff, type Disposition } from './api';
import { anchorText, DispositionTag, Quote } from './shared';

/*
 * Every comment, grouped under the goal or measure it points at in plan order, each with its
 * disposition (accepted / partly accepted / not accepted / noted), the reason, and the change in the
 * next version it led to. A filter shows only those still without a disposition.
 */
export function CommentsSection({
  consultation: c,
  groups,
  content,
  numbers,
  diff,
  manage,
}: {
  consultation: ConsultationDetail;
  groups: CommentGroups;
  content: PlanContent;
  numbers: Map<string, string>;
  diff: ConsultationDiff | null;
  manage: boolean;
}) {
  const { t } = useTranslation('remiss');
  const [params, setParams] = useSearchParams();
  const onlyOpen = params.get('undisposed') === '1';
  const shown = groups.map((g) => ({ ...g, comments: onlyOpen ? g.comments.filter((x) => !x.disposition) : g.comments })).filter((g) => g.comments.length > 0);
  const total = groups.reduce((n, g) => n + g.comments.length, 0);
  const open = groups.reduce((n, g) => n + g.comments.filter((x) => !x.disposition).length, 0);
  const linkOptions = useLinkOptions(content, numbers, diff);

  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">{t('comments.title', { count: total })}</h2>
      {total > 0 && <p>{t('comments.status', { open: formatNumber(open), total: formatNumber(total) })}</p>}
      {total > 0 && (
        <div className="checkbox remiss-filter">
          <input
            id="comments-undisposed"
            type="checkbox"
            checked={onlyOpen}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.checked) next.set('undisposed', '1');
              else next.delete('undisposed');
              setParams(next, { replace: true, preventScrollReset: true });
              announce(t('comments.filtered', { count: e.target.checked ? open : total }));
            }}
          />
          <label htmlFor="comments-undisposed">{t('comments.onlyUndisposed')}</label>
        </div>
      )}
      {total === 0 ? (
        <p className="muted">{t('comments.none')}</p>
      ) : shown.length === 0 ? (
        <p className="notice notice--success">{t('comments.allDisposed')}</p>
      ) : (
        shown.map((group) => {
          const heading = group.target.kind === 'plan' ? t('anchor.plan') : group.target.kind === 'section' ? t('anchor.section', { heading: group.target.label }) : group.target.kind === 'measure' ? t('anchor.measure', { code: group.target.number, text: group.target.label }) : group.target.label;
          const id = `group-${group.target.kind}-${group.target.id || 'plan'}`;
          return (
            <section key={id} aria-labelledby={id} className="remiss-group">
              <h3 id={id}>{heading}</h3>
              <ol className="remiss-comment-list">
                {group.comments.map((comment) => (
                  <CommentCard key={comment.id} consultationId={c.id} comment={comment} content={content} numbers={numbers} linkOptions={linkOptions} manage={manage} />
                ))}
              </ol>
            </section>
          );
        })
      )}
    </section>
  );
}

function useLinkOptions(content: PlanContent, numbers: Map<string, string>, diff: ConsultationDiff | null) {
  const { t } = useTranslation('remiss');
  return useMemo(() => {
    const options: { value: string; label: string }[] = [];
    for (const change of diff?.changes ?? []) options.push({ value: change.id, label: t('disposeForm.changeOption', { change: t(`change.${change.change}`), number: change.number, text: change.text }) });
    const seen = new Set(options.map((o) => o.value));
    for (const { node } of flattenNodes(content.nodes)) if (!seen.has(node.id)) options.push({ value: node.id, label: anchorText(t, content, { kind: 'node', nodeId: node.id }, numbers) });
    for (const { measure } of flattenMeasures(content.nodes)) if (!seen.has(measure.id)) options.push({ value: measure.id, label: anchorText(t, content, { kind: 'measure', measureId: measure.id }, numbers) });
    return options;
  }, [content, numbers, diff, t]);
}

function CommentCard({
  consultationId,
  comment,
  content,
  numbers,
  linkOptions,
  manage,
}: {
  consultationId: string;
  comment: Comment;
  content: PlanContent;
  numbers: Map<string, string>;
  linkOptions: { value: string; label: string }[];
  manage: boolean;
}) {
  const { t } = useTranslation('remiss');
  const d = comment.disposition;
  return (
    <li className="remiss-comment remiss-comment--coordinator">
      <p className="remiss-comment__where">
        <strong>{comment.recipientName}</strong>
        {comment.anchor.kind === 'passage' && <span className="muted"> {t('comments.onPassage', { where: anchorText(t, content, comment.anchor, numbers) })}</span>}
      </p>
      {comment.anchor.kind === 'passage' && <Quote>{comment.anchor.quote}</Quote>}
      <p className="remiss-prewrap">{comment.text}</p>
      <p className="remiss-comment__disposition">
        <span className="visually-hidden">{t('comments.dispositionLabel')}: </span>
        <DispositionTag disposition={d?.disposition ?? null} />
        {d && (
          <span className="muted">
            {' '}
            {t('comments.decided', { who: d.decidedBy, date: formatDateTime(d.decidedAt) })}
          </span>
        )}
      </p>
      {d && (
        <>
          <p>
            <strong>{t('disposeForm.reason')}:</strong> <span className="remiss-prewrap">{d.reason}</span>
          </p>
          {d.linkedLabel && (
            <p>
              <strong>{t('disposeForm.change')}:</strong> {d.linkedLabel}
            </p>
          )}
          {d.note && (
            <p>
              <strong>{t('disposeForm.note')}:</strong> {d.note}
            </p>
          )}
        </>
      )}
      {manage && (
        <details className="section-details remiss-dispose" open={false}>
          <summary>{d ? t('disposeForm.change_summary', { name: comment.recipientName }) : t('disposeForm.summary', { name: comment.recipientName })}</summary>
          <div className="section-details__body">
            <DispositionForm consultationId={consultationId} comment={comment} linkOptions={linkOptions} />
          </div>
        </details>
      )}
    </li>
  );
}

function DispositionForm({ consultationId, comment, linkOptions }: { consultationId: string; comment: Comment; linkOptions: { value: string; label: string }[] }) {
  const { t } = useTranslation('remiss');
  const revalidator = useRevalidator();
  const d = comment.disposition;
  const p = `dispose-${comment.id}`;
  const [value, setValue] = useState<Disposition | ''>(d?.disposition ?? '');
  const [reason, setReason] = useState(d?.reason ?? '');
  const [linkedId, setLinkedId] = useState(d?.linkedId ?? '');
  const [note, setNote] = useState(d?.note ?? '');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: SummaryError[] = [];
    if (!value) problems.push({ fieldId: `${p}-accepted`, message: t('errors.disposition') });
    if (!reason.trim()) problems.push({ fieldId: `${p}-reason`, message: t('errors.reason') });
    setErrors(problems);
    if (problems.length || !value) return;
    setBusy(true);
    try {
      await coordinatorApi.dispose(consultationId, comment.id, { disposition: value, reason: reason.trim(), linkedId: linkedId || null, note: note.trim() || null, ...(d ? { version: d.version } : {}) });
      announce(t('disposeForm.saved', { name: comment.recipientName }));
      await revalidator.revalidate();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const fieldOf = (path: string) => (path.includes('reason') ? `${p}-reason` : path.includes('linkedId') ? `${p}-linked` : path.includes('note') ? `${p}-note` : `${p}-accepted`);
      setErrors(error.fields.length ? error.fields.map((f) => ({ fieldId: fieldOf(f.path), message: f.message })) : [{ fieldId: `${p}-accepted`, message: error.message }]);
    } finally {
      setBusy(false);
    }
  };
  const dispositionError = errors.find((e) => e.fieldId === `${p}-accepted`)?.message;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('disposeForm.formLabel', { name: comment.recipientName })}>
      <ErrorSummary errors={errors} />
      <fieldset className={`fieldset${dispositionError ? ' field--error' : ''}`} aria-describedby={describedBy(p, undefined, dispositionError)}>
        <legend className="fieldset__legend">{t('disposeForm.disposition')}</legend>
        {dispositionError && (
          <p className="field__error" id={`${p}-error`}>
            {dispositionError}
          </p>
        )}
        <div className="radios">
          {dispositions.map((x) => (
            <div className="radio" key={x}>
              <input type="radio" id={`${p}-${x}`} name={`${p}-disposition`} value={x} checked={value === x} onChange={() => setValue(x)} />
              <label htmlFor={`${p}-${x}`}>{t(`disposition.${x}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      <TextArea id={`${p}-reason`} label={t('disposeForm.reason')} hint={t('disposeForm.reasonHint')} value={reason} onChange={setReason} rows={3} maxLength={10_000} error={errors.find((e) => e.fieldId === `${p}-reason`)?.message} />
      <SelectField id={`${p}-linked`} label={t('disposeForm.change')} hint={t('disposeForm.changeHint')} value={linkedId} onChange={setLinkedId} emptyLabel={t('disposeForm.noChange')} options={linkOptions} error={errors.find((e) => e.fieldId === `${p}-linked`)?.message} />
      <TextArea id={`${p}-note`} label={t('disposeForm.note')} value={note} onChange={setNote} rows={2} maxLength={5000} error={errors.find((e) => e.fieldId === `${p}-note`)?.message} />
      <button type="submit" className="button" disabled={busy}>
        {t('disposeForm.save')}
      </button>
    </form>
  );
}
