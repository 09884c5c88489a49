import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { confidenceLevel, type ReviewItem, type SourceRange } from './model';

/** "Säkerhet: hög": the importer's confidence as words (the tag's colour only repeats them). */
export function Confidence({ value }: { value: number }) {
  const { t } = useTranslation('import');
  const level = confidenceLevel(value);
  return (
    <span className={`tag import-confidence import-confidence--${level}`}>
      {t('confidence.label')}: {t(`confidence.${level}`)}
    </span>
  );
}

export function rangeText(t: TFunction, range: SourceRange): string {
  return range.from === range.to ? t('lines.one', { line: range.from }) : t('lines.range', { from: range.from, to: range.to });
}

/** A button naming the source lines ("Rad 12–14") that scrolls the source text to them and marks them. */
export function LinesButton({ id, range, context, onShow }: { id: string; range: SourceRange; context: string; onShow: (id: string) => void }) {
  const { t } = useTranslation('import');
  return (
    <button type="button" className="link-button" id={id} onClick={() => onShow(id)}>
      {rangeText(t, range)}
      <span className="visually-hidden"> – {t('lines.show', { context })}</span>
    </button>
  );
}

/** What an item is, as the heading of its card: "Fokusområde 1", "Åtgärd 1:3", "Rubrik". */
export function itemTitle(t: TFunction, item: ReviewItem): string {
  const kind = item.kind === 'measure' ? t('kind.measure') : item.label.trim() || t(`common:enums.nodeRole.${item.kind}`);
  const number = item.number.trim();
  if (number) return `${kind} ${number}`;
  return item.kind === 'measure' ? `${kind} ${t('kind.noNumber')}` : kind;
}

const knownLevels = ['universal', 'selective', 'indicated'];

export function levelLabel(t: TFunction, code: string): string {
  return knownLevels.includes(code) ? t(`levels.${code}`) : code;
}
