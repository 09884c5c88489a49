import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { PlanContent } from '../../api/client';
import { findMeasure, findNode } from '../../../domain/tree';
import { registerTranslations } from '../../i18n';
import type { CommentAnchor, Disposition, Position, RecipientStatus } from './api';
import en from './en.json';
import sv from './sv.json';
import './remiss.css';

registerTranslations('remiss', sv, en);

/*
 * Pieces shared by the remiss pages: status, position and disposition as words (a symbol beside
 * the colour, never colour alone), and where a comment points in words.
 */

const statusSymbol: Record<RecipientStatus, string> = { not_sent: '○', invited: '✉', opened: '◐', answered: '✓', declined: '–', overdue: '!' };

export function RecipientStatusTag({ status }: { status: RecipientStatus }) {
  const { t } = useTranslation('remiss');
  return (
    <span className={`tag remiss-status remiss-status--${status}`}>
      <span aria-hidden="true">{statusSymbol[status]} </span>
      {t(`recipientStatus.${status}`)}
    </span>
  );
}

export function StateTag({ state }: { state: 'draft' | 'sent' | 'closed' }) {
  const { t } = useTranslation('remiss');
  return <span className={`tag remiss-state remiss-state--${state}`}>{t(`state.${state}`)}</span>;
}

export function DispositionTag({ disposition }: { disposition: Disposition | null }) {
  const { t } = useTranslation('remiss');
  return <span className={`tag remiss-disposition remiss-disposition--${disposition ?? 'none'}`}>{disposition ? t(`disposition.${disposition}`) : t('disposition.none')}</span>;
}

export const positionText = (t: TFunction, position: Position | null | undefined) => (position ? t(`remiss:position.${position}`) : t('remiss:position.none'));

/** "Mål 2: Ökad kunskap …", "Åtgärd 2.3: …", "Planen som helhet", or the selected words with their place. */
export function anchorText(t: TFunction, content: PlanContent, anchor: CommentAnchor, numbers: Map<string, string>): string {
  const nodeText = (id: string) => {
    const node = findNode(content.nodes, id);
    if (!node) return t('remiss:anchor.unknown');
    const label = node.label?.trim() || t(`common:enums.nodeRole.${node.role}`);
    const number = node.number?.trim() || numbers.get(id);
    return `${label}${number ? ` ${number}` : ''}: ${node.text}`;
  };
  const measureText = (id: string) => {
    const found = findMeasure(content.nodes, id);
    if (!found) return t('remiss:anchor.unknown');
    const code = numbers.get(id) ?? found.measure.code;
    return t('remiss:anchor.measure', { code: code ?? '', text: found.measure.text });
  };
  switch (anchor.kind) {
    case 'plan':
      return t('remiss:anchor.plan');
    case 'node':
      return nodeText(anchor.nodeId);
    case 'measure':
      return measureText(anchor.measureId);
    case 'passage': {
      const where = anchor.measureId
        ? measureText(anchor.measureId)
        : anchor.nodeId
          ? nodeText(anchor.nodeId)
          : (content.plan.sections[anchor.sectionIndex ?? -1]?.heading ?? t('remiss:anchor.plan'));
      return where;
    }
  }
}

/** A quoted passage, marked as a quotation for everyone (not by italics alone). */
export function Quote({ children }: { children: ReactNode }) {
  const { t } = useTranslation('remiss');
  return (
    <blockquote className="remiss-quote">
      <span className="visually-hidden">{t('anchor.quoteLabel')}: </span>
      {children}
    </blockquote>
  );
}

/** Bytes as "2,4 MB" (binary steps, as file managers and the server's limit count). */
export function formatSize(bytes: number, language: string): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** A summary-list row (term and description). */
export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Focus back on an element after a dialog has gone (once React has rendered without it). */
export function focusLater(id: string, fallbackId?: string): void {
  window.setTimeout(() => (document.getElementById(id) ?? (fallbackId ? document.getElementById(fallbackId) : null))?.focus(), 0);
}
