import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/ErrorSummary';
import { announce } from '../../components/LiveRegion';
import { ConflictNotice } from './ConflictNotice';
import { ns, type ConflictRow, type FormErrors } from './shared';

/**
 * What an editing form shows above its fields after a failed save: the ErrorSummary linking to the
 * fields, and a refusal that belongs to no field (which takes focus when it appears).
 */
export function FormErrorAlerts({ errors }: { errors: FormErrors }) {
  const generalRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.general) generalRef.current?.focus();
  }, [errors.general]);
  return (
    <>
      <ErrorSummary errors={errors.summary} />
      {errors.general && (
        <div className="notice notice--warning" role="alert" tabIndex={-1} ref={generalRef}>
          {errors.general}
        </div>
      )}
    </>
  );
}

/**
 * The 409 notice of a form made with `useVersionedForm`, when there is one. Re-applying the user's
 * changes moves focus to the submit button, dropping them to the form's first field.
 */
export function VersionConflict({
  form,
  submitId,
  firstFieldId,
}: {
  form: { conflict: { rows: ConflictRow[] } | null; reapply: () => void; discard: () => void };
  submitId: string;
  firstFieldId: string;
}) {
  const { t } = useTranslation(ns);
  if (!form.conflict) return null;
  return (
    <ConflictNotice
      rows={form.conflict.rows}
      onReapply={() => {
        form.reapply();
        announce(t('conflict.reapplied'));
        document.getElementById(submitId)?.focus();
      }}
      onDiscard={() => {
        form.discard();
        announce(t('conflict.discarded'));
        document.getElementById(firstFieldId)?.focus();
      }}
    />
  );
}
