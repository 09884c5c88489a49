import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Plan } from '../../api/client';
import { planKinds, unitKinds, type UnitKind } from '../../../domain/vocabulary';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { formatNumber } from '../../i18n';
import { ItemCard, itemId, type ItemActions } from './ItemCard';
import {
  buildDraft,
  changeKind,
  confidenceLevel,
  flattenResult,
  initialMetadata,
  initialUnitChoices,
  mergeWithNext,
  placements,
  removeItem,
  splitAt,
  unitMatches,
  unitNames,
  updateItem,
  type DraftRequest,
  type ItemKind,
  type MetadataValues,
  type ReviewItem,
  type UnitChoice,
} from './model';
import { Confidence, LinesButton, itemTitle } from './parts';
import { createDraft } from './requests';
import { SourcePanel, type Highlight } from './SourcePanel';
import type { Loaded } from './UploadForm';

interface Errors {
  summary: SummaryError[];
  /** Messages by the id of the field they belong to. */
  fields: Record<string, string>;
  /** Messages about an item as a whole (its units, its place), by item key. */
  items: Record<string, string[]>;
}
const noErrors: Errors = { summary: [], fields: {}, items: {} };

const metadataFields: { key: keyof MetadataValues; found: keyof Loaded['result']['metadata']; path: string }[] = [
  { key: 'title', found: 'title', path: 'title' },
  { key: 'kind', found: 'kind', path: 'kind' },
  { key: 'validFrom', found: 'validFrom', path: 'validFrom' },
  { key: 'validTo', found: 'validTo', path: 'validTo' },
  { key: 'validityNote', found: 'validityNote', path: 'validityNote' },
  { key: 'decisionBody', found: 'decisionBody', path: 'decision.body' },
  { key: 'decisionDate', found: 'decisionDate', path: 'decision.date' },
  { key: 'decisionParagraph', found: 'decisionParagraph', path: 'decision.paragraph' },
  { key: 'registryNumber', found: 'registryNumber', path: 'registryNumber' },
  { key: 'replacesReference', found: 'replacesReference', path: 'replacesReference' },
  { key: 'ownerUnitId', found: 'ownerUnit', path: 'ownerUnitId' },
];
const metaId = (key: keyof MetadataValues) => `import-${key}`;
const unitId = (index: number, part?: string) => `import-unit-${index}${part ? `-${part}` : ''}`;

/**
 * Step 2: the structure found, beside the document's text. The coordinator corrects metadata, kinds,
 * texts and unit matches, merges, splits and deletes items, and saves the result as a draft plan.
 */
