import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLoaderData, useRevalidator, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, query, type FrameworkList, type Organization, type Plan, type PlanListItem, type TaxonomyList, type Unit } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorSummary } from '../../components/ErrorSummary';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { useCapabilities } from '../../components/capabilities';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { allowedTransitions, isContentEditable, versionReasonFor } from '../../../domain/lifecycle';
import { followUpCadences, planKinds, type PlanStatus } from '../../../domain/vocabulary';
import { FormErrorAlerts, VersionConflict } from './FormAlerts';
import { NewVersionDialog, NotEditableNotice } from './NewVersion';
import { PlanHead } from './PlanHead';
import { formErrors, noErrors, ns, orNull, termLabel, useReturnFocus, useVersionedForm, type FormErrors, type TaxonomyKind } from './shared';
import { NotAllowed } from '../access/NotAllowed';
import { FrameworkPicker, TermPicker } from './TermPicker';

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const plan = await api<Plan>(`/plans/${params.planId}`, { signal });
  const org = plan.organizationId;
  const [organization, plans, units, taxonomies, frameworks] = await Promise.all([
    api<Organization>(`/organizations/${org}`, { signal }),
    api<{ items: PlanListItem[] }>(`/plans${query({ organizationId: org, limit: 500 })}`, { signal }),
    api<Unit[]>(`/organizations/${org}/units`, { signal }),
    api<TaxonomyList>(`/organizations/${org}/taxonomies`, { signal }),
    api<FrameworkList>(`/organizations/${org}/frameworks`, { signal }),
  ]);
  return { plan, organization, otherPlans: plans.items.filter((p) => p.id !== plan.id), units, taxonomies, frameworks };
}

type Section = { heading: string; body: string };
type PlanValues = {
  title: string;
  kind: string;
  validFrom: string;
  validTo: string;
  validityNote: string;
  decisionBody: string;
  decisionDate: string;
  decisionParagraph: string;
  registryNumber: string;
  replacesPlanId: string;
  replacesReference: string;
  parentPlanId: string;
  ownerUnitId: string;
  followUpCadence: string;
  followUpDescription: string;
  summary: string;
  sections: Section[];
  violenceForms: string[];
  targetGroups: string[];
  vulnerableGroups: string[];
  perspectives: string[];
  frameworkLinks: string[];
};

type PlanRecord = Omit<Plan, 'createdAt' | 'updatedAt'>;

function planValues(plan: PlanRecord): PlanValues {
  return {
    title: plan.title,
    kind: plan.kind,
    validFrom: plan.validFrom ?? '',
    validTo: plan.validTo ?? '',
    validityNote: plan.validityNote ?? '',
    decisionBody: plan.decision.body ?? '',
    decisionDate: plan.decision.date ?? '',
    decisionParagraph: plan.decision.paragraph ?? '',
    registryNumber: plan.decision.registryNumber ?? plan.registryNumber ?? '',
    replacesPlanId: plan.replacesPlanId ?? '',
    replacesReference: plan.replacesReference ?? '',
    parentPlanId: plan.parentPlanId ?? '',
    ownerUnitId: plan.ownerUnitId ?? '',
    followUpCadence: plan.followUpCadence,
    followUpDescription: plan.followUpDescription ?? '',
    summary: plan.summary ?? '',
    sections: plan.sections.map((s) => ({ heading: s.heading, body: s.body })),
    violenceForms: plan.violenceForms,
    targetGroups: plan.targetGroups,
    vulnerableGroups: plan.vulnerableGroups,
    perspectives: plan.perspectives,
    frameworkLinks: plan.frameworkLinks,
  };
}

const decisionKeys = ['decisionBody', 'decisionDate', 'decisionParagraph', 'registryNumber'] as const;
const planTermKeys = [
  ['violenceForms', 'violence_form'],
  ['targetGroups', 'target_group'],
  ['vulnerableGroups', 'vulnerable_group'],
  ['perspectives', 'perspective'],
] as const satisfies readonly (readonly [keyof PlanValues, TaxonomyKind])[];

