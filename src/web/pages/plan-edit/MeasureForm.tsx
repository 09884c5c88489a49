import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type MeasureContent, type MeasureDetail, type TaxonomyList, type Unit } from '../../api/client';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { measureScopes } from '../../../domain/vocabulary';
import { FormErrorAlerts, VersionConflict } from './FormAlerts';
import { formErrors, noErrors, ns, orNull, termLabel, useVersionedForm, type FormErrors, type TaxonomyKind } from './shared';
import { TermPicker } from './TermPicker';
import { UnitPicker, type UnitRef } from './UnitPicker';

export type MeasureValues = {
  code: string;
  text: string;
  description: string;
  responsibilityText: string;
  leadUnits: UnitRef[];
  coUnits: UnitRef[];
  preventionLevels: string[];
  targetGroups: string[];
  violenceForms: string[];
  vulnerableGroups: string[];
  perspectives: string[];
  scope: string;
  timeFrame: string;
  examples: string[];
};

const termKeys = [
  ['preventionLevels', 'prevention_level'],
  ['targetGroups', 'target_group'],
  ['violenceForms', 'violence_form'],
  ['vulnerableGroups', 'vulnerable_group'],
  ['perspectives', 'perspective'],
] as const satisfies readonly (readonly [keyof MeasureValues, TaxonomyKind])[];

export const emptyMeasure = (code = ''): MeasureValues => ({
  code,
  text: '',
  description: '',
  responsibilityText: '',
  leadUnits: [],
  coUnits: [],
  preventionLevels: [],
  targetGroups: [],
  violenceForms: [],
  vulnerableGroups: [],
  perspectives: [],
  scope: '',
  timeFrame: '',
  examples: [],
});

/** The form's values from a measure as the API returns it; unit names come from `names`. */
export function measureValuesFrom(m: MeasureContent, names: ReadonlyMap<string, string>): MeasureValues {
  const ref = (id: string): UnitRef => ({ id, name: names.get(id) ?? id });
  return {
    code: m.code ?? '',
    text: m.text,
    description: m.description ?? '',
    responsibilityText: m.responsibilityText ?? '',
    leadUnits: m.leadUnitIds.map(ref),
    coUnits: m.coUnitIds.map(ref),
    preventionLevels: m.preventionLevels,
    targetGroups: m.targetGroups,
    violenceForms: m.violenceForms,
    vulnerableGroups: m.vulnerableGroups,
    perspectives: m.perspectives,
    scope: m.scope ?? '',
    timeFrame: m.timeFrame ?? '',
    examples: m.examples,
  };
}

export const unitNames = (detail: MeasureDetail) => new Map(detail.units.map((u) => [u.id, u.name]));

/** The request body for the changed keys (all keys for a new measure). */
function measureBody(values: MeasureValues, keys: readonly (keyof MeasureValues)[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of keys) {
    switch (key) {
      case 'leadUnits':
        body.leadUnitIds = values.leadUnits.map((u) => u.id);
        break;
      case 'coUnits':
        body.coUnitIds = values.coUnits.map((u) => u.id);
        break;
      case 'text':
        body.text = values.text.trim();
        break;
      case 'scope':
        body.scope = values.scope || null;
        break;
      case 'examples':
        // An empty row is an unused row, not an error.
        body.examples = values.examples.map((e) => e.trim()).filter(Boolean);
        break;
      case 'code':
      case 'description':
      case 'responsibilityText':
      case 'timeFrame':
        body[key] = orNull(values[key]);
        break;
      default:
        body[key] = values[key];
    }
  }
  return body;
}

const allKeys = Object.keys(emptyMeasure()) as (keyof MeasureValues)[];

/**
 * A measure's fields, for adding a measure under a goal and for editing one. Saving sends only what
 * changed, with the version read; a 409 shows the ConflictNotice, and field errors the ErrorSummary.
 */
