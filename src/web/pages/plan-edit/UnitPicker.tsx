import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, query, type Unit } from '../../api/client';
import { describedBy, FieldFrame } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { useCapabilities } from '../../components/capabilities';
import { unitKinds } from '../../../domain/vocabulary';
import { ns } from './shared';

export interface UnitRef {
  id: string;
  name: string;
}

/**
 * Chooses units of the organization: an ARIA 1.2 combobox (a text input that controls a listbox)
 * searching names, short names and aliases on the server (diacritic-insensitive: "sodermore" finds
 * Södermöre). Chosen units show as removable chips; a unit that is missing can be created here.
 * Keys: ↓/↑ move through the suggestions, Enter chooses, Escape closes (or clears).
 */
export function UnitPicker(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  organizationId: string;
  selected: UnitRef[];
  onChange: (units: UnitRef[]) => void;
  /** Units chosen elsewhere (the other role) that cannot be chosen here too. */
  exclude?: string[];
}) {
  const { t } = useTranslation(ns);
  const { can } = useCapabilities();
  const { id, label, hint, error, organizationId, selected, onChange } = props;
  const inputId = `${id}-input`;
  const listboxId = `${id}-listbox`;
  const [text, setText] = useState('');
  const [results, setResults] = useState<Unit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [searched, setSearched] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const chipsRef = useRef<HTMLUListElement>(null);
  const requestRef = useRef(0);
  const instance = `${props.id}-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;

  const excluded = new Set([...selected.map((u) => u.id), ...(props.exclude ?? [])]);
  const options = results.filter((u) => !excluded.has(u.id));

  const search = async (q: string, openAfter: boolean, activeAfter = -1) => {
    const request = ++requestRef.current;
    try {
      const units = await api<Unit[]>(`/organizations/${organizationId}/units${query({ q: q.trim() })}`);
      if (request !== requestRef.current) return;
      setResults(units);
      setSearched(q.trim());
      setActive(units.some((u) => !excluded.has(u.id)) ? activeAfter : -1);
      if (openAfter) {
        setOpen(true);
        const count = units.filter((u) => !excluded.has(u.id)).length;
        announce(count ? t('units.resultCount', { count }) : t('units.noResults', { q: q.trim() }));
      }
    } catch {
      if (request === requestRef.current) announce(t('units.searchFailed'));
    }
  };

  // Searches as the user types, after a short pause.
  useEffect(() => {
    if (!text.trim()) {
      setOpen(false);
      setSearched(null);
      return;
    }
    const timer = window.setTimeout(() => void search(text, true), 200);
    return () => window.clearTimeout(timer);
    // `search` is recreated each render; what starts a search is the text (or organization) changing.
  }, [text, organizationId]);

  const choose = (unit: UnitRef) => {
    onChange([...selected, { id: unit.id, name: unit.name }]);
    setText('');
    setOpen(false);
    setActive(-1);
    announce(t('units.chosen', { name: unit.name, role: label }));
    inputRef.current?.focus();
  };

  const remove = (unit: UnitRef, index: number) => {
    onChange(selected.filter((u) => u.id !== unit.id));
    announce(t('units.removed', { name: unit.name, role: label }));
    // Focus stays in the list: the next chip's button, else the previous one, else the search box.
    window.setTimeout(() => {
      const buttons = chipsRef.current?.querySelectorAll<HTMLButtonElement>('button');
      const next = buttons?.[Math.min(index, (buttons?.length ?? 0) - 1)];
      (next ?? inputRef.current)?.focus();
    }, 0);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) {
          if (searched === text.trim() && results.length) {
            setOpen(true);
            setActive(0);
          } else void search(text, true, 0);
        } else if (options.length) setActive((a) => (a + 1) % options.length);
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (open && options.length) setActive((a) => (a <= 0 ? options.length - 1 : a - 1));
        break;
      case 'Enter':
        if (open && active >= 0 && options[active]) {
          event.preventDefault();
          choose(options[active]!);
        } else if (text.trim()) {
          // Never submit the surrounding form from the search box.
          event.preventDefault();
          if (options.length === 1) choose(options[0]!);
          else void search(text, true);
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
          setActive(-1);
        } else if (text) {
          event.preventDefault();
          event.stopPropagation();
          setText('');
        }
        break;
      case 'Tab':
        setOpen(false);
        break;
      default:
    }
  };

  const activeOption = open && active >= 0 ? options[active] : undefined;
  useEffect(() => {
    if (activeOption) document.getElementById(`${instance}-opt-${activeOption.id}`)?.scrollIntoView({ block: 'nearest' });
  }, [activeOption, instance]);

  return (
    <FieldFrame id={id} inputId={inputId} labelId={`${id}-label`} className="unit-picker" label={label} hint={hint} error={error}>
      <p className="visually-hidden" id={`${id}-chosen`}>
        {selected.length ? t('units.chosenList', { names: selected.map((u) => u.name).join(', ') }) : t('units.noneChosen')}
      </p>
      {selected.length > 0 && (
        <ul className="unit-chips" ref={chipsRef} aria-label={t('units.chosenLabel', { role: label })}>
          {selected.map((unit, index) => (
            <li key={unit.id} className="unit-chip">
              <span>{unit.name}</span>
              <button type="button" className="unit-chip__remove" onClick={() => remove(unit, index)}>
                <span aria-hidden="true">✕</span>
                <span className="visually-hidden">{t('units.remove', { name: unit.name })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="combobox">
        <input
          ref={inputRef}
          className="input"
          id={inputId}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={open && options.length > 0}
          aria-controls={listboxId}
          aria-activedescendant={activeOption ? `${instance}-opt-${activeOption.id}` : undefined}
          aria-describedby={describedBy(id, hint, error, `${id}-chosen`)}
          aria-invalid={error ? true : undefined}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        />
        <ul className="combobox__listbox" id={listboxId} role="listbox" aria-label={t('units.suggestions', { role: label })} hidden={!open || options.length === 0}>
          {options.map((unit, index) => {
            const seen = new Set([unit.name.toLocaleLowerCase('sv')]);
            const also = [unit.shortName, ...unit.aliases]
              .filter((n): n is string => {
                if (!n || seen.has(n.toLocaleLowerCase('sv'))) return false;
                seen.add(n.toLocaleLowerCase('sv'));
                return true;
              })
              .join(', ');
            return (
              <li
                key={unit.id}
                id={`${instance}-opt-${unit.id}`}
                role="option"
                aria-selected={index === active}
                className={`combobox__option${index === active ? ' combobox__option--active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(unit)}
              >
                <span className="combobox__name">{unit.name}</span>
                <span className="combobox__meta">
                  {t(`common:enums.unitKind.${unit.kind}`)}
                  {also ? ` · ${t('units.alsoCalled', { names: also })}` : ''}
                </span>
              </li>
            );
          })}
        </ul>
        {open && searched !== null && options.length === 0 && <p className="combobox__empty">{t('units.noResults', { q: searched })}</p>}
      </div>
      {can('edit_units', organizationId) && (
        <NewUnit
          id={`${id}-new`}
          organizationId={organizationId}
          initialName={text}
          open={creating}
          onOpenChange={setCreating}
          onCreated={(unit) => {
            setCreating(false);
            choose(unit);
            announce(t('units.createdAndChosen', { name: unit.name, role: label }));
          }}
        />
      )}
    </FieldFrame>
  );
}

