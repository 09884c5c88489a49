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

/** The ids that describe a control: its hint and error when shown, then any `extra` ids. */
export function describedBy(id: string, hint?: string, error?: string, ...extra: string[]) {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : '', ...extra].filter(Boolean).join(' ') || undefined;
}

/** A field's hint and error message, with the ids that `describedBy` points at. */
function FieldMessages({ id, hint, error }: Pick<FieldBase, 'id' | 'hint' | 'error'>) {
  return (
    <>
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
    </>
  );
}

/**
 * A field's frame: label, hint and error above the control. `inputId` is the control the label is
 * for when it is not `id` itself; `className` adds to "field".
 */
export function FieldFrame({
  id,
  label,
  hint,
  error,
  inputId = id,
  labelId,
  className,
  children,
}: FieldBase & { inputId?: string; labelId?: string; className?: string; children: ReactNode }) {
  return (
    <div className={`field${className ? ` ${className}` : ''}${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={inputId} id={labelId}>
        {label}
      </label>
      <FieldMessages id={id} hint={hint} error={error} />
      {children}
    </div>
  );
}

/** What every single-value control here carries: its name, value, validity and description. */
function controlProps({ id, hint, error, required, value, onChange }: FieldBase & { value: string; onChange: (v: string) => void }) {
  return {
    id,
    name: id,
    value,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
}

export function TextField(props: FieldBase & { value: string; onChange: (v: string) => void; type?: string; autoComplete?: string; maxLength?: number; inputMode?: 'text' | 'numeric' }) {
  const { type = 'text', autoComplete, maxLength, inputMode } = props;
  return (
    <FieldFrame {...props}>
      <input className="input" {...controlProps(props)} type={type} autoComplete={autoComplete} maxLength={maxLength} inputMode={inputMode} />
    </FieldFrame>
  );
}

export function TextArea(props: FieldBase & { value: string; onChange: (v: string) => void; rows?: number; maxLength?: number }) {
  const { rows = 4, maxLength } = props;
  return (
    <FieldFrame {...props}>
      <textarea className="textarea" {...controlProps(props)} rows={rows} maxLength={maxLength} />
    </FieldFrame>
  );
}

export function SelectField(props: FieldBase & { value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; emptyLabel?: string }) {
  const { options, emptyLabel } = props;
  return (
    <FieldFrame {...props}>
      <select className="select" {...controlProps(props)}>
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
      <FieldMessages id={id} hint={hint} error={error} />
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
