import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Unit } from '../../api/client';
import type { SummaryError } from '../../components/ErrorSummary';
import { TextField } from '../../components/fields';
import { FormErrorAlerts, VersionConflict } from '../plan-edit/FormAlerts';
import { formErrors, noErrors, useVersionedForm, type FormErrors } from '../plan-edit/shared';
import { UnitPicker, type UnitRef } from '../plan-edit/UnitPicker';
import type { ResetLink } from './ResetLinkPanel';
import { RoleRadios, type Member, type Role } from './shared';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function unitRefs(unitIds: string[], units: Pick<Unit, 'id' | 'name'>[]): UnitRef[] {
  const names = new Map(units.map((u) => [u.id, u.name]));
  return unitIds.map((id) => ({ id, name: names.get(id) ?? id }));
}

/**
 * Adds a person: e-mail, name, role and (for a reporter) units. Checked here first for what is
 * plainly missing, then by the server; every message is in the summary at the top, linked to its
 * field. The units field appears only for reporters, right under the role it belongs to.
 */
export function AddMemberForm({ organizationId, onAdded, onDirty }: { organizationId: string; onAdded: (member: Member, link: ResetLink | null) => void; onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation('admin');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [units, setUnits] = useState<UnitRef[]>([]);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  // The page holds the one unsaved-changes guard (a router allows one blocker at a time).
  const dirty = Boolean(email.trim() || name.trim() || role || units.length);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  const fields = {
    email: { id: 'add-email', label: t('add.email') },
    displayName: { id: 'add-name', label: t('add.name') },
    role: { id: 'add-role', label: t('add.role') },
    unitIds: { id: 'add-units-input', label: t('add.units') },
  };

  const check = (): FormErrors => {
    const byField: Record<string, string> = {};
    if (!email.trim()) byField.email = t('add.required.email');
    else if (!emailPattern.test(email.trim())) byField.email = t('add.required.emailFormat');
    if (!name.trim()) byField.displayName = t('add.required.name');
    if (!role) byField.role = t('add.required.role');
    else if (role === 'reporter' && units.length === 0) byField.unitIds = t('add.required.units');
    // Worded like the server's refusals: "Field: what is wrong".
    const summary: SummaryError[] = Object.entries(byField).map(([key, message]) => {
      const field = fields[key as keyof typeof fields];
      return { fieldId: field.id, message: `${field.label}: ${message}` };
    });
    return { byField, summary, general: null };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const local = check();
    setErrors(local);
    if (local.summary.length) return;
    setBusy(true);
    try {
      const created = await api<{ member: Member; resetLink: ResetLink | null }>(`/organizations/${organizationId}/members`, {
        method: 'POST',
        body: { email: email.trim(), displayName: name.trim(), role, unitIds: role === 'reporter' ? units.map((u) => u.id) : [] },
      });
      setEmail('');
      setName('');
      setRole('');
      setUnits([]);
      setErrors(noErrors);
      onAdded(created.member, created.resetLink);
    } catch (error) {
      setErrors(formErrors(error, fields, fields.email.id));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="add-member-title">
      <h2 id="add-member-title">{t('add.title')}</h2>
      <p>{t('add.intro')}</p>
      <FormErrorAlerts errors={errors} />
      <TextField
        id="add-email"
        label={t('add.email')}
        hint={t('add.emailHint')}
        type="email"
        autoComplete="off"
        value={email}
        onChange={setEmail}
        error={errors.byField.email}
        maxLength={254}
      />
      <TextField id="add-name" label={t('add.name')} hint={t('add.nameHint')} autoComplete="off" value={name} onChange={setName} error={errors.byField.displayName} maxLength={200} />
      <RoleRadios id="add-role" legend={t('add.role')} value={role} onChange={setRole} error={errors.byField.role} />
      {role === 'reporter' && (
        <div className="conditional-reveal">
          <UnitPicker
            id="add-units"
            label={t('add.units')}
            hint={t('add.unitsHint')}
            error={errors.byField.unitIds}
            organizationId={organizationId}
            selected={units}
            onChange={setUnits}
          />
        </div>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? t('add.busy') : t('add.submit')}
      </button>
    </form>
  );
}

interface MemberValues extends Record<string, unknown> {
  role: Role;
  units: UnitRef[];
}

/**
 * Changes one member's role and units. Saves with the membership version read; a 409 shows what
 * is saved now next to the user's choice, to re-apply on top or drop (the same notice as the
 * plan forms). Cancel and save return focus to the row's button (`onClose`).
 */
export function EditMemberForm(props: { organizationId: string; member: Member; units: Unit[]; onSaved: (member: Member) => void; onClose: () => void; onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation('admin');
  const { organizationId, member, units } = props;
  const form = useVersionedForm<MemberValues>({ role: member.role, units: unitRefs(member.unitIds, units) }, member.version);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { onDirty } = props;
  useEffect(() => onDirty(form.dirty), [form.dirty, onDirty]);
  useEffect(() => () => onDirty(false), [onDirty]);
  useEffect(() => {
    headingRef.current?.focus();
  }, [member.userId]);

  const fields = {
    role: { id: 'edit-role', label: t('add.role') },
    unitIds: { id: 'edit-units-input', label: t('add.units') },
  };
  const roleName = (role: unknown) => t(`role.${String(role)}`);
  const unitNames = (value: unknown) => (value as UnitRef[]).map((u) => u.name).join(', ');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { role, units: chosen } = form.values;
    if (role === 'reporter' && chosen.length === 0) {
      setErrors({ byField: { unitIds: t('add.required.units') }, summary: [{ fieldId: fields.unitIds.id, message: `${fields.unitIds.label}: ${t('add.required.units')}` }], general: null });
      return;
    }
    setBusy(true);
    try {
      const saved = await api<Member>(`/organizations/${organizationId}/members/${member.userId}`, {
        method: 'PATCH',
        body: { version: form.version, role, unitIds: role === 'reporter' ? chosen.map((u) => u.id) : [] },
      });
      setErrors(noErrors);
      form.reset({ role: saved.role, units: unitRefs(saved.unitIds, units) }, saved.version);
      props.onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const current = (error.current as Member | undefined) ?? (await api<Member[]>(`/organizations/${organizationId}/members`)).find((m) => m.userId === member.userId);
        if (current) {
          setErrors(noErrors);
          form.showConflict({ role: current.role, units: unitRefs(current.unitIds, units) }, current.version, [
            { key: 'role', label: t('add.role'), format: roleName },
            { key: 'units', label: t('add.units'), format: unitNames },
          ]);
          return;
        }
      }
      setErrors(formErrors(error, fields, fields.role.id));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="admin-form admin-form--edit" onSubmit={submit} noValidate aria-labelledby="edit-member-title">
      <h2 id="edit-member-title" tabIndex={-1} ref={headingRef}>
        {t('edit.title', { name: member.displayName })}
      </h2>
      <p>{t('edit.intro')}</p>
      <FormErrorAlerts errors={errors} />
      <VersionConflict form={form} submitId="edit-member-save" firstFieldId="edit-role" />
      <RoleRadios id="edit-role" legend={t('add.role')} value={form.values.role} onChange={(role) => form.setField('role', role)} error={errors.byField.role} />
      {form.values.role === 'reporter' && (
        <div className="conditional-reveal">
          <UnitPicker
            id="edit-units"
            label={t('add.units')}
            hint={t('add.unitsHint')}
            error={errors.byField.unitIds}
            organizationId={organizationId}
            selected={form.values.units}
            onChange={(chosen) => form.setField('units', chosen)}
          />
        </div>
      )}
      <div className="button-row">
        <button type="submit" id="edit-member-save" className="button" disabled={busy}>
          {t('edit.save')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={props.onClose}
        >
          {t('edit.cancel')}
        </button>
      </div>
    </form>
  );
}
