import { useState } from 'react';
import { useRevalidator } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { formatDateTime } from '../../i18n';
import { coordinatorApi, type ConsultationDetail, type Recipient } from './api';
import { focusLater, positionText, RecipientStatusTag } from './shared';

/** Recipients and their status in words, revoking and reissuing links, adding recipients. */
export function RecipientsSection({ consultation: c, manage }: { consultation: ConsultationDetail; manage: boolean }) {
  const { t } = useTranslation('remiss');
  const revalidator = useRevalidator();
  const [confirm, setConfirm] = useState<{ action: 'revoke' | 'reissue'; recipient: Recipient } | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [reissued, setReissued] = useState<string | null>(null);
  const canChangeLinks = manage && c.state === 'sent';

  const act = async () => {
    if (!confirm) return;
    const { action, recipient } = confirm;
    setConfirm(null);
    setBusy(true);
    try {
      if (action === 'revoke') await coordinatorApi.revoke(c.id, recipient.id);
      else await coordinatorApi.reissue(c.id, recipient.id);
      setErrors([]);
      setReissued(action === 'reissue' ? recipient.name : null);
      focusLater(`reissue-${recipient.id}`, `recipient-actions-${recipient.id}`);
      announce(action === 'revoke' ? t('recipients.revoked', { name: recipient.name }) : t('recipients.reissued', { name: recipient.name }));
      await revalidator.revalidate();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors([{ fieldId: `recipient-actions-${recipient.id}`, message: error.message }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="recipients-title">
      <h2 id="recipients-title" tabIndex={-1}>{t('recipients.title', { count: c.recipients.length })}</h2>
      <ErrorSummary errors={errors} />
      {reissued && (
        <div className="notice notice--success">
          <p>{t('recipients.newLink', { name: reissued })}</p>
        </div>
      )}
      {c.recipients.length === 0 ? (
        <p className="muted">{t('recipients.none')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="recipients-caption">
          <table className="analysis-table remiss-recipients">
            <caption id="recipients-caption">{t('recipients.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('recipients.name')}</th>
                <th scope="col">{t('recipients.kind')}</th>
                <th scope="col">{t('recipients.status')}</th>
                <th scope="col">{t('answer.position')}</th>
                {canChangeLinks && <th scope="col">{t('recipients.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {c.recipients.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    {r.name}
                    <span className="remiss-recipient-email">{r.email}</span>
                  </th>
                  <td>{t(`kind.${r.kind}`)}</td>
                  <td>
                    <RecipientStatusTag status={r.status} />
                    {r.revokedAt && <span className="remiss-cell-note">{t('recipients.revokedAt', { date: formatDateTime(r.revokedAt) })}</span>}
                    {r.answeredAt && <span className="remiss-cell-note">{formatDateTime(r.answeredAt)}</span>}
                  </td>
                  <td>{r.status === 'answered' ? positionText(t, r.position) : <span className="muted">–</span>}</td>
                  {canChangeLinks && (
                    <td>
                      <div className="remiss-row-actions" id={`recipient-actions-${r.id}`} tabIndex={-1}>
                        {r.status !== 'answered' && (
                          <button type="button" id={`reissue-${r.id}`} className="button button--small button--secondary" disabled={busy} onClick={() => setConfirm({ action: 'reissue', recipient: r })}>
                            {t('recipients.reissue')}
                            <span className="visually-hidden"> {r.name}</span>
                          </button>
                        )}
                        {!r.revokedAt && r.status !== 'answered' && (
                          <button type="button" id={`revoke-${r.id}`} className="button button--small button--danger" disabled={busy} onClick={() => setConfirm({ action: 'revoke', recipient: r })}>
                            {t('recipients.revoke')}
                            <span className="visually-hidden"> {r.name}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && c.state !== 'closed' && <AddRecipientForm consultation={c} />}
      {confirm && (
        <ConfirmDialog
          open
          title={t(confirm.action === 'revoke' ? 'recipients.revokeConfirm' : 'recipients.reissueConfirm', { name: confirm.recipient.name })}
          confirmLabel={confirm.action === 'revoke' ? t('recipients.revoke') : t('recipients.reissue')}
          danger={confirm.action === 'revoke'}
          busy={busy}
          onConfirm={() => void act()}
          onCancel={() => {
            setConfirm(null);
            focusLater(`${confirm.action}-${confirm.recipient.id}`);
          }}
        >
          <p>{confirm.action === 'revoke' ? t('recipients.revokeBody') : t('recipients.reissueBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AddRecipientForm({ consultation: c }: { consultation: ConsultationDetail }) {
  const { t } = useTranslation('remiss');
  const revalidator = useRevalidator();
  const [kind, setKind] = useState<'internal' | 'external'>('external');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    const problems: SummaryError[] = [];
    if (!name.trim()) problems.push({ fieldId: 'add-recipient-name', message: t('errors.recipientName', { n: 1 }) });
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) problems.push({ fieldId: 'add-recipient-email', message: t('errors.email') });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      await coordinatorApi.addRecipients(c.id, [{ kind, name: name.trim(), email: email.trim(), unitId: null }]);
      announce(t('recipients.added', { name: name.trim() }));
      setName('');
      setEmail('');
      await revalidator.revalidate();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setErrors(error.fields.length ? error.fields.map((f) => ({ fieldId: f.path.includes('email') ? 'add-recipient-email' : 'add-recipient-name', message: f.message })) : [{ fieldId: 'add-recipient-name', message: error.message }]);
    } finally {
      setBusy(false);
    }
  };
  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <details className="section-details remiss-add">
      <summary>{t('recipients.add')}</summary>
      <div className="section-details__body">
        <ErrorSummary errors={errors} />
        <p className="field__hint">{c.state === 'sent' ? t('recipients.addHintSent') : t('recipients.addHintDraft')}</p>
        <SelectField
          id="add-recipient-kind"
          label={t('recipients.kind')}
          value={kind}
          onChange={(v) => setKind(v as 'internal' | 'external')}
          options={[
            { value: 'external', label: t('kind.external') },
            { value: 'internal', label: t('kind.internal') },
          ]}
        />
        <TextField id="add-recipient-name" label={t('recipients.name')} value={name} onChange={setName} maxLength={300} error={error('add-recipient-name')} />
        <TextField id="add-recipient-email" label={t('recipients.email')} type="email" value={email} onChange={setEmail} maxLength={320} error={error('add-recipient-email')} />
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void add()}>
          {t('recipients.addButton')}
        </button>
      </div>
    </details>
  );
}