/** The PATCH body for the changed fields; the four decision fields travel together as `decision`. */
function planBody(values: PlanValues, keys: readonly (keyof PlanValues)[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of keys) {
    if ((decisionKeys as readonly string[]).includes(key)) {
      body.decision = { body: orNull(values.decisionBody), date: orNull(values.decisionDate), paragraph: orNull(values.decisionParagraph), registryNumber: orNull(values.registryNumber) };
    } else if (key === 'title') body.title = values.title.trim();
    else if (key === 'kind' || key === 'followUpCadence') body[key] = values[key];
    else if (key === 'sections') body.sections = values.sections.map((s) => ({ heading: s.heading.trim(), body: s.body.trim() }));
    else if (Array.isArray(values[key])) body[key] = values[key];
    else body[key] = orNull(values[key] as string);
  }
  return body;
}

type Pending = { kind: 'transition'; to: PlanStatus } | { kind: 'revise' };

/**
 * Someone whose role may not change this plan (a reporter on the city-wide plan, a reader) who
 * opens the address directly is told so plainly instead of getting a form the server would refuse.
 */
export function Component() {
  const { plan } = useLoaderData<typeof loader>();
  const { can } = useCapabilities();
  if (!can('edit_plan', plan.organizationId, plan)) return <NotAllowed need="editor" />;
  return <EditPlan />;
}

