import { useCallback, useEffect, useRef, useState } from 'react';
import { Form, Link, useLoaderData, useRevalidator, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Organization, type Unit } from '../../api/client';
import { useSession } from '../../app/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useUnsavedChanges } from '../../components/useUnsavedChanges';
import { formatDateTime } from '../../i18n';
import { allowedOrRefused, NotAllowed } from '../access/NotAllowed';
import { AddMemberForm, EditMemberForm } from './MemberForms';
import { ResetLinkPanel, type ResetLink } from './ResetLinkPanel';
import { AdminHeader, isRole, loadOrganization, roles, type Member } from './shared';

/** /organizations/:organizationId/members: the organization's people and roles, for its admins. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const signal = request.signal;
  const organizationId = params.organizationId!;
  const organization = await loadOrganization(organizationId, signal);
  const data = await allowedOrRefused(async () => {
    const [members, units] = await Promise.all([
      api<Member[]>(`/organizations/${organizationId}/members`, { signal }),
      api<Unit[]>(`/organizations/${organizationId}/units`, { signal }),
    ]);
    return { members, units };
  });
  return { organization, data };
}

export function Component() {
  const { organization, data } = useLoaderData<typeof loader>();
  if (data.refused) return <NotAllowed refusal={data.refused} need="admin" />;
  return <Members organization={organization} members={data.members} units={data.units} />;
}

/** What the page says after a change, at the top where focus goes: a message and maybe a reset link. */
interface Outcome {
  message: string;
  link: ResetLink | null;
  name: string;
  failed?: boolean;
}