export function MeasureForm(props: {
  idPrefix: string;
  organizationId: string;
  taxonomies: TaxonomyList;
  initial: MeasureValues;
  /** The version read; 0 for a new measure. */
  version: number;
  codeSuggestion?: string | null;
  submitLabel: string;
  save: (body: Record<string, unknown>) => Promise<MeasureDetail>;
  onSaved: (measure: MeasureDetail) => void;
  onCancel?: () => void;
  onDirtyChange?: (dirty: boolean) => void;
  /** The plan's status no longer allows edits (a 409 plan_not_editable). */
  onNotEditable?: () => void;
}) {
  const { t } = useTranslation(ns);
  const p = props.idPrefix;
  const creating = props.version === 0;
  const form = useVersionedForm<MeasureValues>(props.initial, props.version);
  const { values, setField } = form;
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const addExampleRef = useRef<HTMLButtonElement>(null);

  const onDirtyChange = props.onDirtyChange;
  useEffect(() => onDirtyChange?.(form.dirty), [form.dirty, onDirtyChange]);

  const labels: Record<keyof MeasureValues, string> = {
    code: t('measure.code'),
    text: t('measure.text'),
    description: t('measure.description'),
    responsibilityText: t('measure.responsibilityText'),
    leadUnits: t('measure.leadUnits'),
    coUnits: t('measure.coUnits'),
    preventionLevels: t('common:enums.taxonomy.prevention_level'),
    targetGroups: t('common:enums.taxonomy.target_group'),
    violenceForms: t('common:enums.taxonomy.violence_form'),
    vulnerableGroups: t('common:enums.taxonomy.vulnerable_group'),
    perspectives: t('common:enums.taxonomy.perspective'),
    scope: t('measure.scope'),
    timeFrame: t('measure.timeFrame'),
    examples: t('measure.examples'),
  };
  const fieldIds: Record<string, { id: string; label: string }> = {
    code: { id: `${p}-code`, label: labels.code },
    text: { id: `${p}-text`, label: labels.text },
    description: { id: `${p}-description`, label: labels.description },
    responsibilityText: { id: `${p}-responsibilityText`, label: labels.responsibilityText },
    leadUnitIds: { id: `${p}-lead-input`, label: labels.leadUnits },
    coUnitIds: { id: `${p}-co-input`, label: labels.coUnits },
    scope: { id: `${p}-scope`, label: labels.scope },
    timeFrame: { id: `${p}-timeFrame`, label: labels.timeFrame },
    examples: { id: `${p}-examples`, label: labels.examples },
    ...Object.fromEntries(termKeys.map(([key]) => [key, { id: `${p}-${key}`, label: labels[key] }])),
    ...Object.fromEntries(values.examples.map((_, i) => [`examples.${i}`, { id: `${p}-example-${i}`, label: t('measure.exampleN', { n: i + 1 }) }])),
  };

  const termName = (kind: TaxonomyKind, code: string) => {
    const term = props.taxonomies.find((x) => x.taxonomy === kind)?.terms.find((x) => x.code === code);
    return term ? termLabel(term) : code;
  };
  const format = (key: keyof MeasureValues) => (value: unknown): string => {
    if (key === 'leadUnits' || key === 'coUnits') return (value as UnitRef[]).map((u) => u.name).join(', ');
    if (key === 'scope') return value ? t(`common:enums.scope.${String(value)}`) : '';
    if (key === 'examples') return (value as string[]).join(' · ');
    const termKind = termKeys.find(([k]) => k === key)?.[1];
    if (termKind) return (value as string[]).map((code) => termName(termKind, code)).join(', ');
    return String(value ?? '');
  };

  /** Reads the server's record from a 409, fetching the names of units this form has not seen. */
  const conflictFrom = async (current: MeasureContent) => {
    const names = new Map<string, string>([...form.base.leadUnits, ...form.base.coUnits, ...values.leadUnits, ...values.coUnits].map((u) => [u.id, u.name]));
    const missing = [...current.leadUnitIds, ...current.coUnitIds].filter((id) => !names.has(id));
    await Promise.all(
      missing.map(async (id) => {
        try {
          names.set(id, (await api<Unit>(`/units/${id}`)).name);
        } catch {
          names.set(id, id);
        }
      }),
    );
    form.showConflict(measureValuesFrom(current, names), current.version, allKeys.map((key) => ({ key, label: labels[key], format: format(key) })));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const keys = creating ? allKeys : form.changedKeys;
    if (!creating && keys.length === 0) {
      announce(t('form.nothingToSave'));
      setErrors({ ...noErrors, general: t('form.nothingToSave') });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const body = measureBody(values, keys);
      const saved = await props.save(creating ? body : { ...body, version: form.version });
      if (!creating) form.reset(measureValuesFrom(saved, unitNames(saved)), saved.version);
      props.onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict' && error.current) {
        await conflictFrom(error.current as MeasureContent);
      } else {
        if (error instanceof ApiError && error.code === 'plan_not_editable') props.onNotEditable?.();
        setErrors(formErrors(error, fieldIds, `${p}-text`));
      }
    } finally {
      setBusy(false);
    }
  };

  const suggestion = props.codeSuggestion ?? null;
  const setExample = (index: number, value: string) => setField('examples', values.examples.map((e, i) => (i === index ? value : e)));

  return (
    <form className="measure-form" onSubmit={(e) => void submit(e)} noValidate>
      <VersionConflict form={form} submitId={`${p}-submit`} firstFieldId={`${p}-text`} />
      <FormErrorAlerts errors={errors} />
      <TextField
        id={`${p}-code`}
        label={labels.code}
        hint={suggestion ? t('measure.codeHintSuggestion', { code: suggestion }) : t('measure.codeHint')}
        error={errors.byField.code}
        value={values.code}
        onChange={(v) => setField('code', v)}
        maxLength={50}
      />
      {suggestion && values.code.trim() !== suggestion && (
        <p className="field-action">
          <button type="button" className="button button--secondary button--small" onClick={() => setField('code', suggestion)}>
            {t('measure.useSuggestion', { code: suggestion })}
          </button>
        </p>
      )}
      <TextArea id={`${p}-text`} label={`${labels.text} ${t('form.required')}`} hint={t('measure.textHint')} error={errors.byField.text} value={values.text} onChange={(v) => setField('text', v)} rows={3} required />
      <TextArea id={`${p}-description`} label={labels.description} hint={t('measure.descriptionHint')} error={errors.byField.description} value={values.description} onChange={(v) => setField('description', v)} rows={4} />

      <fieldset className="fieldset fieldset--group">
        <legend className="fieldset__legend fieldset__legend--large">{t('measure.responsibility')}</legend>
        <TextField
          id={`${p}-responsibilityText`}
          label={labels.responsibilityText}
          hint={t('measure.responsibilityTextHint')}
          error={errors.byField.responsibilityText}
          value={values.responsibilityText}
          onChange={(v) => setField('responsibilityText', v)}
        />
        <UnitPicker
          id={`${p}-lead`}
          label={labels.leadUnits}
          hint={t('measure.unitsHint')}
          error={errors.byField.leadUnitIds}
          organizationId={props.organizationId}
          selected={values.leadUnits}
          onChange={(units) => setField('leadUnits', units)}
          exclude={values.coUnits.map((u) => u.id)}
        />
        <UnitPicker
          id={`${p}-co`}
          label={labels.coUnits}
          hint={t('measure.unitsHint')}
          error={errors.byField.coUnitIds}
          organizationId={props.organizationId}
          selected={values.coUnits}
          onChange={(units) => setField('coUnits', units)}
          exclude={values.leadUnits.map((u) => u.id)}
        />
      </fieldset>

      {termKeys.map(([key, kind]) => (
        <TermPicker key={key} id={`${p}-${key}`} taxonomy={kind} taxonomies={props.taxonomies} values={values[key]} onChange={(v) => setField(key, v)} error={errors.byField[key]} />
      ))}

      <SelectField
        id={`${p}-scope`}
        label={labels.scope}
        hint={t('measure.scopeHint')}
        error={errors.byField.scope}
        value={values.scope}
        onChange={(v) => setField('scope', v)}
        emptyLabel={t('measure.scopeNone')}
        options={measureScopes.map((s) => ({ value: s, label: t(`common:enums.scope.${s}`) }))}
      />
      <TextField id={`${p}-timeFrame`} label={labels.timeFrame} hint={t('measure.timeFrameHint')} error={errors.byField.timeFrame} value={values.timeFrame} onChange={(v) => setField('timeFrame', v)} maxLength={200} />

      <fieldset className={`fieldset${errors.byField.examples ? ' field--error' : ''}`} id={`${p}-examples`} tabIndex={-1}>
        <legend className="fieldset__legend">{labels.examples}</legend>
        <div className="field__hint">{t('measure.examplesHint')}</div>
        {errors.byField.examples && <p className="field__error">{errors.byField.examples}</p>}
        {values.examples.length === 0 && <p className="muted">{t('measure.noExamples')}</p>}
        <ol className="example-list">
          {values.examples.map((example, index) => (
            <li key={index} className="example-list__item">
              <TextField
                id={`${p}-example-${index}`}
                label={t('measure.exampleN', { n: index + 1 })}
                error={errors.byField[`examples.${index}`]}
                value={example}
                onChange={(v) => setExample(index, v)}
                maxLength={2000}
              />
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => {
                  setField(
                    'examples',
                    values.examples.filter((_, i) => i !== index),
                  );
                  announce(t('measure.exampleRemoved', { n: index + 1 }));
                  addExampleRef.current?.focus();
                }}
              >
                {t('measure.removeExample')}
                <span className="visually-hidden"> {index + 1}</span>
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          ref={addExampleRef}
          className="button button--secondary button--small"
          onClick={() => {
            setField('examples', [...values.examples, '']);
            window.setTimeout(() => document.getElementById(`${p}-example-${values.examples.length}`)?.focus(), 0);
          }}
        >
          {t('measure.addExample')}
        </button>
      </fieldset>

      <div className="button-row">
        <button type="submit" className="button" id={`${p}-submit`} aria-disabled={busy || undefined}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="button button--secondary" onClick={props.onCancel}>
            {t('actions.cancel', { ns: 'common' })}
          </button>
        )}
      </div>
    </form>
  );
}
