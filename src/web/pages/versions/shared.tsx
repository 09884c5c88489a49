import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { FrameworkList, Organization, Plan, TaxonomyList, VersionSummary } from '../../api/client';
import { api } from '../../api/client';
import type { SummaryError } from '../../components/ErrorSummary';
import { SelectField } from '../../components/fields';
import { currentLanguage, formatDate, formatDateTime, registerTranslations } from '../../i18n';
import { wordDiff } from '../../../domain/diff';
import en from './en.json';
import sv from './sv.json';

registerTranslations('versions', sv, en);

/*
 * Shared by the analysis pages (versions, comparison, coverage, breakdown): the plan and its
 * organization for the page header, labels for taxonomy terms and framework links, the word diff
 * and the form that picks two versions to compare.
 */

export async function loadPlanContext(planId: string, signal: AbortSignal): Promise<{ plan: Plan; organization: Organization }> {
  const plan = await api<Plan>(`/plans/${planId}`, { signal });
  const organization = await api<Organization>(`/organizations/${plan.organizationId}`, { signal });
  return { plan, organization };
}

export type TaxonomyKind = TaxonomyList[number]['taxonomy'];

export interface Labels {
  term: (taxonomy: TaxonomyKind, code: string) => string;
  framework: (ref: string) => string;
}

/** Term and framework labels in the current language; an unknown code is shown as itself. */
export function makeLabels(taxonomies: TaxonomyList, frameworks: FrameworkList = []): Labels {
  const en = currentLanguage() === 'en';
  const terms = new Map<string, string>();
  for (const list of taxonomies) for (const term of list.terms) terms.set(`${list.taxonomy}:${term.code}`, en ? term.en : term.sv);
  const items = new Map<string, string>();
  for (const fw of frameworks) for (const item of fw.items) items.set(item.ref, `${en ? fw.en : fw.sv}: ${item.code} ${en ? item.en : item.sv}`.trim());
  return {
    term: (taxonomy, code) => terms.get(`${taxonomy}:${code}`) ?? code,
    framework: (ref) => items.get(ref) ?? ref,
  };
}

/**
 * A text with the changed words marked: <ins> and <del>, each starting with visually hidden words
 * ("tillagt:", "borttaget:") so the change is not told by colour or strike-through alone.
 */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation('versions');
  const segments = wordDiff(before, after);
  return (
    <span className="word-diff">
      {segments.map((segment, i) => {
        if (segment.kind === 'same') return <span key={i}>{segment.text}</span>;
        if (segment.kind === 'added')
          return (
            <ins key={i}>
              <span className="visually-hidden">{t('diff.addedText')} </span>
              {segment.text}
            </ins>
          );
        return (
          <del key={i}>
            <span className="visually-hidden">{t('diff.removedText')} </span>
            {segment.text}
          </del>
        );
      })}
    </span>
  );
}

/** "Version 2 – antagen – 12 mars 2024 – Remissversion" */
export function useVersionName() {
  const { t } = useTranslation('versions');
  return (version: Pick<VersionSummary, 'number' | 'reason' | 'label' | 'createdAt'>) =>
    [t('versionNumber', { number: version.number }), t(`reason.${version.reason}`), formatDate(version.createdAt), version.label].filter(Boolean).join(' – ');
}

export const formatVersionDate = (createdAt: string) => formatDateTime(createdAt);

/**
 * Picks two states of the plan to compare: any two versions, or a version and the current content.
 * A GET to the comparison page, so the comparison has an address of its own.
 */
export function CompareForm({
  planId,
  versions,
  from,
  to,
  onErrors,
  errors,
}: {
  planId: string;
  versions: VersionSummary[];
  from?: string | undefined;
  to?: string | undefined;
  onErrors: (errors: SummaryError[]) => void;
  errors: SummaryError[];
}) {
  const { t } = useTranslation('versions');
  const navigate = useNavigate();
  const versionName = useVersionName();
  const sorted = [...versions].sort((a, b) => b.number - a.number);
  const options = [{ value: 'current', label: t('compare.current') }, ...sorted.map((v) => ({ value: v.id, label: versionName(v) }))];
  const [fromValue, setFrom] = useState(from ?? sorted[0]?.id ?? '');
  const [toValue, setTo] = useState(to ?? 'current');
  const fieldError = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: SummaryError[] = [];
    if (!fromValue) problems.push({ fieldId: 'compare-from', message: t('compare.errors.fromRequired') });
    if (!toValue) problems.push({ fieldId: 'compare-to', message: t('compare.errors.toRequired') });
    if (fromValue && fromValue === toValue) problems.push({ fieldId: 'compare-to', message: t('compare.errors.same') });
    onErrors(problems);
    if (problems.length === 0) navigate(`/plans/${planId}/compare?from=${encodeURIComponent(fromValue)}&to=${encodeURIComponent(toValue)}`);
  };

  return (
    <form className="compare-form" onSubmit={submit} noValidate aria-labelledby="compare-form-title">
      <h2 id="compare-form-title">{t('compare.formTitle')}</h2>
      <p className="field__hint">{t('compare.formHint')}</p>
      <div className="compare-form__fields">
        <SelectField id="compare-from" label={t('compare.from')} value={fromValue} onChange={setFrom} options={options} error={fieldError('compare-from')} />
        <SelectField id="compare-to" label={t('compare.to')} value={toValue} onChange={setTo} options={options} error={fieldError('compare-to')} />
      </div>
      <button type="submit" className="button">
        {t('compare.submit')}
      </button>
    </form>
  );
}
