import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useRevalidator } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PlanContent } from '../../api/client';
import { ApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { describedBy, SelectField, TextArea, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { findMeasure, findNode, flattenMeasures, flattenNodes } from '../../../domain/tree';
import { currentLanguage, formatDateTime } from '../../i18n';
import { linkApi, linkAttachmentUrl, positions, type Attachment, type CommentAnchor, type LinkView, type Position } from './api';
import { focusCommentButton, itemKeyOf, PlanReader } from './PlanReader';
import { anchorText, focusLater, formatSize, Quote } from './shared';

/*
 * The recipient's answer: position, general statement, comments anchored in the plan, an attached
 * formal statement; saved as a draft (the server keeps it) and submitted after a confirmation.
 */

interface DraftComment {
  key: string;
  anchor: CommentAnchor;
  text: string;
}

/** Largest attachment the page suggests; the server has the last word on size and type. */
const attachmentHintBytes = 10 * 1024 * 1024;
const attachmentTypes = ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'];
const attachmentExtensions = /\.(pdf|docx)$/i;

let keyCounter = 0;
const newKey = () => `new-${++keyCounter}`;

/** Finds a typed quotation in a goal's, measure's or section's text: the keyboard way to anchor a passage. */
function passageFromQuote(content: PlanContent, target: string, quote: string): CommentAnchor | 'not_found' | 'needs_target' {
  const [kind, id] = target.split(':') as [string, string];
  const find = (fields: ['text' | 'description' | 'heading' | 'body', string | null | undefined][]) => {
    for (const [field, source] of fields) {
      const start = source?.indexOf(quote) ?? -1;
      if (source && start >= 0) return { field, start, end: start + quote.length };
    }
    return null;
  };
  if (kind === 'node') {
    const node = findNode(content.nodes, id);
    const at = node && find([['text', node.text], ['description', node.description]]);
    return at ? { kind: 'passage', nodeId: id, ...at, quote } : 'not_found';
  }
  if (kind === 'measure') {
    const measure = findMeasure(content.nodes, id)?.measure;
    const at = measure && find([['text', measure.text], ['description', measure.description]]);
    return at ? { kind: 'passage', measureId: id, ...at, quote } : 'not_found';
  }
  if (kind === 'section') {
    const section = content.plan.sections[Number(id)];
    const at = section && find([['heading', section.heading], ['body', section.body]]);
    return at ? { kind: 'passage', sectionIndex: Number(id), ...at, quote } : 'not_found';
  }
  return 'needs_target';
}

function anchorFromTarget(target: string): CommentAnchor | null {
  const [kind, id] = target.split(':') as [string, string];
  if (kind === 'plan') return { kind: 'plan' };
  if (kind === 'node') return { kind: 'node', nodeId: id };
  if (kind === 'measure') return { kind: 'measure', measureId: id };
  return null;
}

export function AnswerForm({ token, view, numbers }: { token: string; view: LinkView; numbers: Map<string, string> }) {
  const { t } = useTranslation('remiss');
  const revalidator = useRevalidator();
  const content = view.content;
  const response = view.response;
  const [position, setPosition] = useState<Position | ''>(response?.position ?? '');
  const [statement, setStatement] = useState(response?.statement ?? '');
  const [comments, setComments] = useState<DraftComment[]>(() => (response?.comments ?? []).map((c) => ({ key: c.id, anchor: c.anchor, text: c.text })));
  const [attachments, setAttachments] = useState<Attachment[]>(response?.attachments ?? []);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [declineReason, setDeclineReason] = useState('');
  useUnsavedChanges(dirty);

  const change = <T,>(set: (v: T) => void) => (value: T) => {
    set(value);
    setDirty(true);
  };

  const commentCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const c of comments) counts.set(itemKeyOf(c.anchor), (counts.get(itemKeyOf(c.anchor)) ?? 0) + 1);
    return counts;
  }, [comments]);

  const addComment = (anchor: CommentAnchor, text: string) => {
    setComments((list) => [...list, { key: newKey(), anchor, text }]);
    setDirty(true);
    announce(t('answer.commentAdded', { where: anchorText(t, content, anchor, numbers) }));
    window.setTimeout(() => focusCommentButton(itemKeyOf(anchor)), 0);
  };

  const fieldFor = (path: string): string => {
    if (path.startsWith('body.position')) return 'answer-position-tillstyrker';
    if (path.startsWith('body.statement')) return 'answer-statement';
    const comment = /^body\.comments\.(\d+)/.exec(path);
    if (comment) return `comment-${comments[Number(comment[1])]?.key ?? ''}-text`;
    return 'answer-title';
  };
  const fromApi = (error: unknown): SummaryError[] => {
    if (!(error instanceof ApiError)) throw error;
    if (error.fields.length) return error.fields.map((f) => ({ fieldId: fieldFor(f.path), message: f.message }));
    return [{ fieldId: 'answer-title', message: error.message }];
  };

  const body = () => ({ position: position || null, statement, comments: comments.map((c) => ({ anchor: c.anchor, text: c.text })) });

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    try {
      await linkApi.saveDraft(token, body());
      setErrors([]);
      setDirty(false);
      const now = new Date().toISOString();
      setSavedAt(now);
      announce(t('answer.saved', { time: formatDateTime(now) }));
      return true;
    } catch (error) {
      setErrors(fromApi(error));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const askSubmit = () => {
    const problems: SummaryError[] = [];
    if (!position) problems.push({ fieldId: 'answer-position-tillstyrker', message: t('errors.position') });
    comments.forEach((c) => {
      if (!c.text.trim()) problems.push({ fieldId: `comment-${c.key}-text`, message: t('errors.commentText') });
    });
    setErrors(problems);
    if (problems.length === 0) setConfirming(true);
  };

  const submit = async () => {
    setConfirming(false);
    if (!(await save())) return;
    setBusy(true);
    try {
      await linkApi.submit(token);
      setDirty(false);
      announce(t('receipt.submitted'));
      await revalidator.revalidate();
    } catch (error) {
      setErrors(fromApi(error));
    } finally {
      setBusy(false);
    }
  };

  const decline = async () => {
    setDeclining(false);
    setBusy(true);
    try {
      await linkApi.decline(token, declineReason.trim() || null);
      setDirty(false);
      await revalidator.revalidate();
    } catch (error) {
      setErrors(fromApi(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorSummary errors={errors} />
      <section aria-labelledby="reader-title" className="remiss-reading">
        <h2 id="reader-title">{t('reader.title', { title: content.plan.title })}</h2>
        <p>{t('reader.intro')}</p>
        <PlanReader content={content} numbers={numbers} commentCounts={commentCounts} editable onAddComment={addComment} />
      </section>

      <form className="remiss-answer" onSubmit={save} noValidate aria-labelledby="answer-title">
        <h2 id="answer-title" tabIndex={-1}>
          {t('answer.title')}
        </h2>
        {savedAt && (
          <div className="notice notice--success">
            <p>{t('answer.saved', { time: formatDateTime(savedAt) })}</p>
          </div>
        )}
        <PositionField value={position} onChange={change(setPosition)} error={errors.find((e) => e.fieldId.startsWith('answer-position'))?.message} />
        <TextArea id="answer-statement" label={t('answer.statement')} hint={t('answer.statementHint')} value={statement} onChange={change(setStatement)} rows={8} maxLength={50_000} error={errors.find((e) => e.fieldId === 'answer-statement')?.message} />

        <CommentList
          comments={comments}
          content={content}
          numbers={numbers}
          errors={errors}
          onChange={(key, text) => {
            setComments((list) => list.map((c) => (c.key === key ? { ...c, text } : c)));
            setDirty(true);
          }}
          onRemove={(key) => {
            setComments((list) => list.filter((c) => c.key !== key));
            setDirty(true);
            announce(t('answer.commentRemoved'));
            document.getElementById('answer-comments')?.focus();
          }}
        />
        <KeyboardCommentForm content={content} numbers={numbers} onAdd={(anchor, text) => addComment(anchor, text)} />

        <AttachmentField
          token={token}
          attachments={attachments}
          onUploaded={(a) => setAttachments((list) => [...list, a])}
          onRemoved={(id) => setAttachments((list) => list.filter((a) => a.id !== id))}
        />

        <div className="button-row remiss-answer__actions">
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t('answer.saveDraft')}
          </button>
          <button type="button" id="answer-submit" className="button" disabled={busy} onClick={askSubmit}>
            {t('answer.submit')}
          </button>
        </div>
        <p className="muted">{t('answer.draftHint')}</p>
      </form>

      <section aria-labelledby="decline-title" className="remiss-decline">
        <h2 id="decline-title">{t('decline.title')}</h2>
        <p>{t('decline.intro')}</p>
        <button type="button" id="decline-button" className="button button--secondary" onClick={() => setDeclining(true)} disabled={busy}>
          {t('decline.button')}
        </button>
      </section>

      {/* One dialog in the page at a time: the shared dialog's title id must stay unique. */}
      {confirming && (
        <ConfirmDialog
          open
          title={t('answer.confirmTitle')}
          confirmLabel={t('answer.confirmSubmit')}
          busy={busy}
          onConfirm={() => void submit()}
          onCancel={() => {
            setConfirming(false);
            focusLater('answer-submit');
          }}
        >
          <p>{t('answer.confirmBody')}</p>
          <ul>
            <li>{t('answer.confirmPosition', { position: position ? t(`position.${position}`) : '' })}</li>
            <li>{t('answer.confirmComments', { count: comments.length })}</li>
            <li>{t('answer.confirmAttachments', { count: attachments.length })}</li>
          </ul>
        </ConfirmDialog>
      )}
      {declining && (
        <ConfirmDialog
          open
          title={t('decline.confirmTitle')}
          confirmLabel={t('decline.confirm')}
          danger
          busy={busy}
          onConfirm={() => void decline()}
          onCancel={() => {
            setDeclining(false);
            focusLater('decline-button');
          }}
        >
          <TextArea id="decline-reason" label={t('decline.reason')} value={declineReason} onChange={setDeclineReason} rows={3} maxLength={2000} />
        </ConfirmDialog>
      )}
    </>
  );
}

function PositionField({ value, onChange, error }: { value: Position | ''; onChange: (p: Position) => void; error?: string | undefined }) {
  const { t } = useTranslation('remiss');
  const id = 'answer-position';
  return (
    <fieldset className={`fieldset${error ? ' field--error' : ''}`} aria-describedby={describedBy(id, t('answer.positionHint'), error)}>
      <legend className="fieldset__legend fieldset__legend--large">{t('answer.position')}</legend>
      <div className="field__hint" id={`${id}-hint`}>
        {t('answer.positionHint')}
      </div>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div className="radios">
        {positions.map((p) => (
          <div className="radio" key={p}>
            <input type="radio" id={`${id}-${p}`} name="position" value={p} checked={value === p} onChange={() => onChange(p)} aria-describedby={`${id}-${p}-hint`} />
            <div>
              <label htmlFor={`${id}-${p}`} className="remiss-radio-label">
                {t(`position.${p}`)}
              </label>
              <div className="remiss-radio-hint" id={`${id}-${p}-hint`}>
                {t(`positionHint.${p}`)}
              </div>
            </div>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function CommentList({
  comments,
  content,
  numbers,
  errors,
  onChange,
  onRemove,
}: {
  comments: DraftComment[];
  content: PlanContent;
  numbers: Map<string, string>;
  errors: SummaryError[];
  onChange: (key: string, text: string) => void;
  onRemove: (key: string) => void;
}) {
  const { t } = useTranslation('remiss');
  return (
    <section aria-labelledby="answer-comments" className="remiss-comments">
      <h3 id="answer-comments" tabIndex={-1}>
        {t('answer.comments', { count: comments.length })}
      </h3>
      {comments.length === 0 ? (
        <p className="muted">{t('answer.noComments')}</p>
      ) : (
        <ol className="remiss-comment-list">
          {comments.map((c, i) => {
            const where = anchorText(t, content, c.anchor, numbers);
            return (
              <li key={c.key} className="remiss-comment">
                <p className="remiss-comment__where">
                  <span className="visually-hidden">{t('answer.commentNumber', { n: i + 1 })} </span>
                  {t('answer.about')} <strong>{where}</strong>
                </p>
                {c.anchor.kind === 'passage' && <Quote>{c.anchor.quote}</Quote>}
                <TextArea id={`comment-${c.key}-text`} label={t('answer.commentTextFor', { n: i + 1 })} value={c.text} onChange={(v) => onChange(c.key, v)} rows={3} maxLength={10_000} error={errors.find((e) => e.fieldId === `comment-${c.key}-text`)?.message} />
                <button type="button" className="button button--small button--secondary" onClick={() => onRemove(c.key)}>
                  {t('answer.removeComment')}
                  <span className="visually-hidden"> {t('answer.commentNumber', { n: i + 1 })}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** The keyboard alternative to the buttons and selecting text in the plan: choose the target, quote a passage. */
function KeyboardCommentForm({ content, numbers, onAdd }: { content: PlanContent; numbers: Map<string, string>; onAdd: (anchor: CommentAnchor, text: string) => void }) {
  const { t } = useTranslation('remiss');
  const [target, setTarget] = useState('plan');
  const [quote, setQuote] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const options = useMemo(
    () => [
      { value: 'plan', label: t('anchor.plan') },
      ...content.plan.sections.map((s, i) => ({ value: `section:${i}`, label: t('anchor.section', { heading: s.heading }) })),
      ...flattenNodes(content.nodes).flatMap(({ node }) => [
        { value: `node:${node.id}`, label: anchorText(t, content, { kind: 'node', nodeId: node.id }, numbers) },
        ...flattenMeasures([{ ...node, children: [] }]).map(({ measure }) => ({ value: `measure:${measure.id}`, label: anchorText(t, content, { kind: 'measure', measureId: measure.id }, numbers) })),
      ]),
    ],
    [content, numbers, t],
  );
  const add = () => {
    const problems: SummaryError[] = [];
    let anchor: CommentAnchor | null = anchorFromTarget(target);
    const q = quote.trim();
    if (q) {
      const found = passageFromQuote(content, target, q);
      if (found === 'needs_target') problems.push({ fieldId: 'new-comment-target', message: t('errors.quoteNeedsTarget') });
      else if (found === 'not_found') problems.push({ fieldId: 'new-comment-quote', message: t('errors.quoteNotFound') });
      else anchor = found;
    } else if (target.startsWith('section:')) problems.push({ fieldId: 'new-comment-quote', message: t('errors.quoteRequired') });
    if (!text.trim()) problems.push({ fieldId: 'new-comment-text', message: t('errors.commentText') });
    setErrors(problems);
    if (problems.length || !anchor) {
      document.getElementById(problems[0]?.fieldId ?? 'new-comment-target')?.focus();
      return;
    }
    onAdd(anchor, text.trim());
    setQuote('');
    setText('');
  };
  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <div className="remiss-new-comment" role="group" aria-labelledby="new-comment-title">
      <h3 id="new-comment-title">{t('answer.newComment')}</h3>
      <p className="field__hint">{t('answer.newCommentHint')}</p>
      <SelectField id="new-comment-target" label={t('answer.target')} value={target} onChange={setTarget} options={options} error={error('new-comment-target')} />
      <TextField id="new-comment-quote" label={t('answer.quote')} hint={t('answer.quoteHint')} value={quote} onChange={setQuote} maxLength={5000} error={error('new-comment-quote')} />
      <TextArea id="new-comment-text" label={t('answer.commentText')} value={text} onChange={setText} rows={4} maxLength={10_000} error={error('new-comment-text')} />
      <button type="button" className="button button--secondary" onClick={add}>
        {t('answer.addComment')}
      </button>
    </div>
  );
}

function AttachmentField({ token, attachments, onUploaded, onRemoved }: { token: string; attachments: Attachment[]; onUploaded: (a: Attachment) => void; onRemoved: (id: string) => void }) {
  const { t } = useTranslation('remiss');
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const language = currentLanguage();
  const id = 'answer-attachment';
  const hint = t('attachment.hint', { size: formatSize(attachmentHintBytes, language) });
  const upload = async () => {
    const file = input.current?.files?.[0];
    if (!file) {
      setError(t('errors.attachmentMissing'));
      input.current?.focus();
      return;
    }
    if (!attachmentTypes.includes(file.type) && !attachmentExtensions.test(file.name)) {
      setError(t('errors.attachmentType'));
      input.current?.focus();
      return;
    }
    if (file.size > attachmentHintBytes) {
      setError(t('errors.attachmentSize', { size: formatSize(attachmentHintBytes, language) }));
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const attachment = await linkApi.upload(token, file);
      setError(undefined);
      onUploaded(attachment);
      if (input.current) input.current.value = '';
      announce(t('attachment.uploaded', { name: attachment.filename }));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e.message);
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };
  const remove = async (attachment: Attachment) => {
    setBusy(true);
    try {
      await linkApi.removeAttachment(token, attachment.id);
      onRemoved(attachment.id);
      announce(t('attachment.removed', { name: attachment.filename }));
      input.current?.focus();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="remiss-attachments" role="group" aria-labelledby="attachments-title">
      <h3 id="attachments-title">{t('attachment.title')}</h3>
      {attachments.length > 0 && (
        <ul className="plain-list">
          {attachments.map((a) => (
            <li key={a.id}>
              <a href={linkAttachmentUrl(token, a.id)} download>
                {a.filename}
              </a>{' '}
              <span className="muted">({formatSize(a.size, language)})</span>{' '}
              <button type="button" className="link-button" onClick={() => void remove(a)} disabled={busy}>
                {t('attachment.remove')}
                <span className="visually-hidden"> {a.filename}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className={`field${error ? ' field--error' : ''}`}>
        <label className="field__label" htmlFor={id}>
          {t('attachment.label')}
        </label>
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
        {error && (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        )}
        <input ref={input} id={id} name="attachment" type="file" className="remiss-file-input" accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document" aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined} />
      </div>
      <button type="button" className="button button--secondary" onClick={() => void upload()} disabled={busy}>
        {t('attachment.upload')}
      </button>
    </div>
  );
}