export function ReviewForm({ loaded, onSaved, onRestart }: { loaded: Loaded; onSaved: (plan: Plan) => void; onRestart: () => void }) {
  const { t } = useTranslation('import');
  const { result, organization, units, fileName } = loaded;
  const [metadata, setMetadata] = useState<MetadataValues>(() => initialMetadata(result));
  const [items, setItems] = useState<ReviewItem[]>(() => flattenResult(result));
  const [choices, setChoices] = useState<Record<string, UnitChoice>>(() => initialUnitChoices(result));
  const [history, setHistory] = useState<{ items: ReviewItem[]; label: string }[]>([]);
  const [editors, setEditors] = useState<Set<string>>(() => new Set());
  const [highlight, setHighlight] = useState<Highlight | null>(null);
  const [errors, setErrors] = useState<Errors>(noErrors);
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmRestart, setConfirmRestart] = useState(false);
  const serial = useRef(0);

  const names = useMemo(() => unitNames(result, items), [result, items]);
  const usedNames = useMemo(() => names.filter((name) => items.some((i) => i.kind === 'measure' && (i.lead.includes(name) || i.co.includes(name)))), [names, items]);
  const place = useMemo(() => placements(items), [items]);
  const matchByText = useMemo(() => unitMatches(result), [result]);
  const unitById = useMemo(() => new Map(units.map((u) => [u.id, u])), [units]);
  const counts = useMemo(() => {
    let goals = 0;
    let measures = 0;
    let unsure = 0;
    for (const item of items) {
      if (item.kind === 'measure') measures++;
      else if (item.kind === 'goal') goals++;
      if (confidenceLevel(item.confidence) !== 'high') unsure++;
    }
    return { goals, measures, unsure };
  }, [items]);

  const unitLabel = useCallback(
    (text: string) => {
      const choice = choices[text];
      if (!choice || choice.choice === 'none') return t('units.omitted', { text });
      if (choice.choice === 'new') return t('units.newLabel', { name: choice.newName.trim() || text });
      return unitById.get(choice.choice)?.name ?? text;
    },
    [choices, unitById, t],
  );

  // --- actions on items -------------------------------------------------------------------------
  const focusLater = (id: string) => window.setTimeout(() => document.getElementById(id)?.focus(), 0);
  const record = (label: string) => setHistory((h) => [...h.slice(-29), { items, label }]);
  const titleOf = (key: string) => {
    const item = items.find((i) => i.key === key);
    return item ? itemTitle(t, item) : '';
  };

  const actions: ItemActions = {
    change: (key, change) => setItems((list) => updateItem(list, key, change)),
    changeKind: (key, kind: ItemKind) => {
      record(t('history.kind', { item: titleOf(key) }));
      setItems((list) => changeKind(list, key, kind));
      announce(t('announce.kindChanged', { kind: kind === 'measure' ? t('kind.measure') : t(`common:enums.nodeRole.${kind}`) }));
    },
    merge: (key) => {
      const index = items.findIndex((i) => i.key === key);
      const next = items[index + 1];
      if (!next) return;
      record(t('history.merge', { item: titleOf(key) }));
      setItems(mergeWithNext(items, key));
      setEditors((open) => new Set([...open].filter((k) => k !== next.key)));
      announce(t('announce.merged', { first: titleOf(key), second: itemTitle(t, next) }));
      focusLater(itemId(key, 'heading'));
    },
    split: (key, text, position) => {
      const split = splitAt(items, key, text, position);
      if (!split) return false;
      record(t('history.split', { item: titleOf(key) }));
      setItems(split.items);
      announce(t('announce.split'));
      focusLater(itemId(split.newKey, 'heading'));
      return true;
    },
    remove: (key) => {
      const index = items.findIndex((i) => i.key === key);
      record(t('history.remove', { item: titleOf(key) }));
      const rest = removeItem(items, key);
      setItems(rest);
      announce(t('announce.removed', { item: titleOf(key) }));
      const neighbour = rest[Math.min(index, rest.length - 1)];
      focusLater(neighbour ? itemId(neighbour.key, 'heading') : 'import-items-heading');
    },
    toggleEditor: (key, open) => {
      setEditors((current) => {
        const next = new Set(current);
        if (open) next.add(key);
        else next.delete(key);
        return next;
      });
      focusLater(open ? itemId(key, 'kind') : itemId(key, 'edit'));
    },
    showLines: (item, returnTo) => showLines(item.source, returnTo),
  };

  const undo = () => {
    const last = history[history.length - 1];
    if (!last) return;
    setHistory((h) => h.slice(0, -1));
    setItems(last.items);
    announce(t('announce.undone', { change: last.label }));
  };

  const showLines = (range: { from: number; to: number }, returnTo: string) => {
    serial.current += 1;
    setHighlight({ from: range.from, to: range.to, returnTo, serial: serial.current });
  };
  const backFromSource = useCallback(() => {
    const id = highlight?.returnTo;
    if (!id) return;
    const element = document.getElementById(id);
    element?.scrollIntoView({ block: 'center' });
    element?.focus({ preventScroll: true });
  }, [highlight]);

  const setChoice = (text: string, change: Partial<UnitChoice>) => setChoices((c) => ({ ...c, [text]: { ...c[text]!, ...change } }));

  // --- saving -----------------------------------------------------------------------------------
  const metaLabel = (key: keyof MetadataValues) => t(`meta.${key}`);

  const validate = (): Errors => {
    const e: Errors = { summary: [], fields: {}, items: {} };
    const add = (fieldId: string, label: string, message: string) => {
      if (e.fields[fieldId] === undefined) e.fields[fieldId] = message;
      e.summary.push({ fieldId, message: `${label}: ${message}` });
    };
    if (!metadata.title.trim()) add(metaId('title'), metaLabel('title'), t('errors.titleRequired'));
    if (!metadata.kind) add(metaId('kind'), metaLabel('kind'), t('errors.kindRequired'));
    usedNames.forEach((name) => {
      const choice = choices[name];
      const index = names.indexOf(name);
      if (choice?.choice !== 'new') return;
      if (!choice.newName.trim()) add(unitId(index, 'name'), t('units.newName'), t('errors.unitNameRequired', { text: name }));
      if (!choice.newKind) add(unitId(index, 'kind'), t('units.newKind'), t('errors.unitKindRequired', { text: name }));
    });
    items.forEach((item, i) => {
      const title = itemTitle(t, item);
      if (!item.text.trim()) add(itemId(item.key, 'text'), `${title} – ${t('item.text')}`, t('errors.textRequired'));
      if (item.kind === 'measure' && place[i]!.parent === null) add(itemId(item.key, 'kind'), `${title} – ${t('item.kind')}`, t('errors.orphan'));
    });
    return e;
  };

  /** The API's field errors, mapped to the fields on this screen by their request paths. */
  const serverErrors = (error: ApiError, request: DraftRequest): Errors => {
    const e: Errors = { summary: [], fields: {}, items: {} };
    for (const problem of error.fields) {
      const path = problem.path;
      const meta = metadataFields.find((f) => path === `body.${f.path}` || path.startsWith(`body.${f.path}.`));
      if (meta) {
        e.fields[metaId(meta.key)] ??= problem.message;
        e.summary.push({ fieldId: metaId(meta.key), message: `${metaLabel(meta.key)}: ${problem.message}` });
        continue;
      }
      const unit = /^body\.newUnits\.(\d+)(?:\.(\w+))?/.exec(path);
      if (unit) {
        const text = request.unitTextByPath.get(`body.newUnits.${unit[1]}`);
        const index = text === undefined ? -1 : names.indexOf(text);
        const fieldId = unitId(index, unit[2] === 'kind' ? 'kind' : 'name');
        e.fields[fieldId] ??= problem.message;
        e.summary.push({ fieldId, message: `${text ?? ''}: ${problem.message}` });
        continue;
      }
      let prefix = path;
      while (prefix.includes('.') && !request.itemByPath.has(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('.'));
      const key = request.itemByPath.get(prefix);
      if (key) {
        const item = items.find((i) => i.key === key)!;
        const rest = path.slice(prefix.length + 1).split('.')[0] ?? '';
        const part = rest === 'text' ? 'text' : rest === 'code' || rest === 'number' ? 'number' : rest === 'label' ? 'label' : null;
        const title = itemTitle(t, item);
        if (part) {
          e.fields[itemId(key, part)] ??= problem.message;
          e.summary.push({ fieldId: itemId(key, part), message: `${title}: ${problem.message}` });
        } else {
          const message = `${t(`errors.part.${rest}`, { defaultValue: rest })}: ${problem.message}`;
          (e.items[key] ??= []).push(message);
          e.summary.push({ fieldId: itemId(key, 'heading'), message: `${title} – ${message}` });
        }
        continue;
      }
      e.summary.push({ fieldId: 'import-save', message: problem.message });
    }
    return e;
  };

  const showErrors = (e: Errors) => {
    setErrors(e);
    const keys = items.filter((item) => ['kind', 'number', 'label', 'text'].some((part) => e.fields[itemId(item.key, part)] !== undefined)).map((i) => i.key);
    if (keys.length) setEditors((open) => new Set([...open, ...keys]));
  };

  const save = async () => {
    if (busy) return;
    setGeneral(null);
    const local = validate();
    if (local.summary.length) return showErrors(local);
    const request = buildDraft(metadata, items, usedNames, choices);
    setBusy(true);
    try {
      const created = await createDraft(organization.id, request.body);
      setErrors(noErrors);
      announce(t('announce.saved', { title: created.plan.title }));
      onSaved(created.plan);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length) showErrors(serverErrors(error, request));
      else {
        setErrors(noErrors);
        setGeneral(error instanceof ApiError ? error.message : t('errors.saveFailed'));
        focusLater('import-general-error');
      }
    } finally {
      setBusy(false);
    }
  };

  // --- rendering ----------------------------------------------------------------------------------
  const unitOptions = [...units.map((u) => ({ value: u.id, label: u.name })), { value: 'new', label: t('units.createNew') }, { value: 'none', label: t('units.none') }];

  return (
    <>
      <ErrorSummary errors={errors.summary} />
      {general && (
        <div className="notice notice--warning" role="alert" id="import-general-error" tabIndex={-1}>
          {general}
        </div>
      )}

      <section className="import-summary" aria-labelledby="import-summary-heading">
        <h2 id="import-summary-heading" className="visually-hidden">
          {t('review.summaryTitle')}
        </h2>
        <p>
          {t('review.found', {
            file: fileName,
            format: result.format.toUpperCase(),
            goals: t('review.goalCount', { count: counts.goals, n: formatNumber(counts.goals) }),
            measures: t('review.measureCount', { count: counts.measures, n: formatNumber(counts.measures) }),
            lines: formatNumber(result.lines.length),
          })}
        </p>
        {counts.unsure > 0 && <p>{t('review.unsure', { count: counts.unsure, n: formatNumber(counts.unsure) })}</p>}
        {result.notes.length > 0 && (
          <details className="section-details">
            <summary>{t('review.notes', { count: result.notes.length, n: formatNumber(result.notes.length) })}</summary>
            <ul className="section-details__body import-notes">
              {result.notes.map((note, i) => (
                <li key={i}>
                  {note.text}
                  {note.source && (
                    <>
                      {' '}
                      <LinesButton id={`import-note-${i}`} range={note.source} context={note.text.slice(0, 60)} onShow={(id) => showLines(note.source!, id)} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <div className="import-review">
        <div className="import-review__structure">
          <section aria-labelledby="import-meta-heading">
            <h2 id="import-meta-heading">{t('meta.title_heading')}</h2>
            <p className="field__hint">{t('meta.intro')}</p>
            {metadataFields.map(({ key, found }) => {
              const hit = result.metadata[found];
              const common = {
                id: metaId(key),
                label: metaLabel(key),
                hint: [t(`meta.hint.${key}`, { defaultValue: '' }), hit ? (hit.source.from === hit.source.to ? t('meta.foundOne', { line: hit.source.from }) : t('meta.foundRange', hit.source)) : t('meta.notFound')].filter(Boolean).join(' '),
                error: errors.fields[metaId(key)],
              };
              return (
                <div className="import-meta-field" key={key}>
                  {key === 'ownerUnitId' ? (
                    <SelectField
                      {...common}
                      value={metadata.ownerUnitId}
                      onChange={(v) => setMetadata((m) => ({ ...m, ownerUnitId: v }))}
                      emptyLabel={t('meta.noOwnerUnit')}
                      options={units.map((u) => ({ value: u.id, label: u.name }))}
                    />
                  ) : key === 'kind' ? (
                    <SelectField
                      {...common}
                      value={metadata.kind}
                      onChange={(v) => setMetadata((m) => ({ ...m, kind: v as MetadataValues['kind'] }))}
                      emptyLabel={t('meta.chooseKind')}
                      options={planKinds.map((k) => ({ value: k, label: t(`common:enums.planKind.${k}`) }))}
                      required
                    />
                  ) : (
                    <TextField {...common} value={metadata[key]} onChange={(v) => setMetadata((m) => ({ ...m, [key]: v }))} required={key === 'title'} maxLength={key === 'title' ? 500 : 200} />
                  )}
                  {hit && (
                    <p className="meta-row import-meta-field__found">
                      <Confidence value={hit.confidence} />
                      <LinesButton id={`${metaId(key)}-lines`} range={hit.source} context={metaLabel(key)} onShow={(id) => showLines(hit.source, id)} />
                    </p>
                  )}
                </div>
              );
            })}
          </section>

          <section aria-labelledby="import-units-heading">
            <h2 id="import-units-heading">{t('units.title')}</h2>
            <p className="field__hint">{t('units.intro', { organization: organization.name })}</p>
            {usedNames.length === 0 && <p>{t('units.noneFound')}</p>}
            {usedNames.map((name) => {
              const index = names.indexOf(name);
              const choice = choices[name] ?? { choice: 'none', newName: name, newKind: '' };
              const match = matchByText.get(name);
              const uses = items.filter((i) => i.kind === 'measure' && (i.lead.includes(name) || i.co.includes(name))).length;
              const suggestion = match?.unitId
                ? t('units.suggested', { name: match.unitName ?? unitById.get(match.unitId)?.name ?? '', level: t(`confidence.${confidenceLevel(match.score)}`) })
                : t('units.noMatch');
              return (
                <fieldset className="fieldset import-unit" key={name}>
                  <legend className="fieldset__legend">”{name}”</legend>
                  <div className="field__hint">
                    {suggestion} {t('units.uses', { count: uses, n: formatNumber(uses) })}
                  </div>
                  <SelectField
                    id={unitId(index)}
                    label={t('units.choice', { name })}
                    error={errors.fields[unitId(index)]}
                    value={choice.choice}
                    onChange={(v) => setChoice(name, { choice: v })}
                    options={unitOptions}
                  />
                  {choice.choice === 'new' && (
                    <div className="field-row">
                      <TextField id={unitId(index, 'name')} label={t('units.newName')} error={errors.fields[unitId(index, 'name')]} value={choice.newName} onChange={(v) => setChoice(name, { newName: v })} maxLength={200} required />
                      <SelectField
                        id={unitId(index, 'kind')}
                        label={t('units.newKind')}
                        error={errors.fields[unitId(index, 'kind')]}
                        value={choice.newKind}
                        onChange={(v) => setChoice(name, { newKind: v as UnitKind })}
                        emptyLabel={t('units.chooseKind')}
                        options={unitKinds.map((k) => ({ value: k, label: t(`common:enums.unitKind.${k}`) }))}
                        required
                      />
                    </div>
                  )}
                </fieldset>
              );
            })}
          </section>

          <section aria-labelledby="import-items-heading">
            <h2 id="import-items-heading" tabIndex={-1}>
              {t('items.title')}
            </h2>
            <p className="field__hint">{t('items.intro')}</p>
            {history.length > 0 && (
              <div className="button-row">
                <button type="button" className="button button--secondary" onClick={undo}>
                  {t('items.undo', { change: history[history.length - 1]!.label })}
                </button>
              </div>
            )}
            {items.length === 0 ? (
              <p>{t('items.empty')}</p>
            ) : (
              <ol className="import-items" role="list">
                {items.map((item, i) => (
                  <ItemCard
                    key={item.key}
                    item={item}
                    depth={place[i]!.depth}
                    orphan={item.kind === 'measure' && place[i]!.parent === null}
                    isLast={i === items.length - 1}
                    editing={editors.has(item.key)}
                    errors={errors.fields}
                    itemMessages={errors.items[item.key] ?? []}
                    unitLabel={unitLabel}
                    actions={actions}
                  />
                ))}
              </ol>
            )}
          </section>
        </div>

        <SourcePanel lines={result.lines} fileName={fileName} highlight={highlight} onBack={backFromSource} />
      </div>

      <div className="button-row import-save">
        <button type="button" id="import-save" className="button" onClick={() => void save()} aria-disabled={busy || undefined}>
          {busy ? t('review.saving') : t('review.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setConfirmRestart(true)}>
          {t('review.restart')}
        </button>
      </div>
      <ConfirmDialog
        open={confirmRestart}
        title={t('review.restartTitle')}
        confirmLabel={t('review.restartConfirm')}
        onConfirm={() => {
          setConfirmRestart(false);
          onRestart();
        }}
        onCancel={() => setConfirmRestart(false)}
      >
        <p>{t('review.restartBody')}</p>
      </ConfirmDialog>
    </>
  );
}