function EditPlan() {
  const { t } = useTranslation(ns);
  const data = useLoaderData<typeof loader>();
  const { plan, organization, otherPlans, units, taxonomies, frameworks } = data;
  const revalidator = useRevalidator();
  const { can } = useCapabilities();
  const form = useVersionedForm<PlanValues>(planValues(plan), plan.version);
  const { values, setField } = form;
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [saveFirst, setSaveFirst] = useState(0);
  const savedRef = useRef<HTMLDivElement>(null);
  const returnFocus = useReturnFocus();
  useUnsavedChanges(form.dirty);

  // A newer record from the server (after a save, a transition or a reload) replaces an untouched form.
  const { dirty, reset } = form;
  useEffect(() => {
    if (!dirty) reset(planValues(plan), plan.version);
    // Keyed on the record's version and status only: a dirty form is left alone.
  }, [plan.version, plan.status]);
  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);
  // Typing hides the last "saved"; saving (or undoing) hides the "save first" warning.
  useEffect(() => {
    if (dirty) setSaved(false);
    else setSaveFirst(0);
  }, [dirty]);

  const editable = isContentEditable(plan.status) && can('edit_plan', plan.organizationId, plan);
  const labels: Record<keyof PlanValues, string> = {
    title: t('plan.title'),
    kind: t('plan.kind'),
    validFrom: t('plan.validFrom'),
    validTo: t('plan.validTo'),
    validityNote: t('plan.validityNote'),
    decisionBody: t('plan.decisionBody'),
    decisionDate: t('plan.decisionDate'),
    decisionParagraph: t('plan.decisionParagraph'),
    registryNumber: t('plan.registryNumber'),
    replacesPlanId: t('plan.replacesPlan'),
    replacesReference: t('plan.replacesReference'),
    parentPlanId: t('plan.parentPlan'),
    ownerUnitId: t('plan.ownerUnit'),
    followUpCadence: t('plan.followUpCadence'),
    followUpDescription: t('plan.followUpDescription'),
    summary: t('plan.summary'),
    sections: t('plan.sections'),
    violenceForms: t('common:enums.taxonomy.violence_form'),
    targetGroups: t('common:enums.taxonomy.target_group'),
    vulnerableGroups: t('common:enums.taxonomy.vulnerable_group'),
    perspectives: t('common:enums.taxonomy.perspective'),
    frameworkLinks: t('plan.frameworkLinks'),
  };
  const fieldIds: Record<string, { id: string; label: string }> = {
    title: { id: 'plan-title', label: labels.title },
    kind: { id: 'plan-kind', label: labels.kind },
    validFrom: { id: 'plan-validFrom', label: labels.validFrom },
    validTo: { id: 'plan-validTo', label: labels.validTo },
    validityNote: { id: 'plan-validityNote', label: labels.validityNote },
    'decision.body': { id: 'plan-decisionBody', label: labels.decisionBody },
    'decision.date': { id: 'plan-decisionDate', label: labels.decisionDate },
    'decision.paragraph': { id: 'plan-decisionParagraph', label: labels.decisionParagraph },
    'decision.registryNumber': { id: 'plan-registryNumber', label: labels.registryNumber },
    registryNumber: { id: 'plan-registryNumber', label: labels.registryNumber },
    replacesPlanId: { id: 'plan-replacesPlanId', label: labels.replacesPlanId },
    replacesReference: { id: 'plan-replacesReference', label: labels.replacesReference },
    parentPlanId: { id: 'plan-parentPlanId', label: labels.parentPlanId },
    ownerUnitId: { id: 'plan-ownerUnitId', label: labels.ownerUnitId },
    followUpCadence: { id: 'plan-followUpCadence', label: labels.followUpCadence },
    followUpDescription: { id: 'plan-followUpDescription', label: labels.followUpDescription },
    summary: { id: 'plan-summary', label: labels.summary },
    sections: { id: 'plan-sections', label: labels.sections },
    frameworkLinks: { id: 'plan-frameworkLinks', label: labels.frameworkLinks },
    ...Object.fromEntries(planTermKeys.map(([key]) => [key, { id: `plan-${key}`, label: labels[key] }])),
    ...Object.fromEntries(
      values.sections.flatMap((_, i) => [
        [`sections.${i}.heading`, { id: `plan-section-${i}-heading`, label: t('plan.sectionHeadingN', { n: i + 1 }) }],
        [`sections.${i}.body`, { id: `plan-section-${i}-body`, label: t('plan.sectionBodyN', { n: i + 1 }) }],
        [`sections.${i}`, { id: `plan-section-${i}-heading`, label: t('plan.sectionN', { n: i + 1 }) }],
      ]),
    ),
  };

  const planName = (id: string) => [...otherPlans, plan].find((p) => p.id === id)?.title ?? id;
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id;
  const termName = (kind: TaxonomyKind, code: string) => {
    const term = taxonomies.find((x) => x.taxonomy === kind)?.terms.find((x) => x.code === code);
    return term ? termLabel(term) : code;
  };
  const frameworkName = (ref: string) => {
    for (const f of frameworks) {
      const item = f.items.find((i) => i.ref === ref);
      if (item) return `${termLabel(f)} ${item.code}`;
    }
    return ref;
  };
  const format = (key: keyof PlanValues) => (value: unknown): string => {
    if (key === 'kind') return value ? t(`common:enums.planKind.${String(value)}`) : '';
    if (key === 'followUpCadence') return value ? t(`common:enums.cadence.${String(value)}`) : '';
    if (key === 'replacesPlanId' || key === 'parentPlanId') return value ? planName(String(value)) : '';
    if (key === 'ownerUnitId') return value ? unitName(String(value)) : '';
    if (key === 'sections') return (value as Section[]).map((s) => s.heading).join(' · ');
    if (key === 'frameworkLinks') return (value as string[]).map(frameworkName).join(', ');
    const termKind = planTermKeys.find(([k]) => k === key)?.[1];
    if (termKind) return (value as string[]).map((c) => termName(termKind, c)).join(', ');
    return String(value ?? '');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!form.dirty) {
      setErrors({ ...noErrors, general: t('form.nothingToSave') });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const updated = await api<Plan>(`/plans/${plan.id}`, { method: 'PATCH', body: { ...planBody(values, form.changedKeys), version: form.version } });
      form.reset(planValues(updated), updated.version);
      setSaved(true);
      void revalidator.revalidate();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict' && error.current) {
        const current = error.current as PlanRecord;
        form.showConflict(planValues(current), current.version, (Object.keys(labels) as (keyof PlanValues)[]).map((key) => ({ key, label: labels[key], format: format(key) })));
      } else {
        setErrors(formErrors(error, fieldIds, 'plan-title'));
        if (error instanceof ApiError && error.code === 'plan_not_editable') void revalidator.revalidate();
      }
    } finally {
      setBusy(false);
    }
  };

  const openDialog = (next: Pending) => {
    if (form.dirty && next.kind === 'transition') {
      // A new key each time, so the alert is spoken again on every attempt.
      setSaveFirst((n) => n + 1);
      return;
    }
    setErrors(noErrors);
    returnFocus.remember();
    setPending(next);
  };
  const closeDialog = () => {
    setPending(null);
    returnFocus.restore('lifecycle-heading');
  };

  const planOptions = otherPlans.map((p) => ({ value: p.id, label: `${p.title} (${t(`common:enums.planStatus.${p.status}`)})` }));

  return (
    <>
      <PlanHead plan={plan} organizationName={organization.name} section={t('edit.title')} />
      <h2 className="page-subtitle">{t('edit.title')}</h2>

      {saved && (
        <div className="notice notice--success" role="status" tabIndex={-1} ref={savedRef}>
          {t('edit.saved')}
        </div>
      )}

      {!isContentEditable(plan.status) && <NotEditableNotice status={plan.status} onNewVersion={can('create_plan', plan.organizationId) ? () => openDialog({ kind: 'revise' }) : undefined} />}

      {editable && (
        <form onSubmit={(e) => void submit(e)} noValidate className="form plan-form">
          <VersionConflict form={form} submitId={'plan-submit'} firstFieldId={'plan-title'} />
          <FormErrorAlerts errors={errors} />

          <section aria-labelledby="plan-basics">
            <h3 id="plan-basics">{t('edit.basics')}</h3>
            <TextField id="plan-title" label={labels.title} hint={t('plan.titleHint')} error={errors.byField.title} value={values.title} onChange={(v) => setField('title', v)} required maxLength={500} />
            <SelectField
              id="plan-kind"
              label={labels.kind}
              error={errors.byField.kind}
              value={values.kind}
              onChange={(v) => setField('kind', v)}
              options={planKinds.map((k) => ({ value: k, label: t(`common:enums.planKind.${k}`) }))}
            />
            <TextArea id="plan-summary" label={labels.summary} hint={t('plan.summaryHint')} error={errors.byField.summary} value={values.summary} onChange={(v) => setField('summary', v)} rows={5} />
          </section>

          <section aria-labelledby="plan-validity">
            <h3 id="plan-validity">{t('plan.validity')}</h3>
            <div className="field-row">
              <TextField id="plan-validFrom" type="date" label={labels.validFrom} error={errors.byField.validFrom} value={values.validFrom} onChange={(v) => setField('validFrom', v)} />
              <TextField id="plan-validTo" type="date" label={labels.validTo} error={errors.byField.validTo} value={values.validTo} onChange={(v) => setField('validTo', v)} />
            </div>
            <TextField id="plan-validityNote" label={labels.validityNote} hint={t('plan.validityNoteHint')} error={errors.byField.validityNote} value={values.validityNote} onChange={(v) => setField('validityNote', v)} maxLength={200} />
          </section>

          <section aria-labelledby="plan-decision">
            <h3 id="plan-decision">{t('plan.decision')}</h3>
            <p className="field__hint">{t('plan.decisionHint')}</p>
            <DecisionFields prefix="plan" values={values} onChange={(k, v) => setField(k, v)} errors={errors.byField} labels={labels} />
          </section>

          <section aria-labelledby="plan-relations">
            <h3 id="plan-relations">{t('edit.relations')}</h3>
            <SelectField
              id="plan-replacesPlanId"
              label={labels.replacesPlanId}
              hint={t('plan.replacesPlanHint')}
              error={errors.byField.replacesPlanId}
              value={values.replacesPlanId}
              onChange={(v) => setField('replacesPlanId', v)}
              emptyLabel={t('plan.noPlan')}
              options={planOptions}
            />
            <TextField
              id="plan-replacesReference"
              label={labels.replacesReference}
              hint={t('plan.replacesReferenceHint')}
              error={errors.byField.replacesReference}
              value={values.replacesReference}
              onChange={(v) => setField('replacesReference', v)}
              maxLength={500}
            />
            <SelectField
              id="plan-parentPlanId"
              label={labels.parentPlanId}
              hint={t('plan.parentPlanHint')}
              error={errors.byField.parentPlanId}
              value={values.parentPlanId}
              onChange={(v) => setField('parentPlanId', v)}
              emptyLabel={t('plan.noPlan')}
              options={planOptions}
            />
          </section>

          <section aria-labelledby="plan-followup">
            <h3 id="plan-followup">{t('edit.responsibility')}</h3>
            <SelectField
              id="plan-ownerUnitId"
              label={labels.ownerUnitId}
              hint={t('plan.ownerUnitHint')}
              error={errors.byField.ownerUnitId}
              value={values.ownerUnitId}
              onChange={(v) => setField('ownerUnitId', v)}
              emptyLabel={t('plan.noOwnerUnit')}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
            />
            <SelectField
              id="plan-followUpCadence"
              label={labels.followUpCadence}
              hint={t('plan.followUpCadenceHint')}
              error={errors.byField.followUpCadence}
              value={values.followUpCadence}
              onChange={(v) => setField('followUpCadence', v)}
              options={followUpCadences.map((c) => ({ value: c, label: t(`common:enums.cadence.${c}`) }))}
            />
            <TextArea
              id="plan-followUpDescription"
              label={labels.followUpDescription}
              hint={t('plan.followUpDescriptionHint')}
              error={errors.byField.followUpDescription}
              value={values.followUpDescription}
              onChange={(v) => setField('followUpDescription', v)}
              rows={3}
            />
          </section>

          <SectionsEditor sections={values.sections} onChange={(s) => setField('sections', s)} errors={errors.byField} />

          <section aria-labelledby="plan-terms">
            <h3 id="plan-terms">{t('edit.terms')}</h3>
            <p className="field__hint">{t('edit.termsHint')}</p>
            {planTermKeys.map(([key, kind]) => (
              <TermPicker key={key} id={`plan-${key}`} taxonomy={kind} taxonomies={taxonomies} values={values[key]} onChange={(v) => setField(key, v)} error={errors.byField[key]} />
            ))}
            <FrameworkPicker id="plan-frameworkLinks" frameworks={frameworks} values={values.frameworkLinks} onChange={(v) => setField('frameworkLinks', v)} error={errors.byField.frameworkLinks} />
          </section>

          <div className="button-row form-actions">
            <button type="submit" id="plan-submit" className="button" aria-disabled={busy || undefined}>
              {t('edit.save')}
            </button>
            {form.dirty && <span className="muted">{t('form.unsavedHint')}</span>}
          </div>
        </form>
      )}

      <section aria-labelledby="lifecycle-heading" className="lifecycle">
        <h2 id="lifecycle-heading" tabIndex={-1}>
          {t('lifecycle.title')}
        </h2>
        <p>{t('lifecycle.current', { status: t(`common:enums.planStatus.${plan.status}`) })}</p>
        <p className="muted">{t(`lifecycle.statusExplain.${plan.status}`)}</p>
        {saveFirst > 0 && (
          <div className="notice notice--warning" role="alert" key={saveFirst}>
            {t('lifecycle.saveFirst')}
          </div>
        )}
        {can('transition_plan', plan.organizationId, plan) && allowedTransitions(plan.status).length > 0 && (
          <div className="button-row">
            {allowedTransitions(plan.status).map((to) => (
              <button key={to} type="button" className="button button--secondary" onClick={() => openDialog({ kind: 'transition', to })}>
                {t(`lifecycle.to.${to}.button`)}
              </button>
            ))}
          </div>
        )}
        {can('create_plan', plan.organizationId) && ['adopted', 'in_force'].includes(plan.status) && (
          <>
            <h3>{t('revision.title')}</h3>
            <p>{t('revision.explain1')}</p>
            <button type="button" className="button button--secondary" onClick={() => openDialog({ kind: 'revise' })}>
              {t('revision.button')}
            </button>
          </>
        )}
      </section>

      {pending?.kind === 'revise' && <NewVersionDialog open planId={plan.id} planTitle={plan.title} onClose={closeDialog} />}
      {pending?.kind === 'transition' && (
        <TransitionDialog
          plan={plan}
          to={pending.to}
          labels={labels}
          onClose={closeDialog}
          onDone={(updated) => {
            setPending(null);
            announce(t('lifecycle.done', { status: t(`common:enums.planStatus.${updated.status}`) }));
            void revalidator.revalidate().then(() => document.getElementById('lifecycle-heading')?.focus());
          }}
          onStale={() => void revalidator.revalidate()}
        />
      )}
    </>
  );
}

