import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { measureScopes } from '../../../domain/vocabulary';
import { registerTranslations } from '../../i18n';
import en from './en.json';
import sv from './sv.json';

registerTranslations('plan', sv, en);

/*
 * The measure filters shared by a plan's measure table and the search page. Their state lives in
 * the address (?unit=…&role=lead&level=indicated&level=selective …), so a link reproduces a view;
 * the API combines different filters with AND and several values of one filter with OR.
 */

export type UnitRole = 'any' | 'lead' | 'co';

export interface MeasureFilterValues {
  q: string;
  unit: string[];
  role: UnitRole;
  level: string[];
  form: string[];
  group: string[];
  scope: string[];
  plan: string[];
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const code = /^[A-Za-z0-9_:.-]{1,100}$/;

function values(params: URLSearchParams, name: string, valid: (v: string) => boolean): string[] {
  const all = params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v && valid(v));
  return [...new Set(all)];
}

/** The filters in an address; values that cannot be valid are left out rather than refused. */
export function readFilters(params: URLSearchParams): MeasureFilterValues {
  const role = params.get('role');
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    unit: values(params, 'unit', (v) => uuid.test(v)),
    role: role === 'lead' || role === 'co' ? role : 'any',
    level: values(params, 'level', (v) => code.test(v)),
    form: values(params, 'form', (v) => code.test(v)),
    group: values(params, 'group', (v) => code.test(v)),
    scope: values(params, 'scope', (v) => (measureScopes as readonly string[]).includes(v)),
    plan: values(params, 'plan', (v) => uuid.test(v)),
  };
}

export function hasFilters(f: MeasureFilterValues): boolean {
  return Boolean(f.q || f.unit.length || f.level.length || f.form.length || f.group.length || f.scope.length || f.plan.length);
}

/** The query of GET /organizations/:id/measures (measureSearchQuery) for these filters. */
export function apiQuery(f: MeasureFilterValues): Record<string, string | string[] | undefined> {
  return {
    q: f.q || undefined,
    unitId: f.unit,
    unitRole: f.unit.length ? f.role : undefined,
    preventionLevel: f.level,
    violenceForm: f.form,
    targetGroup: f.group,
    scope: f.scope,
    planId: f.plan,
  };
}

/** The address for these filters, keeping other parameters (sort order, organization) as given. */
export function filterParams(f: MeasureFilterValues, keep: Record<string, string | null | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(keep)) if (value) params.set(key, value);
  if (f.q) params.set('q', f.q);
  for (const v of f.plan) params.append('plan', v);
  for (const v of f.unit) params.append('unit', v);
  if (f.unit.length && f.role !== 'any') params.set('role', f.role);
  for (const v of f.level) params.append('level', v);
  for (const v of f.form) params.append('form', v);
  for (const v of f.group) params.append('group', v);
  for (const v of f.scope) params.append('scope', v);
  return params;
}

export interface Option {
  value: string;
  label: string;
}

/*
 * The fields carry the address's parameter names (q, unit, role, level …) and the form is a GET form
 * on the page's own address, so it works as a plain form too; with scripts, submitting builds a tidy
 * address (no empty parameters) and keeps the sort order.
 */

