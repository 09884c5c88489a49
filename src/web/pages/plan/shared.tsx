import { Fragment, useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, ApiError, type FrameworkList, type MeasureContent, type NodeContent, type Plan, type TaxonomyList } from '../../api/client';
import { formatDate, registerTranslations } from '../../i18n';
import en from './en.json';
import sv from './sv.json';

registerTranslations('plan', sv, en);

/*
 * Pieces shared by the reading pages: plain-text prose, labels for taxonomy terms and frameworks,
 * the lines a plan writes about validity and responsibility, and one measure in a list.
 */

export type TaxonomyKind = TaxonomyList[number]['taxonomy'];

/**
 * A plan's text as it was written: blank lines separate paragraphs, lines starting with "-", "•"
 * or "1." become lists, and other line breaks are kept.
 */
export function Prose({ text }: { text: string }) {
  const blocks = text.trim().split(/\n\s*\n/);
  return (
    <>
      {blocks.map((block, b) => {
        const lines = block.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
        const groups: { kind: 'p' | 'ul' | 'ol'; lines: string[] }[] = [];
        for (const line of lines) {
          const kind = /^\s*[-•*–]\s+/.test(line) ? 'ul' : /^\s*\d+[.)]\s+/.test(line) ? 'ol' : 'p';
          const text = kind === 'ul' ? line.replace(/^\s*[-•*–]\s+/, '') : kind === 'ol' ? line.replace(/^\s*\d+[.)]\s+/, '') : line.trim();
          const last = groups.at(-1);
          if (last && last.kind === kind) last.lines.push(text);
          else groups.push({ kind, lines: [text] });
        }
        return groups.map((g, i) => {
          const key = `${b}-${i}`;
          if (g.kind === 'ul')
            return (
              <ul key={key}>
                {g.lines.map((l, j) => (
                  <li key={j}>{l}</li>
                ))}
              </ul>
            );
          if (g.kind === 'ol')
            return (
              <ol key={key}>
                {g.lines.map((l, j) => (
                  <li key={j}>{l}</li>
                ))}
              </ol>
            );
          return (
            <p key={key}>
              {g.lines.map((l, j) => (
                <Fragment key={j}>
                  {j > 0 && <br />}
                  {l}
                </Fragment>
              ))}
            </p>
          );
        });
      })}
    </>
  );
}

export interface Vocabulary {
  /** The label of a taxonomy term in the current language; the code itself if the term is unknown. */
  term: (kind: TaxonomyKind, code: string) => string;
  /** Terms of one taxonomy, in the taxonomy's order. */
  terms: (kind: TaxonomyKind) => { code: string; label: string }[];
  /** A framework link ("agenda2030:5") as the framework's name and the item's label. */
  framework: (ref: string) => { group: string; label: string };
}

/** Labels for taxonomy terms and framework links in the current language. */
export function useVocabulary(taxonomies: TaxonomyList, frameworks: FrameworkList = []): Vocabulary {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useMemo(() => {
    const byKind = new Map(taxonomies.map((t) => [t.taxonomy, t.terms]));
    const items = new Map(frameworks.flatMap((f) => f.items.map((item) => [item.ref, { group: english ? f.en : f.sv, label: english ? item.en : item.sv }] as const)));
    return {
      term: (kind, code) => {
        const term = byKind.get(kind)?.find((x) => x.code === code);
        return term ? (english ? term.en : term.sv) : code;
      },
      terms: (kind) => (byKind.get(kind) ?? []).map((x) => ({ code: x.code, label: english ? x.en : x.sv })),
      framework: (ref) => items.get(ref) ?? { group: ref.split(':')[0] ?? ref, label: ref.split(':').slice(1).join(':') || ref },
    };
  }, [taxonomies, frameworks, english]);
}

/** "1 januari 2024 – 31 december 2027", "17 november 2020 – tills vidare", or "not stated". */
export function validityText(plan: Pick<Plan, 'validFrom' | 'validTo' | 'validityNote'>, t: TFunction): string {
  if (!plan.validFrom && !plan.validTo) return plan.validityNote ?? t('plan:validity.notStated');
  const from = plan.validFrom ? formatDate(plan.validFrom) : '';
  const to = plan.validTo ? formatDate(plan.validTo) : (plan.validityNote ?? t('plan:validity.untilFurther'));
  return from ? `${from} – ${to}` : t('plan:validity.until', { date: to });
}

/** The kind label a plan gives a node ("Fokusområde"), or the role's name when it gives none. */
export function nodeLabel(node: Pick<NodeContent, 'label' | 'role'>, t: TFunction): string {
  return node.label?.trim() || t(`common:enums.nodeRole.${node.role}`);
}

