import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FrameworkList, TaxonomyList } from '../../api/client';
import { CheckboxGroup } from '../../components/fields';
import { ns, termLabel, termOptions, type TaxonomyKind } from './shared';

/** The terms of one of the organization's taxonomies as checkboxes, labelled in the current language. */
export function TermPicker(props: {
  id: string;
  taxonomy: TaxonomyKind;
  taxonomies: TaxonomyList;
  values: string[];
  onChange: (values: string[]) => void;
  legend?: string;
  hint?: string;
  error?: string | undefined;
}) {
  const { t } = useTranslation(ns);
  const options = termOptions(props.taxonomies, props.taxonomy);
  // A code the organization no longer lists is kept and shown, so saving never drops it silently.
  const unknown = props.values.filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: v }));
  return (
    <CheckboxGroup
      id={props.id}
      legend={props.legend ?? t(`common:enums.taxonomy.${props.taxonomy}`)}
      hint={props.hint}
      error={props.error}
      options={[...options, ...unknown]}
      values={props.values}
      onChange={props.onChange}
      columns={options.length > 6}
    />
  );
}

/** Links to framework items (Agenda 2030 targets, the gender-equality sub-goals …), one group per framework. */
export function FrameworkPicker(props: { id: string; frameworks: FrameworkList; values: string[]; onChange: (values: string[]) => void; error?: string | undefined }) {
  const { t } = useTranslation(ns);
  return (
    <fieldset className={`fieldset${props.error ? ' field--error' : ''}`} id={props.id} tabIndex={-1} aria-describedby={props.error ? `${props.id}-error` : undefined}>
      <legend className="fieldset__legend">{t('plan.frameworkLinks')}</legend>
      <div className="field__hint">{t('plan.frameworkLinksHint')}</div>
      {props.error && (
        <p className="field__error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
      {props.frameworks.map((framework) => (
        <FrameworkGroup key={framework.code} id={`${props.id}-${framework.code}`} framework={framework} values={props.values} onChange={props.onChange} />
      ))}
    </fieldset>
  );
}

function FrameworkGroup({ id, framework, values, onChange }: { id: string; framework: FrameworkList[number]; values: string[]; onChange: (values: string[]) => void }) {
  const { t } = useTranslation(ns);
  const refs = framework.items.map((i) => i.ref);
  const chosen = values.filter((v) => refs.includes(v));
  // Open at first when something is chosen; after that the user decides.
  const [open, setOpen] = useState(chosen.length > 0);
  return (
    <details className="framework-group" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {termLabel(framework)} <span className="muted">({t('plan.chosenCount', { count: chosen.length })})</span>
      </summary>
      <CheckboxGroup
        id={id}
        legend={termLabel(framework)}
        options={framework.items.map((i) => ({ value: i.ref, label: `${i.code}. ${termLabel(i)}` }))}
        values={chosen}
        onChange={(next) => onChange([...values.filter((v) => !refs.includes(v)), ...next])}
      />
    </details>
  );
}
