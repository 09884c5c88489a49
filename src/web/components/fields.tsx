import type { ReactNode } from 'react';

/*
 * Native form fields with a visible label, optional hint and an error message tied to the input
 * with aria-describedby. The error appears both here and in the ErrorSummary.
 */
interface FieldBase {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
}

function describedBy(id: string, hint?: string, error?: string) {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function FieldFrame({ id, label, hint, error, children }: FieldBase & { children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

export function TextField(props: FieldBase & { value: string; onChange: (v: string) => void; type?: string; autoComplete?: string; maxLength?: number; inputMode?: 'text' | 'numeric' }) {
  const { id, hint, error, value, onChange, type = 'text', required, autoComplete, maxLength, inputMode } = props;
  return (
    <FieldFrame {...props}>
      <input
        className="input"
        id={id}
        name={id}
        type={type}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        autoComplete={autoComplete}
        maxLength={maxLength}
        inputMode={inputMode}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldBase & { value: string; onChange: (v: string) => void; rows?: number; maxLength?: number }) {
  const { id, hint, error, value, onChange, rows = 4, required, maxLength } = props;
  return (
    <FieldFrame {...props}>
      <textarea
        className="textarea"
        id={id}
        name={id}
        rows={rows}
        value={value}
        required={required}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldFrame>
  );
}

export function SelectField(props: FieldBase & { value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; emptyLabel?: string }) {
  const { id, hint, error, value, onChange, options, emptyLabel, required } = props;
  return (
    <FieldFrame {...props}>
      <select
        className="select"
        id={id}
        name={id}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A group of checkboxes in a fieldset with a legend: several values may be chosen. */
export function CheckboxGroup(props: {
  id: string;
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  options: { value: string; label: string }[];
  values: string[];
  onChange: (values: string[]) => void;
  columns?: boolean;
}) {
  const { id, legend, hint, error, options, values, onChange, columns } = props;
  return (
    <fieldset className={`fieldset${error ? ' field--error' : ''}`} aria-describedby={describedBy(id, hint, error)} id={id} tabIndex={-1}>
      <legend className="fieldset__legend">{legend}</legend>
      {hint && (
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div className={`checkboxes${columns ? ' checkboxes--columns' : ''}`}>
        {options.map((o) => {
          const checkboxId = `${id}-${o.value}`;
          return (
            <div className="checkbox" key={o.value}>
              <input
                id={checkboxId}
                type="checkbox"
                checked={values.includes(o.value)}
                onChange={(e) => onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
              />
              <label htmlFor={checkboxId}>{o.label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
