import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import { createRevision, ns } from './shared';

/**
 * "Skapa ny version" for an adopted or in-force plan: explains that the adopted plan stays as the
 * record of what was decided, and that the new draft replaces it once it is adopted.
 */
export function NewVersionDialog(props: { open: boolean; planId: string; planTitle: string; onClose: () => void; goTo?: 'edit' | 'structure' }) {
  const { t } = useTranslation(ns);
  const navigate = useNavigate();
  const [title, setTitle] = useState(props.planTitle);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const draft = await createRevision(props.planId, title);
      announce(t('revision.created'));
      props.onClose();
      navigate(`/plans/${draft.id}/${props.goTo ?? 'edit'}`);
    } catch (e) {
      setError(e instanceof ApiError ? (e.fieldMessage('title') ?? e.message) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog open={props.open} title={t('revision.title')} confirmLabel={t('revision.confirm')} busy={busy} onConfirm={() => void confirm()} onCancel={props.onClose}>
      <p>{t('revision.explain1')}</p>
      <p>{t('revision.explain2')}</p>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      <TextField id="revision-title" label={t('revision.newTitle')} hint={t('revision.newTitleHint')} value={title} onChange={setTitle} />
    </ConfirmDialog>
  );
}

/** The notice on an editing page of a plan whose status freezes its content. */
export function NotEditableNotice({ status, onNewVersion }: { status: string; onNewVersion?: (() => void) | undefined }) {
  const { t } = useTranslation(ns);
  const revisable = ['adopted', 'in_force', 'expired'].includes(status);
  return (
    <div className="notice notice--warning">
      <h2 className="notice__title">{t('notEditable.title')}</h2>
      <p>{t('notEditable.body', { status: t(`common:enums.planStatus.${status}`) })}</p>
      {revisable && onNewVersion ? (
        <>
          <p>{t('notEditable.revise')}</p>
          <button type="button" className="button" onClick={onNewVersion}>
            {t('revision.button')}
          </button>
        </>
      ) : (
        <p>{t('notEditable.final')}</p>
      )}
    </div>
  );
}