function Select(props: { id: string; name: string; label: string; hint?: string; value: string; onChange: (v: string) => void; options: Option[]; emptyLabel: string }) {
  const { id, name, label, hint, value, onChange, options, emptyLabel } = props;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <select className="select" id={id} name={name} value={value} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.value)}>
        <option value="">{emptyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Checkboxes(props: { id: string; name: string; legend: string; options: Option[]; values: string[]; onChange: (v: string[]) => void }) {
  const { id, name, legend, options, values, onChange } = props;
  return (
    <fieldset className="fieldset" id={id}>
      <legend className="fieldset__legend">{legend}</legend>
      <div className="checkboxes">
        {options.map((o) => (
          <div className="checkbox" key={o.value}>
            <input
              id={`${id}-${o.value}`}
              type="checkbox"
              name={name}
              value={o.value}
              checked={values.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
            />
            <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function MeasureFilters(props: {
  idPrefix: string;
  heading: string;
  filters: MeasureFilterValues;
  units: Option[];
  levels: Option[];
  forms: Option[];
  groups: Option[];
  scopes: Option[];
  /** Offered on the search page, which looks across an organization's plans. */
  plans?: Option[] | undefined;
  /** Fields shown before the filters (the organization on the search page). */
  leading?: ReactNode;
  /** Parameters the form carries along unchanged (the sort order). */
  hidden?: Record<string, string | null>;
  clearTo: string;
  submitLabel: string;
  onSubmit: (values: MeasureFilterValues) => void;
}) {
  const { t } = useTranslation('plan');
  const { pathname } = useLocation();
  const { idPrefix: p, filters } = props;
  const [v, setV] = useState(filters);
  const filtersKey = JSON.stringify(filters);
  // Follow the address when it changes from outside the form (back button, "clear filters").
  useEffect(() => setV(filters), [filtersKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = <K extends keyof MeasureFilterValues>(key: K, value: MeasureFilterValues[K]) => setV((old) => ({ ...old, [key]: value }));
  const one = (value: string) => (value ? [value] : []);
  // A value in the address that the options do not hold still shows, so it can be seen and removed.
  const withSelected = (options: Option[], selected: string[]) => [...options, ...selected.filter((s) => !options.some((o) => o.value === s)).map((s) => ({ value: s, label: s }))];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit({ ...v, q: v.q.trim() });
  };
  const headingId = `${p}-heading`;
  return (
    <form role="search" method="get" action={pathname} aria-labelledby={headingId} className="filters" onSubmit={submit} noValidate>
      <h2 id={headingId} className="filters__title">
        {props.heading}
      </h2>
      {Object.entries(props.hidden ?? {}).map(([name, value]) => value && <input key={name} type="hidden" name={name} value={value} />)}
      {props.leading}
      <div className="filters__grid">
        <div className="field">
          <label className="field__label" htmlFor={`${p}-q`}>
            {t('filters.q')}
          </label>
          <div className="field__hint" id={`${p}-q-hint`}>
            {t('filters.qHint')}
          </div>
          <input className="input" id={`${p}-q`} name="q" type="search" value={v.q} maxLength={200} aria-describedby={`${p}-q-hint`} onChange={(e) => set('q', e.target.value)} />
        </div>
        {props.plans && <Select id={`${p}-plan`} name="plan" label={t('filters.plan')} value={v.plan[0] ?? ''} onChange={(x) => set('plan', one(x))} options={withSelected(props.plans, v.plan)} emptyLabel={t('filters.allPlans')} />}
        <div className="filters__unit">
          <Select id={`${p}-unit`} name="unit" label={t('filters.unit')} hint={t('filters.unitHint')} value={v.unit[0] ?? ''} onChange={(x) => set('unit', one(x))} options={withSelected(props.units, v.unit)} emptyLabel={t('filters.allUnits')} />
          <fieldset className="fieldset radios-fieldset" aria-describedby={`${p}-role-hint`}>
            <legend className="fieldset__legend">{t('filters.role')}</legend>
            <div className="field__hint" id={`${p}-role-hint`}>
              {t('filters.roleHint')}
            </div>
            <div className="radios">
              {(['any', 'lead', 'co'] as const).map((role) => (
                <div className="radio" key={role}>
                  <input type="radio" id={`${p}-role-${role}`} name="role" value={role} checked={v.role === role} onChange={() => set('role', role)} />
                  <label htmlFor={`${p}-role-${role}`}>{t(`filters.roles.${role}`)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        {props.levels.length > 0 && <Checkboxes id={`${p}-level`} name="level" legend={t('filters.level')} options={withSelected(props.levels, v.level)} values={v.level} onChange={(x) => set('level', x)} />}
        {props.forms.length > 0 && <Select id={`${p}-form`} name="form" label={t('filters.form')} value={v.form[0] ?? ''} onChange={(x) => set('form', one(x))} options={withSelected(props.forms, v.form)} emptyLabel={t('filters.allForms')} />}
        {props.groups.length > 0 && <Select id={`${p}-group`} name="group" label={t('filters.group')} value={v.group[0] ?? ''} onChange={(x) => set('group', one(x))} options={withSelected(props.groups, v.group)} emptyLabel={t('filters.allGroups')} />}
        {props.scopes.length > 0 && <Checkboxes id={`${p}-scope`} name="scope" legend={t('filters.scope')} options={withSelected(props.scopes, v.scope)} values={v.scope} onChange={(x) => set('scope', x)} />}
      </div>
      <div className="button-row">
        <button type="submit" className="button">
          {props.submitLabel}
        </button>
        {hasFilters(filters) && <Link to={props.clearTo}>{t('filters.clear')}</Link>}
      </div>
    </form>
  );
}