/** "Fokusområde 1: Kommunen arbetar våldsförebyggande". */
export function nodeTitle(node: Pick<NodeContent, 'label' | 'role' | 'text'>, number: string | null | undefined, t: TFunction): string {
  if (node.role === 'heading' && !node.label) return number ? `${number} ${node.text}` : node.text;
  const label = nodeLabel(node, t);
  return `${number ? `${label} ${number}` : label}: ${node.text}`;
}

/** A node's number to show: the written one, or for a goal the number derived from its place. */
export function shownNodeNumber(node: Pick<NodeContent, 'id' | 'number' | 'role'>, numbers: Map<string, string>): string | null {
  if (node.number?.trim()) return node.number.trim();
  return node.role === 'goal' ? (numbers.get(node.id) ?? null) : null;
}

export function namesOf(ids: readonly string[], unitNames: Map<string, string>): string[] {
  return ids.map((id) => unitNames.get(id) ?? '').filter(Boolean);
}

/**
 * "Ansvar: Kommunstyrelsen. Medansvar: Socialnämnden, Omsorgsnämnden", from the measure's units;
 * the responsibility as written in the plan when no unit is linked. Null when there is neither.
 */
export function responsibilityLine(measure: Pick<MeasureContent, 'leadUnitIds' | 'coUnitIds' | 'responsibilityText'>, unitNames: Map<string, string>, t: TFunction): string | null {
  const lead = namesOf(measure.leadUnitIds, unitNames);
  const co = namesOf(measure.coUnitIds, unitNames);
  const parts: string[] = [];
  if (lead.length) parts.push(t('plan:responsibility.lead', { units: lead.join(', ') }));
  else if (measure.responsibilityText) parts.push(t('plan:responsibility.lead', { units: measure.responsibilityText }));
  if (co.length) parts.push(t('plan:responsibility.co', { units: co.join(', ') }));
  return parts.length ? parts.join(' ') : null;
}

/** Prevention levels as small labels, named for screen readers. */
export function LevelChips({ levels, vocabulary }: { levels: readonly string[]; vocabulary: Vocabulary }) {
  const { t } = useTranslation('plan');
  if (!levels.length) return null;
  return (
    <span className="chips">
      <span className="visually-hidden">{t('levels', { count: levels.length })}: </span>
      {levels.map((level) => (
        <span key={level} className={`chip chip--${level}`}>
          {vocabulary.term('prevention_level', level)}
        </span>
      ))}
    </span>
  );
}

/** One measure in a list: code and text as a link to its page, who is responsible, its levels. */
export function MeasureItem({
  measure,
  code,
  unitNames,
  vocabulary,
  goal,
  headingLevel,
}: {
  measure: Pick<MeasureContent, 'id' | 'text' | 'leadUnitIds' | 'coUnitIds' | 'responsibilityText' | 'preventionLevels' | 'scope'>;
  code: string | null;
  unitNames: Map<string, string>;
  vocabulary: Vocabulary;
  /** The goal the measure belongs to, where the list is not under the goal's heading. */
  goal?: ReactNode;
  headingLevel?: 3 | 4 | 5 | 6 | undefined;
}) {
  const { t } = useTranslation('plan');
  const responsibility = responsibilityLine(measure, unitNames, t);
  const title = (
    <Link to={`/measures/${measure.id}`}>
      {code && <span className="measure__code">{code}</span>} {measure.text}
    </Link>
  );
  const Heading = headingLevel ? (`h${headingLevel}` as const) : null;
  return (
    <li className="measure" id={`measure-${measure.id}`}>
      {Heading ? <Heading className="measure__title">{title}</Heading> : <p className="measure__title">{title}</p>}
      {goal && <p className="measure__goal">{goal}</p>}
      {responsibility && <p className="measure__responsibility">{responsibility}</p>}
      {(measure.preventionLevels.length > 0 || measure.scope) && (
        <p className="measure__meta">
          <LevelChips levels={measure.preventionLevels} vocabulary={vocabulary} />
          {measure.scope && (
            <span className="chip chip--scope">
              <span className="visually-hidden">{t('scope')}: </span>
              {t(`common:enums.scope.${measure.scope}`)}
            </span>
          )}
        </p>
      )}
    </li>
  );
}

/** A plan the page refers to (replaced, parent) that may since have been deleted. */
export async function optionalPlan(id: string | null, signal: AbortSignal): Promise<Plan | null> {
  if (!id) return null;
  try {
    return await api<Plan>(`/plans/${id}`, { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}


/** One row of a summary list: a term and its description. */
export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