type DecisionValues = Pick<PlanValues, (typeof decisionKeys)[number]>;

function DecisionFields(props: {
  prefix: string;
  values: DecisionValues;
  onChange: (key: keyof DecisionValues, value: string) => void;
  errors: Record<string, string>;
  labels: Record<keyof DecisionValues, string>;
  required?: boolean;
}) {
  const { t } = useTranslation(ns);
  const { prefix: p, values, onChange, errors, labels } = props;
  const req = props.required ? ` ${t('form.required')}` : '';
  return (
    <>
      <TextField id={`${p}-decisionBody`} label={`${labels.decisionBody}${req}`} hint={t('plan.decisionBodyHint')} error={errors['decision.body']} value={values.decisionBody} onChange={(v) => onChange('decisionBody', v)} maxLength={200} />
      <TextField id={`${p}-decisionDate`} type="date" label={`${labels.decisionDate}${req}`} error={errors['decision.date']} value={values.decisionDate} onChange={(v) => onChange('decisionDate', v)} />
      <div className="field-row">
        <TextField id={`${p}-decisionParagraph`} label={labels.decisionParagraph} hint={t('plan.decisionParagraphHint')} error={errors['decision.paragraph']} value={values.decisionParagraph} onChange={(v) => onChange('decisionParagraph', v)} maxLength={50} />
        <TextField
          id={`${p}-registryNumber`}
          label={labels.registryNumber}
          hint={t('plan.registryNumberHint')}
          error={errors['decision.registryNumber'] ?? errors.registryNumber}
          value={values.registryNumber}
          onChange={(v) => onChange('registryNumber', v)}
          maxLength={100}
        />
      </div>
    </>
  );
}

