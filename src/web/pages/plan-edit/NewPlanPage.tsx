import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLoaderData, useNavigate, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Organization, type Plan, type Unit } from '../../api/client';
import { SelectField, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { PageHeading } from '../../components/PageHeading';
import { useCapabilities } from '../../components/capabilities';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { followUpCadences, planKinds } from '../../../domain/vocabulary';
import { FormErrorAlerts } from './FormAlerts';
import { formErrors, noErrors, ns, type FormErrors } from './shared';

export async function loader({ request }: LoaderFunctionArgs) {
  const organizationId = new URL(request.url).searchParams.get('organizationId') ?? '';
  const organizations = await api<Organization[]>('/organizations', { signal: request.signal });
  const known = organizations.some((o) => o.id === organizationId) ? organizationId : '';
  const units = known ? await api<Unit[]>(`/organizations/${known}/units`, { signal: request.signal }) : [];
  return { organizations, organizationId: known, units };
}

type Values = { organizationId: string; title: string; kind: string; validFrom: string; validTo: string; ownerUnitId: string; followUpCadence: string };

export function Component() {
  const { t } = useTranslation(ns);
  const loaded = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { can } = useCapabilities();
  const initial: Values = { organizationId: loaded.organizationId, title: '', kind: '', validFrom: '', validTo: '', ownerUnitId: '', followUpCadence: '' };
  const [values, setValues] = useState<Values>(initial);
  const [units, setUnits] = useState<Unit[]>(loaded.units);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Plan | null>(null);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const dirty = !created && (Object.keys(values) as (keyof Values)[]).some((k) => values[k] !== initial[k]);
  useUnsavedChanges(dirty);

  // Navigate once the page no longer counts as having unsaved changes.
  useEffect(() => {
    if (created) navigate(`/plans/${created.id}/structure`);
  }, [created, navigate]);

  const changeOrganization = async (organizationId: string) => {
    setValues((v) => ({ ...v, organizationId, ownerUnitId: '' }));
    setUnits([]);
    if (!organizationId) return;
    try {
      setUnits(await api<Unit[]>(`/organizations/${organizationId}/units`));
    } catch (error) {
      setErrors(formErrors(error, fields, 'plan-ownerUnitId'));
    }
  };

  const title = t('newPlan.title');
  const fields = {
    organizationId: { id: 'plan-organizationId', label: t('newPlan.organization') },
    title: { id: 'plan-title', label: t('plan.title') },
    kind: { id: 'plan-kind', label: t('plan.kind') },
    validFrom: { id: 'plan-validFrom', label: t('plan.validFrom') },
    validTo: { id: 'plan-validTo', label: t('plan.validTo') },
    ownerUnitId: { id: 'plan-ownerUnitId', label: t('plan.ownerUnit') },
    followUpCadence: { id: 'plan-followUpCadence', label: t('plan.followUpCadence') },
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors(noErrors);
    const value = (v: string) => (v.trim() ? v.trim() : undefined);
    try {
      const plan = await api<Plan>('/plans', {
        method: 'POST',
        body: {
          organizationId: value(values.organizationId),
          title: value(values.title),
          kind: value(values.kind),
          validFrom: value(values.validFrom),
          validTo: value(values.validTo),
          ownerUnitId: value(values.ownerUnitId),
          followUpCadence: value(values.followUpCadence),
        },
      });
      announce(t('newPlan.created', { title: plan.title }));
      setCreated(plan);
    } catch (error) {
      setErrors(formErrors(error, fields, 'plan-title'));
    } finally {
      setBusy(false);
    }
  };

  if (!can('create_plan')) {
    return (
      <>
        <PageHeading title={title}>{title}</PageHeading>
        <p>{t('newPlan.notAllowed')}</p>
      </>
    );
  }

  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p className="lead">{t('newPlan.intro')}</p>
      <FormErrorAlerts errors={errors} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <SelectField
          id={fields.organizationId.id}
          label={fields.organizationId.label}
          error={errors.byField.organizationId}
          value={values.organizationId}
          onChange={(v) => void changeOrganization(v)}
          emptyLabel={t('newPlan.chooseOrganization')}
          options={loaded.organizations.filter((o) => can('create_plan', o.id)).map((o) => ({ value: o.id, label: o.name }))}
          required
        />
        <TextField id={fields.title.id} label={fields.title.label} hint={t('plan.titleHint')} error={errors.byField.title} value={values.title} onChange={(v) => set('title', v)} required maxLength={500} />
        <SelectField
          id={fields.kind.id}
          label={fields.kind.label}
          error={errors.byField.kind}
          value={values.kind}
          onChange={(v) => set('kind', v)}
          emptyLabel={t('plan.chooseKind')}
          options={planKinds.map((k) => ({ value: k, label: t(`common:enums.planKind.${k}`) }))}
          required
        />
        <fieldset className="fieldset">
          <legend className="fieldset__legend">{t('plan.validity')}</legend>
          <div className="field__hint">{t('newPlan.validityHint')}</div>
          <div className="field-row">
            <TextField id={fields.validFrom.id} label={fields.validFrom.label} type="date" error={errors.byField.validFrom} value={values.validFrom} onChange={(v) => set('validFrom', v)} />
            <TextField id={fields.validTo.id} label={fields.validTo.label} type="date" error={errors.byField.validTo} value={values.validTo} onChange={(v) => set('validTo', v)} />
          </div>
        </fieldset>
        <SelectField
          id={fields.ownerUnitId.id}
          label={fields.ownerUnitId.label}
          hint={values.organizationId ? t('plan.ownerUnitHint') : t('newPlan.ownerUnitNeedsOrganization')}
          error={errors.byField.ownerUnitId}
          value={values.ownerUnitId}
          onChange={(v) => set('ownerUnitId', v)}
          emptyLabel={t('plan.noOwnerUnit')}
          options={units.map((u) => ({ value: u.id, label: u.name }))}
        />
        <SelectField
          id={fields.followUpCadence.id}
          label={fields.followUpCadence.label}
          hint={t('plan.followUpCadenceHint')}
          error={errors.byField.followUpCadence}
          value={values.followUpCadence}
          onChange={(v) => set('followUpCadence', v)}
          emptyLabel={t('plan.cadenceNotChosen')}
          options={followUpCadences.map((c) => ({ value: c, label: t(`common:enums.cadence.${c}`) }))}
        />
        <div className="button-row">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {t('newPlan.submit')}
          </button>
          <Link to="/">{t('actions.cancel', { ns: 'common' })}</Link>
        </div>
      </form>
    </>
  );
}
