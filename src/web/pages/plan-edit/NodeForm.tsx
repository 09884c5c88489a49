import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { nodeRoles } from '../../../domain/vocabulary';
import { FormErrorAlerts, VersionConflict } from './FormAlerts';
import { formErrors, noErrors, ns, orNull, useVersionedForm, type FormErrors } from './shared';

export type NodeValues = { role: string; label: string; number: string; text: string; description: string };

export interface NodeRecord {
  id: string;
  role: string;
  label: string | null;
  number: string | null;
  text: string;
  description: string | null;
  version: number;
}

export const nodeValuesFrom = (node: Omit<NodeRecord, 'id' | 'version'>): NodeValues => ({
  role: node.role,
  label: node.label ?? '',
  number: node.number ?? '',
  text: node.text,
  description: node.description ?? '',
});

const keys: (keyof NodeValues)[] = ['role', 'label', 'number', 'text', 'description'];

/** A goal, strategy, condition, need or heading in the plan's tree: add one, or edit one in place. */
export function NodeForm(props: {
  idPrefix: string;
  initial: NodeValues;
  /** The version read; 0 for a new node. */
  version: number;
  submitLabel: string;
  save: (body: Record<string, unknown>) => Promise<NodeRecord>;
  onSaved: (node: NodeRecord) => void;
  onCancel: () => void;
  onDirtyChange?: (dirty: boolean) => void;
  onNotEditable?: () => void;
}) {
  const { t } = useTranslation(ns);
  const p = props.idPrefix;
  const creating = props.version === 0;
  const form = useVersionedForm<NodeValues>(props.initial, props.version);
  const { values, setField } = form;
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const onDirtyChange = props.onDirtyChange;
  useEffect(() => onDirtyChange?.(form.dirty), [form.dirty, onDirtyChange]);

  const labels: Record<keyof NodeValues, string> = {
    role: t('node.role'),
    label: t('node.label'),
    number: t('node.number'),
    text: t('node.text'),
    description: t('node.description'),
  };
  const fieldIds = Object.fromEntries(keys.map((k) => [k, { id: `${p}-${k}`, label: labels[k] }]));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (busy) return;
    const changed = creating ? keys : form.changedKeys;
    if (!creating && changed.length === 0) {
      props.onCancel();
      return;
    }
    const body: Record<string, unknown> = {};
    for (const key of changed) body[key] = key === 'role' ? values.role : key === 'text' ? values.text.trim() : orNull(values[key]);
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await props.save(creating ? body : { ...body, version: form.version });
      form.reset(nodeValuesFrom(saved), saved.version);
      props.onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict' && error.current) {
        const current = error.current as NodeRecord;
        form.showConflict(
          nodeValuesFrom(current),
          current.version,
          keys.map((key) => ({ key, label: labels[key], format: (v: unknown) => (key === 'role' ? t(`common:enums.nodeRole.${String(v)}`) : String(v ?? '')) })),
        );
      } else {
        if (error instanceof ApiError && error.code === 'plan_not_editable') props.onNotEditable?.();
        setErrors(formErrors(error, fieldIds, `${p}-text`));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
      <VersionConflict form={form} submitId={`${p}-submit`} firstFieldId={`${p}-text`} />
      <FormErrorAlerts errors={errors} />
      <SelectField
        id={`${p}-role`}
        label={labels.role}
        hint={t('node.roleHint')}
        error={errors.byField.role}
        value={values.role}
        onChange={(v) => setField('role', v)}
        options={nodeRoles.map((r) => ({ value: r, label: t(`common:enums.nodeRole.${r}`) }))}
      />
      <div className="field-row">
        <TextField id={`${p}-label`} label={labels.label} hint={t('node.labelHint')} error={errors.byField.label} value={values.label} onChange={(v) => setField('label', v)} maxLength={100} />
        <TextField id={`${p}-number`} label={labels.number} hint={t('node.numberHint')} error={errors.byField.number} value={values.number} onChange={(v) => setField('number', v)} maxLength={50} />
      </div>
      <TextArea id={`${p}-text`} label={`${labels.text} ${t('form.required')}`} hint={t('node.textHint')} error={errors.byField.text} value={values.text} onChange={(v) => setField('text', v)} rows={2} required />
      <TextArea id={`${p}-description`} label={labels.description} hint={t('node.descriptionHint')} error={errors.byField.description} value={values.description} onChange={(v) => setField('description', v)} rows={3} />
      <div className="button-row">
        <button type="submit" className="button" id={`${p}-submit`} aria-disabled={busy || undefined}>
          {props.submitLabel}
        </button>
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          {t('actions.cancel', { ns: 'common' })}
        </button>
      </div>
    </form>
  );
}
