import { useState, type FormEvent } from 'react';
import { Link, useLoaderData, useNavigate, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Organization, type Plan, type Unit, type VersionSummary } from '../../api/client';
import { useCapabilities } from '../../components/capabilities';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { SelectField, TextArea, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { formatDate, formatNumber } from '../../i18n';
import { PlanHeader, PlanTabs } from '../plan/PlanTabs';
import { useVersionName } from '../versions/shared';
import { coordinatorApi, type RecipientInput } from './api';
import { StateTag } from './shared';

/*
 * /plans/:planId/consultations — the plan's remisses, and a new one: the version to send (frozen),
 * title, invitation, deadline and recipients (the organization's own units or external bodies).
 */

export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const plan = await api<Plan>(`/plans/${params.planId}`, { signal });
  const [organization, consultations, versions, units] = await Promise.all([
    api<Organization>(`/organizations/${plan.organizationId}`, { signal }),
    coordinatorApi.list(plan.id, signal),
    api<VersionSummary[]>(`/plans/${plan.id}/versions`, { signal }),
    api<Unit[]>(`/organizations/${plan.organizationId}/units`, { signal }),
  ]);
  return { plan, organization, consultations, versions: [...versions].sort((a, b) => b.number - a.number), units };
}

export function Component() {
  const { t } = useTranslation('remiss');
  const { plan, organization, consultations } = useLoaderData<typeof loader>();
  const { can } = useCapabilities();
  return (
    <>
      <PlanHeader plan={plan} organizationName={organization.name} section={t('list.title')} />
      <PlanTabs planId={plan.id} />
      <h2>{t('list.title')}</h2>
      <p>{t('list.intro')}</p>
      {consultations.length === 0 ? (
        <p className="notice">{t('list.none')}</p>
      ) : (
        <ul className="card-list">
          {consultations.map((c) => (
            <li key={c.id} className="card">
              <h3>
                <Link to={`/consultations/${c.id}`}>{c.title}</Link>
              </h3>
              <p className="meta-row">
                <span>
                  <span className="visually-hidden">{t('fields.state')}: </span>
                  <StateTag state={c.state} />
                </span>
                <span>{t('list.version', { number: c.versionNumber })}</span>
                <span>{t('list.deadline', { date: formatDate(c.deadline) })}</span>
              </p>
              <p>
                {t('list.counts', {
                  answered: formatNumber(c.counts.answered),
                  recipients: formatNumber(c.counts.recipients),
                  comments: formatNumber(c.counts.comments),
                  disposed: formatNumber(c.counts.disposed),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {can('edit_plan') && <CreateForm />}
    </>
  );
}

interface RecipientRow extends RecipientInput {
  key: string;
}
let rowCounter = 0;

function CreateForm() {
  const { t } = useTranslation('remiss');
  const navigate = useNavigate();
  const { plan, versions, units } = useLoaderData<typeof loader>();
  const versionName = useVersionName();
  const [versionId, setVersionId] = useState(versions.find((v) => v.reason === 'consultation')?.id ?? '');
  const [title, setTitle] = useState(t('create.defaultTitle', { title: plan.title }));
  const [invitation, setInvitation] = useState('');
  const [deadline, setDeadline] = useState('');
  const [recipients, setRecipients] = useState<RecipientRow[]>([]);
  const [unitId, setUnitId] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  useUnsavedChanges(dirty && !busy);
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setDirty(true);
  };

  const addRow = (row: Omit<RecipientRow, 'key'>) => {
    const key = `r${++rowCounter}`;
    setRecipients((list) => [...list, { ...row, key }]);
    setDirty(true);
    window.setTimeout(() => document.getElementById(`recipient-${key}-${row.kind === 'internal' ? 'email' : 'name'}`)?.focus(), 0);
  };
  const updateRow = (key: string, patch: Partial<RecipientRow>) => {
    setRecipients((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));
    setDirty(true);
  };
  const chosenUnits = new Set(recipients.map((r) => r.unitId).filter(Boolean));

  const fieldId = (path: string): string => {
    const m = /^body\.recipients\.(\d+)\.(\w+)/.exec(path);
    if (m) return `recipient-${recipients[Number(m[1])]?.key}-${m[2] === 'email' ? 'email' : 'name'}`;
    const field = path.replace(/^body\./, '').split('.')[0];
    return ({ title: 'create-title', invitationText: 'create-invitation', deadline: 'create-deadline', versionId: 'create-version' } as Record<string, string>)[field ?? ''] ?? 'create-title';
  };

  const submit = async (event: FormEvent, andSend: boolean) => {
    event.preventDefault();
    const problems: SummaryError[] = [];
    if (!title.trim()) problems.push({ fieldId: 'create-title', message: t('errors.title') });
    if (!invitation.trim()) problems.push({ fieldId: 'create-invitation', message: t('errors.invitation') });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline)) problems.push({ fieldId: 'create-deadline', message: t('errors.deadline') });
    recipients.forEach((r, i) => {
      if (!r.name.trim()) problems.push({ fieldId: `recipient-${r.key}-name`, message: t('errors.recipientName', { n: i + 1 }) });
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(r.email.trim())) problems.push({ fieldId: `recipient-${r.key}-email`, message: t('errors.recipientEmail', { n: i + 1, name: r.name || t('create.recipientN', { n: i + 1 }) }) });
    });
    if (andSend && recipients.length === 0) problems.push({ fieldId: 'create-unit', message: t('errors.noRecipients') });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const created = await coordinatorApi.create(plan.id, {
        title: title.trim(),
        invitationText: invitation.trim(),
        deadline,
        ...(versionId ? { versionId } : {}),
        recipients: recipients.map(({ key: _key, ...r }) => ({ ...r, name: r.name.trim(), email: r.email.trim(), unitId: r.unitId ?? null })),
      });
      if (andSend) await coordinatorApi.send(created.id, created.version);
      setDirty(false);
      announce(andSend ? t('create.sent') : t('create.created'));
      navigate(`/consultations/${created.id}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors(error.fields.length ? error.fields.map((f) => ({ fieldId: fieldId(f.path), message: f.message })) : [{ fieldId: 'create-title', message: error.message }]);
    } finally {
      setBusy(false);
    }
  };

  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  const versionOptions = [
    { value: '', label: t('create.freezeNow') },
    ...versions.map((v) => ({ value: v.id, label: versionName(v) })),
  ];
  return (
    <form className="plan-form remiss-create" onSubmit={(e) => void submit(e, false)} noValidate aria-labelledby="create-heading">
      <h2 id="create-heading">{t('create.title')}</h2>
      <ErrorSummary errors={errors} />
      <SelectField id="create-version" label={t('create.version')} hint={t('create.versionHint')} value={versionId} onChange={edit(setVersionId)} options={versionOptions} error={error('create-version')} />
      <TextField id="create-title" label={t('fields.title')} value={title} onChange={edit(setTitle)} maxLength={500} error={error('create-title')} />
      <TextArea id="create-invitation" label={t('fields.invitation')} hint={t('create.invitationHint')} value={invitation} onChange={edit(setInvitation)} rows={8} maxLength={50_000} error={error('create-invitation')} />
      <TextField id="create-deadline" label={t('fields.deadline')} hint={t('create.deadlineHint')} type="date" value={deadline} onChange={edit(setDeadline)} error={error('create-deadline')} />

      <fieldset className="fieldset fieldset--group">
        <legend className="fieldset__legend fieldset__legend--large">{t('create.recipients')}</legend>
        <p className="field__hint">{t('create.recipientsHint')}</p>
        {recipients.length > 0 && (
          <ol className="remiss-recipient-rows">
            {recipients.map((r, i) => (
              <li key={r.key} className="remiss-recipient-row">
                <p className="remiss-recipient-row__kind">{r.kind === 'internal' ? t('kind.internal') : t('kind.external')}</p>
                <TextField id={`recipient-${r.key}-name`} label={t('create.recipientName', { n: i + 1 })} value={r.name} onChange={(v) => updateRow(r.key, { name: v })} maxLength={300} error={error(`recipient-${r.key}-name`)} />
                <TextField id={`recipient-${r.key}-email`} label={t('create.recipientEmail', { n: i + 1 })} type="email" autoComplete="off" value={r.email} onChange={(v) => updateRow(r.key, { email: v })} maxLength={320} error={error(`recipient-${r.key}-email`)} />
                <button
                  type="button"
                  className="button button--small button--secondary"
                  onClick={() => {
                    setRecipients((list) => list.filter((x) => x.key !== r.key));
                    announce(t('create.recipientRemoved', { name: r.name }));
                    document.getElementById('create-unit')?.focus();
                  }}
                >
                  {t('create.removeRecipient')}
                  <span className="visually-hidden"> {r.name || t('create.recipientN', { n: i + 1 })}</span>
                </button>
              </li>
            ))}
          </ol>
        )}
        <div className="remiss-add-recipient">
          <SelectField
            id="create-unit"
            label={t('create.unit')}
            value={unitId}
            onChange={setUnitId}
            emptyLabel={t('create.chooseUnit')}
            options={units.filter((u) => !chosenUnits.has(u.id)).map((u) => ({ value: u.id, label: u.name }))}
            error={error('create-unit')}
          />
          <div className="button-row">
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => {
                const unit = units.find((u) => u.id === unitId);
                if (!unit) {
                  setErrors([{ fieldId: 'create-unit', message: t('errors.chooseUnit') }]);
                  return;
                }
                addRow({ kind: 'internal', name: unit.name, email: '', unitId: unit.id });
                setUnitId('');
              }}
            >
              {t('create.addUnit')}
            </button>
            <button type="button" className="button button--small button--secondary" onClick={() => addRow({ kind: 'external', name: '', email: '', unitId: null })}>
              {t('create.addExternal')}
            </button>
          </div>
        </div>
      </fieldset>

      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={(e) => void submit(e, true)}>
          {t('create.createAndSend')}
        </button>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t('create.saveDraft')}
        </button>
      </div>
    </form>
  );
}
