import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Organization, type Unit } from '../../api/client';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { SelectField } from '../../components/fields';
import { announce } from '../../components/LiveRegion';
import type { ImportResult } from './model';
import { acceptedFiles, uploadDocument } from './requests';

export interface Loaded {
  result: ImportResult;
  organization: Organization;
  units: Unit[];
  fileName: string;
}

const maxBytes = 20 * 1024 * 1024;
const extensions = /\.(txt|md|markdown|docx|pdf)$/i;

/** Step 1: the organization whose units the document's names are matched against, and the file. */
export function UploadForm({ organizations, organizationId: initialOrganization, onLoaded }: { organizations: Organization[]; organizationId: string; onLoaded: (loaded: Loaded) => void }) {
  const { t } = useTranslation('import');
  const [organizationId, setOrganizationId] = useState(initialOrganization);
  const [errors, setErrors] = useState<{ summary: SummaryError[]; byField: Record<string, string> }>({ summary: [], byField: {} });
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const fields = { organization: 'import-organization', file: 'import-file' };

  const fail = (byField: Record<string, string>) => {
    const labels: Record<string, string> = { [fields.organization]: t('upload.organization'), [fields.file]: t('upload.file') };
    setErrors({ byField, summary: Object.entries(byField).map(([fieldId, message]) => ({ fieldId, message: `${labels[fieldId]}: ${message}` })) });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const file = fileRef.current?.files?.[0];
    const local: Record<string, string> = {};
    if (!organizationId) local[fields.organization] = t('upload.chooseOrganizationError');
    if (!file) local[fields.file] = t('upload.chooseFileError');
    else if (!extensions.test(file.name)) local[fields.file] = t('upload.typeError');
    else if (file.size > maxBytes) local[fields.file] = t('upload.sizeError');
    else if (file.size === 0) local[fields.file] = t('upload.emptyError');
    if (Object.keys(local).length) return fail(local);
    setErrors({ summary: [], byField: {} });
    setBusy(true);
    announce(t('upload.reading'));
    try {
      const organization = organizations.find((o) => o.id === organizationId)!;
      const [result, units] = await Promise.all([uploadDocument(organizationId, file!), api<Unit[]>(`/organizations/${organizationId}/units`)]);
      onLoaded({ result, organization, units, fileName: file!.name });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) fail({ [fields.organization]: error.message });
      else if (error instanceof ApiError && error.code !== 'unknown') fail({ [fields.file]: error.fields.find((f) => f.path === 'body.file')?.message ?? error.message });
      else if (error instanceof ApiError && error.status === 413) fail({ [fields.file]: t('upload.sizeError') });
      else fail({ [fields.file]: t('upload.failed') });
      setBusy(false);
    }
  };

  const fileError = errors.byField[fields.file];
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="form" aria-busy={busy || undefined}>
      <ErrorSummary errors={errors.summary} />
      <SelectField
        id={fields.organization}
        label={t('upload.organization')}
        hint={t('upload.organizationHint')}
        error={errors.byField[fields.organization]}
        value={organizationId}
        onChange={setOrganizationId}
        emptyLabel={t('upload.chooseOrganization')}
        options={organizations.map((o) => ({ value: o.id, label: o.name }))}
        required
      />
      <div className={`field${fileError ? ' field--error' : ''}`}>
        <label className="field__label" htmlFor={fields.file}>
          {t('upload.file')}
        </label>
        <div className="field__hint" id={`${fields.file}-hint`}>
          {t('upload.fileHint')}
        </div>
        {fileError && (
          <p className="field__error" id={`${fields.file}-error`}>
            {fileError}
          </p>
        )}
        <input
          ref={fileRef}
          className="import-file-input"
          id={fields.file}
          name="file"
          type="file"
          accept={acceptedFiles}
          required
          aria-invalid={fileError ? true : undefined}
          aria-describedby={[`${fields.file}-hint`, fileError ? `${fields.file}-error` : ''].filter(Boolean).join(' ')}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="button" aria-disabled={busy || undefined}>
          {busy ? t('upload.busy') : t('upload.submit')}
        </button>
      </div>
      {busy && (
        <p className="muted">
          {t('upload.reading')}
        </p>
      )}
    </form>
  );
}