function Members({ organization, members, units }: { organization: Organization; members: Member[]; units: Unit[] }) {
  const { t } = useTranslation('admin');
  const { user } = useSession();
  const revalidator = useRevalidator();
  const [params] = useSearchParams();
  const roleFilter = isRole(params.get('role')) ? params.get('role')! : '';
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [addDirty, setAddDirty] = useState(false);
  const [editDirty, setEditDirty] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);
  useUnsavedChanges(addDirty || editDirty);

  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  const shown = roleFilter ? members.filter((m) => m.role === roleFilter) : members;
  const sorted = [...shown].sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv'));
  const editedMember = editing ? members.find((m) => m.userId === editing) : undefined;

  useEffect(() => {
    if (outcome && !outcome.link) outcomeRef.current?.focus();
  }, [outcome]);

  const focusRowButton = (userId: string, which: 'edit' | 'reset') => window.setTimeout(() => document.getElementById(`member-${which}-${userId}`)?.focus(), 0);
  // The notice takes focus (or the reset link panel does), which is what gets it read out.
  const show = (next: Outcome) => setOutcome(next);

  const issueResetLink = async (member: Member) => {
    setBusy(true);
    try {
      const link = await api<ResetLink>(`/organizations/${organization.id}/members/${member.userId}/reset-link`, { method: 'POST' });
      show({ message: t('reset.created', { name: member.displayName }), link, name: member.displayName });
    } catch (error) {
      show({ message: error instanceof Error ? error.message : String(error), link: null, name: member.displayName, failed: true });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    try {
      await api(`/organizations/${organization.id}/members/${removing.userId}?version=${removing.version}`, { method: 'DELETE' });
      show({ message: t('remove.removed', { name: removing.displayName }), link: null, name: removing.displayName });
    } catch (error) {
      const gone = error instanceof ApiError && error.status === 404;
      show({ message: gone ? t('remove.gone') : error instanceof Error ? error.message : String(error), link: null, name: removing.displayName, failed: !gone });
    } finally {
      setBusy(false);
      setRemoving(null);
      if (editing === removing.userId) setEditing(null);
      await revalidator.revalidate();
    }
  };

  const onAdded = useCallback(
    (member: Member, link: ResetLink | null) => {
      const role = t(`role.${member.role}`).toLocaleLowerCase();
      const message = link ? t('add.added', { name: member.displayName, role }) : `${t('add.added', { name: member.displayName, role })} ${t('add.existingAccount', { name: member.displayName })}`;
      setOutcome({ message, link, name: member.displayName });
      void revalidator.revalidate();
    },
    [t, revalidator],
  );

  const caption = roleFilter
    ? t('members.captionFiltered', { role: t(`role.${roleFilter}`).toLocaleLowerCase(), organization: organization.name })
    : t('members.caption', { organization: organization.name });

  return (
    <>
      <AdminHeader organization={organization} section="members" />
      <p>{t('members.intro')}</p>

      {outcome && (
        <div className={`notice ${outcome.failed ? 'notice--warning' : 'notice--success'}`} tabIndex={-1} ref={outcomeRef} role={outcome.failed ? 'alert' : 'status'}>
          <p>{outcome.message}</p>
        </div>
      )}
      {outcome?.link && (
        <ResetLinkPanel
          link={outcome.link}
          name={outcome.name}
          onDone={() => {
            setOutcome(null);
            document.getElementById('members-table-title')?.focus();
          }}
        />
      )}

      <Form method="get" className="filters filters--inline" aria-labelledby="members-filter-title">
        <h2 id="members-filter-title" className="filters__title">
          {t('members.filterTitle')}
        </h2>
        <div className="field">
          <label className="field__label" htmlFor="members-role-filter">
            {t('members.filterRole')}
          </label>
          <select className="select input--short" id="members-role-filter" name="role" defaultValue={roleFilter} key={roleFilter}>
            <option value="">{t('members.filterAll')}</option>
            {roles.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="button-row">
          <button type="submit" className="button button--secondary">
            {t('members.filterSubmit')}
          </button>
          {roleFilter && <Link to={`/organizations/${organization.id}/members`}>{t('members.filterClear')}</Link>}
        </div>
      </Form>

      <h2 id="members-table-title" tabIndex={-1}>
        {caption}
      </h2>
      <p className="result-count" role="status">
        {t('members.count', { count: sorted.length })}
      </p>
      {sorted.length === 0 ? (
        <p>{roleFilter ? t('members.noneWithRole', { role: t(`role.${roleFilter}`).toLocaleLowerCase() }) : t('members.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="members-caption">
          <table className="members-table">
            <caption id="members-caption" className="visually-hidden">
              {caption}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('members.col.name')}</th>
                <th scope="col">{t('members.col.email')}</th>
                <th scope="col">{t('members.col.role')}</th>
                <th scope="col">{t('members.col.units')}</th>
                <th scope="col">{t('members.col.lastLogin')}</th>
                <th scope="col">{t('members.col.password')}</th>
                <th scope="col">{t('members.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((member) => {
                const names = member.unitIds.map((id) => unitNames.get(id) ?? id);
                const forPerson = <span className="visually-hidden"> {t('members.forPerson', { name: member.displayName })}</span>;
                return (
                  <tr key={member.userId}>
                    <th scope="row">
                      {member.displayName} {member.userId === user?.id && <span className="muted">{t('members.you')}</span>}
                      {member.disabled && <span className="tag member-disabled">{t('members.disabled')}</span>}
                    </th>
                    <td className="members-table__email">{member.email}</td>
                    <td>{t(`role.${member.role}`)}</td>
                    <td>
                      {names.length ? (
                        names.join(', ')
                      ) : (
                        <>
                          <span aria-hidden="true">{t('members.noUnits')}</span>
                          <span className="visually-hidden">{t('members.noUnitsSr')}</span>
                        </>
                      )}
                    </td>
                    <td>{member.lastLoginAt ? formatDateTime(member.lastLoginAt) : <span className="muted">{t('members.never')}</span>}</td>
                    <td>{member.hasPassword ? t('members.passwordSet') : <span className="muted">{t('members.passwordNotSet')}</span>}</td>
                    <td>
                      <div className="table-actions">
                        <button
                          type="button"
                          id={`member-edit-${member.userId}`}
                          className="button button--secondary button--small"
                          aria-expanded={editing === member.userId}
                          aria-controls={editing === member.userId ? 'edit-member' : undefined}
                          onClick={() => setEditing(editing === member.userId ? null : member.userId)}
                        >
                          {t('members.edit')}
                          {forPerson}
                        </button>
                        <button
                          type="button"
                          id={`member-reset-${member.userId}`}
                          className="button button--secondary button--small"
                          disabled={busy}
                          onClick={() => void issueResetLink(member)}
                        >
                          {t('members.resetLink')}
                          {forPerson}
                        </button>
                        <button type="button" className="button button--danger button--small" disabled={busy} onClick={() => setRemoving(member)}>
                          {t('members.remove')}
                          {forPerson}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {editedMember && (
        <section id="edit-member" aria-labelledby="edit-member-title">
          <EditMemberForm
            key={editedMember.userId}
            organizationId={organization.id}
            member={editedMember}
            units={units}
            onDirty={setEditDirty}
            onSaved={(saved) => {
              setEditing(null);
              show({ message: t('edit.saved', { name: saved.displayName, role: t(`role.${saved.role}`).toLocaleLowerCase() }), link: null, name: saved.displayName });
              void revalidator.revalidate();
            }}
            onClose={() => {
              setEditing(null);
              focusRowButton(editedMember.userId, 'edit');
            }}
          />
        </section>
      )}

      <section aria-labelledby="add-member-title">
        <AddMemberForm organizationId={organization.id} onAdded={onAdded} onDirty={setAddDirty} />
      </section>

      <ConfirmDialog
        open={removing !== null}
        title={removing ? t('remove.title', { name: removing.displayName, organization: organization.name }) : ''}
        confirmLabel={t('remove.confirm')}
        danger
        busy={busy}
        onConfirm={() => void remove()}
        onCancel={() => {
          const who = removing;
          setRemoving(null);
          if (who) window.setTimeout(() => document.getElementById(`member-edit-${who.userId}`)?.focus(), 0);
        }}
      >
        <p>{t('remove.body')}</p>
      </ConfirmDialog>
    </>
  );
}
