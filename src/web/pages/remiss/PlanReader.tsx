import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeasureContent, NodeContent, PlanContent } from '../../api/client';
import { inDocumentOrder } from '../../../domain/tree';
import { TextArea } from '../../components/fields';
import type { CommentAnchor } from './api';
import { Quote } from './shared';

/*
 * The consulted plan version as the recipient reads it: the plan's sections, then its goals and
 * measures in document order. Every goal and measure has a "Kommentera" button that opens a comment
 * form right there; selecting words in a goal's, measure's or section's text offers to comment on
 * exactly that passage. Texts are shown as written (white-space kept by CSS, not rewritten) so that
 * a selection's offsets are offsets into the stored text.
 */

export interface PassageSelection {
  anchor: Extract<CommentAnchor, { kind: 'passage' }>;
  /** Where the comment form opens: the goal, measure or section the passage is in. */
  itemKey: string;
}

interface ReaderProps {
  content: PlanContent;
  numbers: Map<string, string>;
  /** How many comments the recipient has on each item (key: "node:id", "measure:id", "section:i"). */
  commentCounts: Map<string, number>;
  editable: boolean;
  onAddComment: (anchor: CommentAnchor, text: string) => void;
}

const itemKeyOf = (anchor: CommentAnchor): string =>
  anchor.kind === 'node'
    ? `node:${anchor.nodeId}`
    : anchor.kind === 'measure'
      ? `measure:${anchor.measureId}`
      : anchor.kind === 'passage'
        ? anchor.measureId
          ? `measure:${anchor.measureId}`
          : anchor.nodeId
            ? `node:${anchor.nodeId}`
            : `section:${anchor.sectionIndex}`
        : 'plan';
export { itemKeyOf };

/** The selection as a passage anchor, when it lies within one text of the plan. */
function readSelection(): PassageSelection | null {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const element = (node: Node) => (node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement);
  const holder = element(range.startContainer)?.closest<HTMLElement>('[data-passage-field]');
  if (!holder || holder !== element(range.endContainer)?.closest('[data-passage-field]')) return null;
  const before = document.createRange();
  before.selectNodeContents(holder);
  before.setEnd(range.startContainer, range.startOffset);
  const source = holder.textContent ?? '';
  let start = before.toString().length;
  let end = start + range.toString().length;
  // Leave out whitespace at the edges of a double-clicked word or a sloppy drag.
  while (start < end && /\s/.test(source[start]!)) start++;
  while (end > start && /\s/.test(source[end - 1]!)) end--;
  if (end <= start) return null;
  const field = holder.dataset.passageField as 'text' | 'description' | 'heading' | 'body';
  const kind = holder.dataset.passageKind;
  const id = holder.dataset.passageId!;
  const quote = source.slice(start, end).slice(0, 5000);
  end = start + quote.length;
  const anchor: PassageSelection['anchor'] =
    kind === 'node'
      ? { kind: 'passage', nodeId: id, field, start, end, quote }
      : kind === 'measure'
        ? { kind: 'passage', measureId: id, field, start, end, quote }
        : { kind: 'passage', sectionIndex: Number(id), field, start, end, quote };
  return { anchor, itemKey: itemKeyOf(anchor) };
}