/** The plan's own text sections (background, definitions …): add, remove and reorder heading + body. */
function SectionsEditor({ sections, onChange, errors }: { sections: Section[]; onChange: (sections: Section[]) => void; errors: Record<string, string> }) {
  const { t } = useTranslation(ns);
  const focusLater = (id: string, fallbackId?: string) =>
    window.setTimeout(() => (document.getElementById(id) ?? (fallbackId ? document.getElementById(fallbackId) : null))?.focus(), 0);
  const update = (index: number, patch: Partial<Section>) => onChange(sections.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const move = (index: number, delta: -1 | 1) => {
    const target = index + delta;
    if (target < 0 || target >= sections.length) return;
    const next = [...sections];
    [next[index], next[target]] = [next[target]!, next[index]!];
    onChange(next);
    const name = sections[index]!.heading || t('plan.sectionN', { n: index + 1 });
    announce(t('plan.sectionMoved', { name, n: target + 1, count: sections.length }));
    const dir = delta < 0 ? 'up' : 'down';
    focusLater(`plan-section-${target}-${dir}`, `plan-section-${target}-${dir === 'up' ? 'down' : 'up'}`);
  };
  return (
    <section aria-labelledby="plan-sections-heading">
      <h3 id="plan-sections-heading">{t('plan.sections')}</h3>
      <p className="field__hint">{t('plan.sectionsHint')}</p>
      <div id="plan-sections" tabIndex={-1}>
        {errors.sections && <p className="field__error">{errors.sections}</p>}
        {sections.length === 0 && <p className="muted">{t('plan.noSections')}</p>}
        <ol className="section-list">
          {sections.map((section, index) => (
            <li key={index} className="section-list__item">
              <fieldset className="fieldset">
                <legend className="fieldset__legend">{t('plan.sectionN', { n: index + 1 })}</legend>
                <TextField
                  id={`plan-section-${index}-heading`}
                  label={t('plan.sectionHeading')}
                  error={errors[`sections.${index}.heading`]}
                  value={section.heading}
                  onChange={(v) => update(index, { heading: v })}
                  maxLength={300}
                />
                <TextArea id={`plan-section-${index}-body`} label={t('plan.sectionBody')} error={errors[`sections.${index}.body`]} value={section.body} onChange={(v) => update(index, { body: v })} rows={5} />
                <div className="button-row">
                  {index > 0 && (
                    <button type="button" id={`plan-section-${index}-up`} className="button button--secondary button--small" onClick={() => move(index, -1)}>
                      {t('plan.moveUp')}
                      <span className="visually-hidden"> {t('plan.sectionN', { n: index + 1 })}</span>
                    </button>
                  )}
                  {index < sections.length - 1 && (
                    <button type="button" id={`plan-section-${index}-down`} className="button button--secondary button--small" onClick={() => move(index, 1)}>
                      {t('plan.moveDown')}
                      <span className="visually-hidden"> {t('plan.sectionN', { n: index + 1 })}</span>
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => {
                      onChange(sections.filter((_, i) => i !== index));
                      announce(t('plan.sectionRemoved', { name: section.heading || t('plan.sectionN', { n: index + 1 }) }));
                      focusLater('plan-add-section');
                    }}
                  >
                    {t('plan.removeSection')}
                    <span className="visually-hidden"> {t('plan.sectionN', { n: index + 1 })}</span>
                  </button>
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
      </div>
      <button
        type="button"
        id="plan-add-section"
        className="button button--secondary"
        onClick={() => {
          onChange([...sections, { heading: '', body: '' }]);
          focusLater(`plan-section-${sections.length}-heading`);
        }}
      >
        {t('plan.addSection')}
      </button>
    </section>
  );
}

/**
 * One lifecycle step in a ConfirmDialog that says what will happen. Sending out and adopting freeze
 * a version; adopting asks for the decision (body and date required, § and registry number too).
 */
function TransitionDialog(props: {
  plan: Plan;
  to: PlanStatus;
  labels: Record<keyof PlanValues, string>;
  onClose: () => void;
  onDone: (plan: Plan) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation(ns);
  const { plan, to } = props;
  const [decision, setDecision] = useState<DecisionValues>({
    decisionBody: plan.decision.body ?? '',
    decisionDate: plan.decision.date ?? '',
    decisionParagraph: plan.decision.paragraph ?? '',
    registryNumber: plan.decision.registryNumber ?? plan.registryNumber ?? '',
  });
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const freezes = versionReasonFor(to) !== null;
  const adopting = to === 'adopted';

  const fieldIds = {
    'decision.body': { id: 'transition-decisionBody', label: props.labels.decisionBody },
    'decision.date': { id: 'transition-decisionDate', label: props.labels.decisionDate },
    'decision.paragraph': { id: 'transition-decisionParagraph', label: props.labels.decisionParagraph },
    'decision.registryNumber': { id: 'transition-registryNumber', label: props.labels.registryNumber },
    label: { id: 'transition-label', label: t('lifecycle.versionLabel') },
  };

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    setErrors(noErrors);
    try {
      const updated = await api<Plan>(`/plans/${plan.id}/transitions`, {
        method: 'POST',
        body: {
          to,
          version: plan.version,
          ...(adopting
            ? {
                decision: {
                  body: orNull(decision.decisionBody),
                  date: orNull(decision.decisionDate),
                  paragraph: orNull(decision.decisionParagraph),
                  registryNumber: orNull(decision.registryNumber),
                },
              }
            : {}),
          ...(freezes && label.trim() ? { label: label.trim() } : {}),
        },
      });
      props.onDone(updated);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        setErrors({ ...noErrors, general: t('lifecycle.stale') });
        props.onStale();
      } else setErrors(formErrors(error, fieldIds, adopting ? 'transition-decisionBody' : 'transition-label'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog open title={t(`lifecycle.to.${to}.title`)} confirmLabel={t(`lifecycle.to.${to}.confirm`)} busy={busy} onConfirm={() => void confirm()} onCancel={props.onClose}>
      <ErrorSummary errors={errors.summary} />
      {errors.general && (
        <p className="field__error" role="alert">
          {errors.general}
        </p>
      )}
      <p>{t(`lifecycle.to.${to}.explain`)}</p>
      {freezes && <p>{t('lifecycle.freezes')}</p>}
      {adopting && plan.replacesPlanId && <p>{t('lifecycle.replacesOther')}</p>}
      {adopting && (
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('plan.decision')}</legend>
          <DecisionFields prefix="transition" values={decision} onChange={(k, v) => setDecision((d) => ({ ...d, [k]: v }))} errors={errors.byField} labels={props.labels} required />
        </fieldset>
      )}
      {freezes && <TextField id="transition-label" label={t('lifecycle.versionLabel')} hint={t('lifecycle.versionLabelHint')} error={errors.byField.label} value={label} onChange={setLabel} maxLength={200} />}
    </ConfirmDialog>
  );
}
