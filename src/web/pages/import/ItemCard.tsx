import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { nodeRoles } from '../../../domain/vocabulary';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { Confidence, LinesButton, itemTitle, levelLabel } from './parts';
import type { ItemKind, ReviewItem } from './model';

export const itemId = (key: string, part?: string) => `import-item-${key}${part ? `-${part}` : ''}`;

export interface ItemActions {
  change: (key: string, change: Partial<ReviewItem>) => void;
  changeKind: (key: string, kind: ItemKind) => void;
  merge: (key: string) => void;
  split: (key: string, text: string, position: number) => boolean;
  remove: (key: string) => void;
  toggleEditor: (key: string, open: boolean) => void;
  showLines: (item: ReviewItem, returnTo: string) => void;
}

/**
 * One found item: what it is, its text, where it is in the document and how sure the importer is;
 * with the coordinator's corrections (kind, number, text), merge with the next item, split, delete.
 */
export function ItemCard(props: {
  item: ReviewItem;
  depth: number;
  orphan: boolean;
  isLast: boolean;
  editing: boolean;
  errors: Record<string, string>;
  itemMessages: string[];
  unitLabel: (text: string) => string;
  actions: ItemActions;
}) {
  const { t } = useTranslation('import');
  const { item, depth, orphan, isLast, editing, errors, itemMessages, unitLabel, actions } = props;
  const [splitting, setSplitting] = useState(false);
  const [splitText, setSplitText] = useState('');
  const [splitError, setSplitError] = useState<string | null>(null);
  const splitRef = useRef<HTMLTextAreaElement>(null);
  const title = itemTitle(t, item);
  const isMeasure = item.kind === 'measure';
  const kindOptions = [...nodeRoles.map((role) => ({ value: role, label: t(`common:enums.nodeRole.${role}`) })), { value: 'measure', label: t('kind.measure') }];
  const hidden = (text: string) => <span className="visually-hidden"> {text}</span>;
  const shortTitle = title.length > 80 ? `${title.slice(0, 79)}…` : title;

  const openSplit = () => {
    setSplitText(item.text);
    setSplitError(null);
    setSplitting(true);
    window.setTimeout(() => splitRef.current?.focus(), 0);
  };
  const doSplit = () => {
    const position = splitRef.current?.selectionStart ?? 0;
    if (!actions.split(item.key, splitText, position)) {
      setSplitError(t('split.badPosition'));
      splitRef.current?.focus();
      return;
    }
    setSplitting(false);
  };

  return (
    <li id={itemId(item.key)} className={`import-item import-item--depth-${Math.min(depth, 4)}${isMeasure ? ' import-item--measure' : ''}`}>
      <h3 className="import-item__title" id={itemId(item.key, 'heading')} tabIndex={-1}>
        <span className="import-item__kind">{title}</span>
        {!isMeasure && item.text && <span className="import-item__text"> {item.text}</span>}
      </h3>
      {isMeasure && <p className="import-item__measure-text">{item.text}</p>}
      <div className="meta-row import-item__meta">
        <Confidence value={item.confidence} />
        <LinesButton id={itemId(item.key, 'lines')} range={item.source} context={shortTitle} onShow={(id) => actions.showLines(item, id)} />
        {depth > 0 && <span>{t('item.level', { level: depth + 1 })}</span>}
      </div>
      {isMeasure && (item.lead.length > 0 || item.co.length > 0) && (
        <dl className="import-item__units">
          {item.lead.length > 0 && (
            <>
              <dt>{t('common:enums.unitRole.lead')}</dt>
              <dd>{item.lead.map(unitLabel).join(', ')}</dd>
            </>
          )}
          {item.co.length > 0 && (
            <>
              <dt>{t('common:enums.unitRole.co')}</dt>
              <dd>{item.co.map(unitLabel).join(', ')}</dd>
            </>
          )}
        </dl>
      )}
      {item.preventionLevels.length > 0 && (
        <p className="import-item__levels">
          {t('item.preventionLevels')}: {item.preventionLevels.map((code) => levelLabel(t, code)).join(', ')}
        </p>
      )}
      {item.examples.length > 0 && (
        <p className="import-item__examples">
          {t('item.examples')}: {item.examples.join('; ')}
        </p>
      )}
      {orphan && (
        <p className="import-item__warning" id={itemId(item.key, 'orphan')}>
          <strong>{t('item.orphanTitle')}</strong> {t('item.orphan')}
        </p>
      )}
      {itemMessages.map((message) => (
        <p className="field__error" key={message}>
          {message}
        </p>
      ))}

      {editing && (
        <div className="import-item__editor" id={itemId(item.key, 'editor')}>
          <div className="field-row">
            <SelectField id={itemId(item.key, 'kind')} label={t('item.kind')} hint={t('item.kindHint')} error={errors[itemId(item.key, 'kind')]} value={item.kind} onChange={(v) => actions.changeKind(item.key, v as ItemKind)} options={kindOptions} />
            <TextField
              id={itemId(item.key, 'number')}
              label={isMeasure ? t('item.code') : t('item.number')}
              hint={t('item.numberHint')}
              error={errors[itemId(item.key, 'number')]}
              value={item.number}
              onChange={(v) => actions.change(item.key, { number: v })}
              maxLength={50}
            />
            {!isMeasure && (
              <TextField
                id={itemId(item.key, 'label')}
                label={t('item.label')}
                hint={t('item.labelHint')}
                error={errors[itemId(item.key, 'label')]}
                value={item.label}
                onChange={(v) => actions.change(item.key, { label: v })}
                maxLength={100}
              />
            )}
          </div>
          <TextArea id={itemId(item.key, 'text')} label={t('item.text')} error={errors[itemId(item.key, 'text')]} value={item.text} onChange={(v) => actions.change(item.key, { text: v })} rows={isMeasure ? 4 : 2} maxLength={5000} required />
          <button type="button" className="button button--secondary button--small" onClick={() => actions.toggleEditor(item.key, false)}>
            {t('item.done')}
            {hidden(shortTitle)}
          </button>
        </div>
      )}

      {splitting && (
        <div className="import-item__editor">
          <div className={`field${splitError ? ' field--error' : ''}`}>
            <label className="field__label" htmlFor={itemId(item.key, 'split')}>
              {t('split.label')}
            </label>
            <div className="field__hint" id={itemId(item.key, 'split-hint')}>
              {t('split.hint')}
            </div>
            {splitError && (
              <p className="field__error" id={itemId(item.key, 'split-error')}>
                {splitError}
              </p>
            )}
            <textarea
              ref={splitRef}
              className="textarea"
              id={itemId(item.key, 'split')}
              rows={5}
              value={splitText}
              aria-invalid={splitError ? true : undefined}
              aria-describedby={[itemId(item.key, 'split-hint'), splitError ? itemId(item.key, 'split-error') : ''].filter(Boolean).join(' ')}
              onChange={(e) => setSplitText(e.target.value)}
            />
          </div>
          <div className="button-row">
            <button type="button" className="button button--small" onClick={doSplit}>
              {t('split.here')}
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => {
                setSplitting(false);
                document.getElementById(itemId(item.key, 'split-open'))?.focus();
              }}
            >
              {t('common:actions.cancel')}
            </button>
          </div>
        </div>
      )}

      <div className="button-row import-item__actions">
        <button
          type="button"
          className="button button--secondary button--small"
          id={itemId(item.key, 'edit')}
          aria-expanded={editing}
          aria-controls={editing ? itemId(item.key, 'editor') : undefined}
          onClick={() => actions.toggleEditor(item.key, !editing)}
        >
          {t('item.edit')}
          {hidden(shortTitle)}
        </button>
        {!isLast && (
          <button type="button" className="button button--secondary button--small" onClick={() => actions.merge(item.key)}>
            {t('item.merge')}
            {hidden(shortTitle)}
          </button>
        )}
        {!splitting && (
          <button type="button" className="button button--secondary button--small" id={itemId(item.key, 'split-open')} onClick={openSplit}>
            {t('item.split')}
            {hidden(shortTitle)}
          </button>
        )}
        <button type="button" className="button button--secondary button--small" onClick={() => actions.remove(item.key)}>
          {t('item.remove')}
          {hidden(shortTitle)}
        </button>
      </div>
    </li>
  );
}