export function PlanReader(props: ReaderProps) {
  const { t } = useTranslation('remiss');
  const { content, editable } = props;
  const [open, setOpen] = useState<{ itemKey: string; anchor: CommentAnchor } | null>(null);
  const [selected, setSelected] = useState<PassageSelection | null>(null);

  // A new selection of plan text offers a comment on it; a click elsewhere does not take the offer away.
  useEffect(() => {
    if (!editable) return;
    let timer = 0;
    const onChange = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        const found = readSelection();
        if (found) setSelected(found);
      }, 150);
    };
    document.addEventListener('selectionchange', onChange);
    return () => {
      document.removeEventListener('selectionchange', onChange);
      window.clearTimeout(timer);
    };
  }, [content, editable]);

  const openFor = (anchor: CommentAnchor) => setOpen({ itemKey: itemKeyOf(anchor), anchor });
  const itemProps = { ...props, open, setOpen, openFor };

  return (
    <div className="remiss-reader">
      {content.plan.summary && <p className="lead remiss-prewrap">{content.plan.summary}</p>}
      {content.plan.sections.map((section, index) => (
        <details key={index} className="section-details remiss-section">
          <summary>{section.heading}</summary>
          <div className="section-details__body">
            <p className="remiss-prewrap" data-passage-kind="section" data-passage-id={index} data-passage-field="body">
              {section.body}
            </p>
            <ItemComments {...itemProps} itemKey={`section:${index}`} title={section.heading} />
          </div>
        </details>
      ))}
      {inDocumentOrder(content.nodes).map((node) => (
        <NodeItem key={node.id} {...itemProps} node={node} level={3} />
      ))}
      {editable && selected && (
        <div className="remiss-selection" role="region" aria-label={t('reader.selectionRegion')}>
          <p className="remiss-selection__quote">
            {t('reader.selected')} <q>{selected.anchor.quote.length > 160 ? `${selected.anchor.quote.slice(0, 160)}…` : selected.anchor.quote}</q>
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                setOpen({ itemKey: selected.itemKey, anchor: selected.anchor });
                setSelected(null);
                if (selected.itemKey.startsWith('section:')) {
                  const details = document.querySelector<HTMLDetailsElement>(`[data-passage-kind="section"][data-passage-id="${selected.itemKey.slice(8)}"]`)?.closest('details');
                  if (details) details.open = true;
                }
              }}
            >
              {t('reader.commentSelection')}
            </button>
            <button type="button" className="button button--small button--secondary" onClick={() => setSelected(null)}>
              {t('reader.clearSelection')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

type ItemProps = ReaderProps & {
  open: { itemKey: string; anchor: CommentAnchor } | null;
  setOpen: (value: { itemKey: string; anchor: CommentAnchor } | null) => void;
  openFor: (anchor: CommentAnchor) => void;
};

const headingTag = (level: number) => `h${Math.min(Math.max(level, 2), 6)}` as 'h3';

function NodeItem(props: ItemProps & { node: NodeContent; level: number }) {
  const { node, level, numbers, editable, openFor } = props;
  const { t } = useTranslation('remiss');
  const Heading = headingTag(level);
  const label = node.label?.trim() || t(`common:enums.nodeRole.${node.role}`);
  const number = node.number?.trim() || numbers.get(node.id);
  const title = `${label}${number ? ` ${number}` : ''}`;
  const itemKey = `node:${node.id}`;
  return (
    <section className={`remiss-item remiss-item--node remiss-item--depth-${Math.min(level - 3, 3)}`} aria-labelledby={`reader-${node.id}`}>
      <Heading id={`reader-${node.id}`} className="remiss-item__title">
        <span className="remiss-item__label">{title}: </span>
        <span data-passage-kind="node" data-passage-id={node.id} data-passage-field="text">
          {node.text}
        </span>
      </Heading>
      {node.description && (
        <p className="remiss-prewrap" data-passage-kind="node" data-passage-id={node.id} data-passage-field="description">
          {node.description}
        </p>
      )}
      {editable && (
        <CommentButton label={t('reader.commentOn', { what: title })} onClick={() => openFor({ kind: 'node', nodeId: node.id })} />
      )}
      <ItemComments {...props} itemKey={itemKey} title={`${title}: ${node.text}`} />
      {node.measures.length > 0 && (
        <ul className="remiss-measures" aria-label={t('reader.measuresOf', { what: title })}>
          {inDocumentOrder(node.measures).map((measure) => (
            <MeasureItem key={measure.id} {...props} measure={measure} />
          ))}
        </ul>
      )}
      {inDocumentOrder(node.children).map((child) => (
        <NodeItem key={child.id} {...props} node={child} level={level + 1} />
      ))}
    </section>
  );
}

function MeasureItem(props: ItemProps & { measure: MeasureContent }) {
  const { measure, numbers, editable, openFor } = props;
  const { t } = useTranslation('remiss');
  const code = numbers.get(measure.id) ?? measure.code ?? '';
  const name = t('reader.measureName', { code });
  return (
    <li className="remiss-item remiss-item--measure">
      <p className="remiss-measure__text">
        <strong>{name}</strong>{' '}
        <span data-passage-kind="measure" data-passage-id={measure.id} data-passage-field="text">
          {measure.text}
        </span>
      </p>
      {measure.description && (
        <p className="remiss-prewrap muted" data-passage-kind="measure" data-passage-id={measure.id} data-passage-field="description">
          {measure.description}
        </p>
      )}
      {measure.responsibilityText && <p className="muted">{t('reader.responsibility', { text: measure.responsibilityText })}</p>}
      {editable && <CommentButton label={t('reader.commentOn', { what: name })} onClick={() => openFor({ kind: 'measure', measureId: measure.id })} />}
      <ItemComments {...props} itemKey={`measure:${measure.id}`} title={`${name} ${measure.text}`} />
    </li>
  );
}

function CommentButton({ label, onClick }: { label: string; onClick: () => void }) {
  const { t } = useTranslation('remiss');
  return (
    <button type="button" className="button button--small button--secondary remiss-comment-button" onClick={onClick} aria-label={label} data-comment-button>
      {t('reader.comment')}
    </button>
  );
}

/** The count of the recipient's comments on an item, and the comment form when opened for it. */
function ItemComments({ itemKey, title, commentCounts, open, setOpen, onAddComment }: ItemProps & { itemKey: string; title: string }) {
  const { t } = useTranslation('remiss');
  const count = commentCounts.get(itemKey) ?? 0;
  const isOpen = open?.itemKey === itemKey;
  return (
    <>
      {count > 0 && (
        <p className="remiss-item__count">
          <a href="#answer-comments">{t('reader.yourComments', { count })}</a>
        </p>
      )}
      {isOpen && open && (
        <InlineCommentForm
          title={title}
          anchor={open.anchor}
          onCancel={() => setOpen(null)}
          onAdd={(text) => {
            onAddComment(open.anchor, text);
            setOpen(null);
          }}
        />
      )}
    </>
  );
}

function InlineCommentForm({ title, anchor, onAdd, onCancel }: { title: string; anchor: CommentAnchor; onAdd: (text: string) => void; onCancel: () => void }) {
  const { t } = useTranslation('remiss');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const ref = useRef<HTMLDivElement>(null);
  const id = 'inline-comment';
  useEffect(() => {
    ref.current?.querySelector('textarea')?.focus();
  }, []);
  const add = () => {
    if (!text.trim()) {
      setError(t('errors.commentText'));
      ref.current?.querySelector('textarea')?.focus();
      return;
    }
    onAdd(text.trim());
  };
  return (
    <div className="remiss-inline-comment" ref={ref} role="group" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`} className="remiss-inline-comment__title">
        {t('reader.formTitle', { what: title })}
      </h4>
      {anchor.kind === 'passage' && <Quote>{anchor.quote}</Quote>}
      <TextArea id={id} label={t('answer.commentText')} value={text} onChange={setText} rows={4} maxLength={10_000} error={error} />
      <div className="button-row">
        <button type="button" className="button button--small" onClick={add}>
          {t('reader.addComment')}
        </button>
        <button type="button" className="button button--small button--secondary" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </div>
  );
}

/** Keeps a node in the reader in view after its comment was added (focus returns to its button). */
export function focusCommentButton(itemKey: string): void {
  const [kind, id] = itemKey.split(':');
  const holder = document.querySelector(`[data-passage-kind="${kind}"][data-passage-id="${id}"]`)?.closest('.remiss-item, .remiss-section');
  const button = holder?.querySelector<HTMLButtonElement>(':scope > [data-comment-button]');
  (button ?? document.getElementById('answer-comments'))?.focus();
}

