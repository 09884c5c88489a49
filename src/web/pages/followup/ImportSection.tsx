import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { announce } from '../../components/LiveRegion';
import { formatNumber } from '../../i18n';
import type { ImportCommitResult, ImportPreview } from './model';
import { ns } from './shared';

const spreadsheet = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The way back for the round's spreadsheet: upload a filled-in XLSX, see a preview with every row's
 * errors, then import. Nothing is written from a file with errors unless the user chooses to import
 * only its valid rows.
 */
export function ImportSection({ roundId, onImported }: { roundId: string; onImported: () => void }) {
  const { t } = useTranslation(ns);
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const previewRef = useRef<HTMLHeadingElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (preview) previewRef.current?.focus();
  }, [preview]);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const upload = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setResult(null);
    if (!file) {
      setErrors([{ fieldId: 'import-file', message: t('round.import.chooseFile') }]);
      return;
    }
    setBusy(true);
    setErrors([]);
    setPreview(null);
    try {
      const body = new FormData();
      body.append('file', file, file.name);
      setPreview(await api<ImportPreview>(`/rounds/${roundId}/import`, { method: 'POST', body }));
    } catch (error) {
      setErrors([{ fieldId: 'import-file', message: error instanceof ApiError ? error.message : String(error) }]);
    } finally {
      setBusy(false);
    }
  };

  const commit = async (onlyValidRows: boolean) => {
    if (!preview || !file || busy) return;
    setBusy(true);
    try {
      // The reviewed file goes again: the server checks it anew, so what is written is what was previewed.
      const body = new FormData();
      body.append('onlyValidRows', String(onlyValidRows));
      body.append('file', file, file.name);
      const done = await api<ImportCommitResult>(`/rounds/${roundId}/import/commit`, { method: 'POST', body });
      setPreview(null);
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      setResult(t('round.import.done', { count: done.updated, formatted: formatNumber(done.updated), skipped: formatNumber(done.skipped) }));
      onImported();
    } catch (error) {
      // The file changed on the server's side since the preview (a report was approved meanwhile): show the new preview.
      if (error instanceof ApiError && error.code === 'followup_import_has_errors' && error.current) setPreview(error.current as ImportPreview);
      setErrors([{ fieldId: 'import-file', message: error instanceof ApiError ? error.message : String(error) }]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="round-section import-section" aria-labelledby="import-title">
      <h2 id="import-title">{t('round.import.title')}</h2>
      <p>{t('round.import.intro')}</p>
      {result && (
        <div className="notice notice--success" role="status" tabIndex={-1} ref={resultRef}>
          {result}
        </div>
      )}
      <form className="import-form" onSubmit={(e) => void upload(e)} noValidate>
        <ErrorSummary errors={errors} />
        <div className={`field${errors.length ? ' field--error' : ''}`}>
          <label className="field__label" htmlFor="import-file">
            {t('round.import.file')}
          </label>
          <div className="field__hint" id="import-file-hint">
            {t('round.import.fileHint')}
          </div>
          {errors[0] && (
            <p className="field__error" id="import-file-error">
              {errors[0].message}
            </p>
          )}
          <input
            ref={fileRef}
            id="import-file"
            name="file"
            type="file"
            accept={spreadsheet}
            aria-invalid={errors.length ? true : undefined}
            aria-describedby={`import-file-hint${errors.length ? ' import-file-error' : ''}`}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
            }}
          />
        </div>
        <button type="submit" className="button button--secondary" aria-disabled={busy || undefined}>
          {t('round.import.preview')}
        </button>
      </form>

      {preview && (
        <div className="import-preview">
          <h3 tabIndex={-1} ref={previewRef}>
            {t('round.import.previewTitle')}
          </h3>
          <ul className="owe-summary">
            <li>{t('round.import.rows', { count: preview.counts.rows, formatted: formatNumber(preview.counts.rows) })}</li>
            <li>{t('round.import.updates', { count: preview.counts.updates, formatted: formatNumber(preview.counts.updates) })}</li>
            <li>{t('round.import.unchanged', { count: preview.counts.unchanged, formatted: formatNumber(preview.counts.unchanged) })}</li>
            <li>{t('round.import.errors', { count: preview.counts.errors, formatted: formatNumber(preview.counts.errors) })}</li>
          </ul>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('round.import.caption')}>
            <table className="import-table">
              <caption>{t('round.import.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="number">
                    {t('round.import.row')}
                  </th>
                  <th scope="col">{t('round.import.measure')}</th>
                  <th scope="col">{t('round.import.unit')}</th>
                  <th scope="col">{t('round.import.result')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) => (
                  <tr key={row.row}>
                    <th scope="row" className="number">
                      {formatNumber(row.row)}
                    </th>
                    <td>{row.measureCode ?? '–'}</td>
                    <td>{row.unitName ?? '–'}</td>
                    <td>
                      {row.outcome === 'error' ? (
                        <>
                          <span className="row-error">
                            <span aria-hidden="true">✗ </span>
                            {t('round.import.rowError', { count: row.problems.length })}
                          </span>
                          <ul className="row-errors">
                            {row.problems.map((p, i) => (
                              <li key={i}>{p.column ? `${p.column}: ${p.message}` : p.message}</li>
                            ))}
                          </ul>
                        </>
                      ) : row.outcome === 'update' ? (
                        <span className="row-ok">
                          <span aria-hidden="true">✓ </span>
                          {t('round.import.rowUpdate', { fields: row.changes.map((c) => t(`round.import.field.${c}`)).join(', ') })}
                        </span>
                      ) : (
                        <span>{t('round.import.rowUnchanged')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.counts.errors === 0 ? (
            preview.counts.updates > 0 ? (
              <div className="button-row">
                <button type="button" className="button" onClick={() => void commit(false)} aria-disabled={busy || undefined}>
                  {t('round.import.commit', { count: preview.counts.updates, formatted: formatNumber(preview.counts.updates) })}
                </button>
              </div>
            ) : (
              <p>{t('round.import.nothingToImport')}</p>
            )
          ) : (
            <>
              <div className="notice notice--warning">
                <p>{t('round.import.hasErrors', { count: preview.counts.errors, formatted: formatNumber(preview.counts.errors) })}</p>
              </div>
              <div className="button-row">
                {preview.counts.updates > 0 && (
                  <button type="button" className="button" onClick={() => void commit(true)} aria-disabled={busy || undefined}>
                    {t('round.import.commitValid', { count: preview.counts.updates, formatted: formatNumber(preview.counts.updates) })}
                  </button>
                )}
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => {
                    setPreview(null);
                    announce(t('round.import.cancelled'));
                    fileRef.current?.focus();
                  }}
                >
                  {t('round.import.cancel')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
