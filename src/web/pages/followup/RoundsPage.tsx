import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLoaderData, useNavigate, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/fields';
import { useCapabilities } from '../../components/capabilities';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { formatDate, formatNumber } from '../../i18n';
import { PlanHeader, PlanTabs } from '../plan/PlanTabs';
import { formErrors, noErrors, type FormErrors } from '../plan-edit/shared';
import { loadPlanContext } from '../versions/shared';
import type { Round } from './model';
import { Deadline, formatPercent, ns, RoundStateTag, share } from './shared';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { plan, organization } = await loadPlanContext(params.planId!, request.signal);
  const rounds = await api<Round[]>(`/plans/${plan.id}/rounds`, { signal: request.signal });
  return { plan, organization, rounds };
}

type RoundValues = { name: string; periodStart: string; periodEnd: string; deadline: string; includeCoResponsible: boolean; reminderDaysBefore: string };
const emptyRound: RoundValues = { name: '', periodStart: '', periodEnd: '', deadline: '', includeCoResponsible: false, reminderDaysBefore: '7' };

/**
 * A plan's follow-up rounds: each with its period, deadline, state and how much has been reported,
 * and for coordinators a form to create the next one. Opening and closing happen on the round's page.
 */
export function Component() {
  const { t } = useTranslation(ns);
  const { plan, organization, rounds } = useLoaderData<typeof loader>();
  const { can } = useCapabilities();
  const title = t('rounds.title');
  const sorted = [...rounds].sort((a, b) => b.periodEnd.localeCompare(a.periodEnd) || b.name.localeCompare(a.name, 'sv'));

  return (
    <>
      <PlanHeader plan={plan} organizationName={organization.name} section={title} />
      <PlanTabs planId={plan.id} />
      <h2>{title}</h2>
      <p>{t('rounds.intro')}</p>
      <p>
        <Link to={`/organizations/${plan.organizationId}/calendar`}>{t('rounds.calendarLink')}</Link>
      </p>

      {sorted.length === 0 ? (
        <p>{t('rounds.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('rounds.caption')}>
          <table className="rounds-table">
            <caption>{t('rounds.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rounds.name')}</th>
                <th scope="col">{t('rounds.period')}</th>
                <th scope="col">{t('rounds.deadline')}</th>
                <th scope="col">{t('rounds.state')}</th>
                <th scope="col" className="number">
                  {t('rounds.reported')}
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((round) => {
                const reported = round.reportCounts.submitted + round.reportCounts.approved;
                return (
                  <tr key={round.id}>
                    <th scope="row">
                      <Link to={`/rounds/${round.id}`}>{round.name}</Link>
                    </th>
                    <td>{t('rounds.periodValue', { from: formatDate(round.periodStart), to: formatDate(round.periodEnd) })}</td>
                    <td>
                      <Deadline date={round.deadline} done={round.state !== 'open' || reported === round.reportCounts.total} />
                    </td>
                    <td>
                      <RoundStateTag state={round.state} />
                    </td>
                    <td className="number">
                      {round.state === 'planned'
                        ? '–'
                        : t('rounds.reportedValue', { reported: formatNumber(reported), total: formatNumber(round.reportCounts.total), percent: formatPercent(share(reported, round.reportCounts.total)) })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {can('edit_plan') && <NewRoundForm planId={plan.id} />}
    </>
  );
}

function NewRoundForm({ planId }: { planId: string }) {
  const { t } = useTranslation(ns);
  const navigate = useNavigate();
  const [values, setValues] = useState<RoundValues>(emptyRound);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const generalRef = useRef<HTMLDivElement>(null);
  const dirty = JSON.stringify(values) !== JSON.stringify(emptyRound);
  useUnsavedChanges(dirty && !busy);
  useEffect(() => {
    if (errors.general) generalRef.current?.focus();
  }, [errors.general]);
  const set = <K extends keyof RoundValues>(key: K, value: RoundValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  const fields: Record<string, { id: string; label: string }> = {
    name: { id: 'round-name', label: t('rounds.form.name') },
    periodStart: { id: 'round-periodStart', label: t('rounds.form.periodStart') },
    periodEnd: { id: 'round-periodEnd', label: t('rounds.form.periodEnd') },
    deadline: { id: 'round-deadline', label: t('rounds.form.deadline') },
    includeCoResponsible: { id: 'round-includeCoResponsible', label: t('rounds.form.includeCo') },
    reminderDaysBefore: { id: 'round-reminderDaysBefore', label: t('rounds.form.reminderDays') },
  };

  const validate = (): FormErrors => {
    const byField: Record<string, string> = {};
    const summary: FormErrors['summary'] = [];
    const add = (key: string, message: string) => {
      byField[key] = message;
      summary.push({ fieldId: fields[key]!.id, message });
    };
    if (!values.name.trim()) add('name', t('rounds.errors.name'));
    if (!values.periodStart) add('periodStart', t('rounds.errors.periodStart'));
    if (!values.periodEnd) add('periodEnd', t('rounds.errors.periodEnd'));
    else if (values.periodStart && values.periodEnd < values.periodStart) add('periodEnd', t('rounds.errors.periodOrder'));
    if (!values.deadline) add('deadline', t('rounds.errors.deadline'));
    if (!/^\d{1,3}$/.test(values.reminderDaysBefore.trim())) add('reminderDaysBefore', t('rounds.errors.reminderDays'));
    return { byField, summary, general: null };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const local = validate();
    setErrors(local);
    if (local.summary.length) return;
    setBusy(true);
    try {
      const round = await api<Round>(`/plans/${planId}/rounds`, {
        method: 'POST',
        body: {
          name: values.name.trim(),
          periodStart: values.periodStart,
          periodEnd: values.periodEnd,
          deadline: values.deadline,
          includeCoResponsible: values.includeCoResponsible,
          reminderDaysBefore: Number(values.reminderDaysBefore),
        },
      });
      setValues(emptyRound);
      navigate(`/rounds/${round.id}`, { state: { created: true } });
    } catch (error) {
      setErrors(formErrors(error, fields, 'round-name'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form round-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-round-title">
      <h2 id="new-round-title">{t('rounds.form.title')}</h2>
      <p>{t('rounds.form.intro')}</p>
      <ErrorSummary errors={errors.summary} />
      {errors.general && (
        <div className="notice notice--warning" role="alert" tabIndex={-1} ref={generalRef}>
          {errors.general}
        </div>
      )}
      <TextField id="round-name" label={fields.name!.label} hint={t('rounds.form.nameHint')} error={errors.byField.name} value={values.name} onChange={(v) => set('name', v)} required maxLength={200} />
      <div className="date-pair">
        <TextField id="round-periodStart" type="date" label={fields.periodStart!.label} error={errors.byField.periodStart} value={values.periodStart} onChange={(v) => set('periodStart', v)} required />
        <TextField id="round-periodEnd" type="date" label={fields.periodEnd!.label} error={errors.byField.periodEnd} value={values.periodEnd} onChange={(v) => set('periodEnd', v)} required />
      </div>
      <TextField id="round-deadline" type="date" label={fields.deadline!.label} hint={t('rounds.form.deadlineHint')} error={errors.byField.deadline} value={values.deadline} onChange={(v) => set('deadline', v)} required />
      <div className={`field${errors.byField.includeCoResponsible ? ' field--error' : ''}`}>
        <div className="checkbox">
          <input
            id="round-includeCoResponsible"
            type="checkbox"
            checked={values.includeCoResponsible}
            onChange={(e) => set('includeCoResponsible', e.target.checked)}
            aria-describedby="round-includeCoResponsible-hint"
          />
          <label htmlFor="round-includeCoResponsible">{fields.includeCoResponsible!.label}</label>
        </div>
        <div className="field__hint" id="round-includeCoResponsible-hint">
          {t('rounds.form.includeCoHint')}
        </div>
      </div>
      <TextField
        id="round-reminderDaysBefore"
        label={fields.reminderDaysBefore!.label}
        hint={t('rounds.form.reminderDaysHint')}
        error={errors.byField.reminderDaysBefore}
        value={values.reminderDaysBefore}
        onChange={(v) => set('reminderDaysBefore', v)}
        inputMode="numeric"
        maxLength={3}
      />
      <div className="button-row form-actions">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {t('rounds.form.submit')}
        </button>
      </div>
    </form>
  );
}
