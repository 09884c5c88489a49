import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type PlanListItem } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { formErrors, noErrors, type FormErrors } from '../plan-edit/shared';
import type { CreateCalendarEventBody } from '../followup/model';

type EventValues = { title: string; kind: string; startDate: string; endDate: string; recursYearly: boolean; isPublic: boolean; planId: string; description: string };
// The API's kinds (type-checked against its schema; importing the schema would bring zod into the chunk).
const calendarEventKinds = ['decision', 'campaign', 'meeting', 'deadline', 'other'] as const satisfies readonly CreateCalendarEventBody['kind'][];
const empty: EventValues = { title: '', kind: 'campaign', startDate: '', endDate: '', recursYearly: false, isPublic: true, planId: '', description: '' };

/**
 * Adds a date to the annual wheel: a decision, a campaign week, a meeting. Round deadlines are not
 * added here: they follow their rounds.
 */
export function EventForm({ organizationId, plans, onAdded }: { organizationId: string; plans: PlanListItem[]; onAdded: () => void }) {
  const { t } = useTranslation('calendar');
  const [values, setValues] = useState<EventValues>(empty);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const generalRef = useRef<HTMLDivElement>(null);
  const addedRef = useRef<HTMLDivElement>(null);
  useUnsavedChanges(JSON.stringify(values) !== JSON.stringify(empty) && !busy);
  useEffect(() => {
    if (errors.general) generalRef.current?.focus();
  }, [errors.general]);
  useEffect(() => {
    if (added) addedRef.current?.focus();
  }, [added]);
  const set = <K extends keyof EventValues>(key: K, value: EventValues[K]) => {
    setAdded(null);
    setValues((v) => ({ ...v, [key]: value }));
  };

  const fields: Record<string, { id: string; label: string }> = {
    title: { id: 'event-title', label: t('form.title') },
    kind: { id: 'event-kind', label: t('form.kind') },
    startDate: { id: 'event-startDate', label: t('form.startDate') },
    endDate: { id: 'event-endDate', label: t('form.endDate') },
    planId: { id: 'event-planId', label: t('form.plan') },
    description: { id: 'event-description', label: t('form.description') },
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const byField: Record<string, string> = {};
    if (!values.title.trim()) byField.title = t('form.errors.title');
    if (!values.startDate) byField.startDate = t('form.errors.startDate');
    if (values.endDate && values.startDate && values.endDate < values.startDate) byField.endDate = t('form.errors.endDate');
    const summary = Object.entries(byField).map(([key, message]) => ({ fieldId: fields[key]!.id, message }));
    setErrors({ byField, summary, general: null });
    if (summary.length) return;
    setBusy(true);
    try {
      const body: CreateCalendarEventBody = {
        title: values.title.trim(),
        kind: values.kind as CreateCalendarEventBody['kind'],
        startDate: values.startDate,
        ...(values.endDate ? { endDate: values.endDate } : {}),
        recursYearly: values.recursYearly,
        isPublic: values.isPublic,
        planId: values.planId || null,
        description: values.description.trim() || null,
      };
      await api(`/organizations/${organizationId}/calendar`, { method: 'POST', body });
      setValues(empty);
      setAdded(t('form.added', { title: body.title }));
      announce(t('form.added', { title: body.title }));
      onAdded();
    } catch (error) {
      setErrors(formErrors(error, fields, 'event-title'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form round-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="event-form-title">
      <h2 id="event-form-title">{t('form.heading')}</h2>
      <p>{t('form.intro')}</p>
      {added && (
        <div className="notice notice--success" role="status" tabIndex={-1} ref={addedRef}>
          {added}
        </div>
      )}
      <ErrorSummary errors={errors.summary} />
      {errors.general && (
        <div className="notice notice--warning" role="alert" tabIndex={-1} ref={generalRef}>
          {errors.general}
        </div>
      )}
      <TextField id="event-title" label={fields.title!.label} hint={t('form.titleHint')} error={errors.byField.title} value={values.title} onChange={(v) => set('title', v)} required maxLength={200} />
      <SelectField id="event-kind" label={fields.kind!.label} error={errors.byField.kind} value={values.kind} onChange={(v) => set('kind', v)} options={calendarEventKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
      <div className="date-pair">
        <TextField id="event-startDate" type="date" label={fields.startDate!.label} error={errors.byField.startDate} value={values.startDate} onChange={(v) => set('startDate', v)} required />
        <TextField id="event-endDate" type="date" label={fields.endDate!.label} hint={t('form.endDateHint')} error={errors.byField.endDate} value={values.endDate} onChange={(v) => set('endDate', v)} />
      </div>
      <div className="field">
        <div className="checkbox">
          <input id="event-recursYearly" type="checkbox" checked={values.recursYearly} onChange={(e) => set('recursYearly', e.target.checked)} />
          <label htmlFor="event-recursYearly">{t('form.recursYearly')}</label>
        </div>
        <div className="checkbox">
          <input id="event-isPublic" type="checkbox" checked={values.isPublic} onChange={(e) => set('isPublic', e.target.checked)} aria-describedby="event-isPublic-hint" />
          <label htmlFor="event-isPublic">{t('form.isPublic')}</label>
        </div>
        <div className="field__hint" id="event-isPublic-hint">
          {t('form.isPublicHint')}
        </div>
      </div>
      <SelectField
        id="event-planId"
        label={fields.planId!.label}
        error={errors.byField.planId}
        value={values.planId}
        onChange={(v) => set('planId', v)}
        emptyLabel={t('form.noPlan')}
        options={plans.map((p) => ({ value: p.id, label: p.title }))}
      />
      <TextArea id="event-description" label={fields.description!.label} error={errors.byField.description} value={values.description} onChange={(v) => set('description', v)} rows={3} maxLength={4000} />
      <div className="button-row form-actions">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {t('form.submit')}
        </button>
      </div>
    </form>
  );
}