/** Creates a unit (name and kind) that the search did not find, and chooses it. */
function NewUnit(props: { id: string; organizationId: string; initialName: string; open: boolean; onOpenChange: (open: boolean) => void; onCreated: (unit: Unit) => void }) {
  const { t } = useTranslation(ns);
  const { id, organizationId, open, onOpenChange } = props;
  const [name, setName] = useState('');
  const [kind, setKind] = useState('');
  const [errors, setErrors] = useState<{ name?: string; kind?: string; general?: string }>({});
  const [busy, setBusy] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) {
      setName(props.initialName.trim());
      setKind('');
      setErrors({});
      nameRef.current?.focus();
    }
    // Filled in each time the panel opens, from what the user had typed in the search box.
  }, [open]);

  const create = async () => {
    setBusy(true);
    try {
      const unit = await api<Unit>(`/organizations/${organizationId}/units`, { method: 'POST', body: { name: name.trim(), kind: kind || undefined } });
      props.onCreated(unit);
    } catch (e) {
      if (e instanceof ApiError) {
        const next = { name: e.fieldMessage('name'), kind: e.fieldMessage('kind'), general: e.fields.length ? undefined : e.message };
        setErrors(next);
        if (next.name) nameRef.current?.focus();
        else document.getElementById(`${id}-kind`)?.focus();
      } else setErrors({ general: String(e) });
    } finally {
      setBusy(false);
    }
  };

  const onEnter = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void create();
    }
  };

  return (
    <div className="new-unit">
      <button
        type="button"
        ref={toggleRef}
        className="link-button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => {
          onOpenChange(!open);
          if (open) toggleRef.current?.focus();
        }}
      >
        {t('units.createToggle')}
      </button>
      <div id={`${id}-panel`} className="new-unit__panel" hidden={!open} role="group" aria-labelledby={`${id}-heading`}>
        <p className="new-unit__heading" id={`${id}-heading`}>
          {t('units.createHeading')}
        </p>
        {errors.general && (
          <p className="field__error" role="alert">
            {errors.general}
          </p>
        )}
        <div className={`field${errors.name ? ' field--error' : ''}`}>
          <label className="field__label" htmlFor={`${id}-name`}>
            {t('units.newName')}
          </label>
          {errors.name && (
            <p className="field__error" id={`${id}-name-error`} role="alert">
              {errors.name}
            </p>
          )}
          <input
            ref={nameRef}
            className="input"
            id={`${id}-name`}
            type="text"
            value={name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-name-error` : undefined}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={onEnter}
          />
        </div>
        <div className={`field${errors.kind ? ' field--error' : ''}`}>
          <label className="field__label" htmlFor={`${id}-kind`}>
            {t('units.newKind')}
          </label>
          {errors.kind && (
            <p className="field__error" id={`${id}-kind-error`} role="alert">
              {errors.kind}
            </p>
          )}
          <select
            className="select"
            id={`${id}-kind`}
            value={kind}
            aria-invalid={errors.kind ? true : undefined}
            aria-describedby={errors.kind ? `${id}-kind-error` : undefined}
            onChange={(e) => setKind(e.target.value)}
          >
            <option value="">{t('units.chooseKind')}</option>
            {unitKinds.map((k) => (
              <option key={k} value={k}>
                {t(`common:enums.unitKind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="button-row">
          <button type="button" className="button button--secondary" onClick={() => void create()} disabled={busy}>
            {t('units.createButton')}
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              onOpenChange(false);
              toggleRef.current?.focus();
            }}
          >
            {t('actions.cancel', { ns: 'common' })}
          </button>
        </div>
      </div>
    </div>
  );
}
