import { useCallback, useRef, useState } from 'react';
import { api, ApiError, type NodeContent, type Plan, type TaxonomyList } from '../../api/client';
import { displayNumbers, nextMeasureCode } from '../../../domain/numbering';
import { findNode, flattenMeasures } from '../../../domain/tree';
import type { SummaryError } from '../../components/ErrorSummary';
import { currentLanguage, registerTranslations } from '../../i18n';
import en from './en.json';
import sv from './sv.json';

/*
 * What the editing pages share: their translations, turning the API's field errors into an error
 * summary and messages at the fields, and the state of a form that edits a versioned record
 * (what the user started from, what they typed, and how a 409 is resolved).
 */
registerTranslations('planEdit', sv, en);

export const ns = 'planEdit';

/** A term's label in the current language. */
export function termLabel(term: { sv: string; en: string }): string {
  return currentLanguage() === 'en' ? term.en : term.sv;
}

export type TaxonomyKind = TaxonomyList[number]['taxonomy'];

export function termOptions(taxonomies: TaxonomyList, kind: TaxonomyKind): { value: string; label: string }[] {
  return (taxonomies.find((t) => t.taxonomy === kind)?.terms ?? []).map((term) => ({ value: term.code, label: termLabel(term) }));
}

/** Messages per form key ("title", "decision.date", "examples.2") and the summary that links to the fields. */
export interface FormErrors {
  byField: Record<string, string>;
  summary: SummaryError[];
  /** A refusal that belongs to no field (the plan cannot be edited, the server failed). */
  general: string | null;
}

export const noErrors: FormErrors = { byField: {}, summary: [], general: null };

/**
 * Maps an API refusal onto a form. `fields` maps form keys to the ids of their inputs and labels;
 * a body path "body.leadUnitIds.1" belongs to the longest key it starts with ("leadUnitIds").
 */
export function formErrors(error: unknown, fields: Record<string, { id: string; label: string }>, fallback: string): FormErrors {
  if (!(error instanceof ApiError)) return { byField: {}, summary: [], general: error instanceof Error ? error.message : String(error) };
  if (!error.fields.length) return { byField: {}, summary: [], general: error.message };
  const byField: Record<string, string> = {};
  const summary: SummaryError[] = [];
  for (const problem of error.fields) {
    const segments = problem.path.replace(/^body\.?/, '').split('.').filter(Boolean);
    let key: string | undefined;
    for (let n = segments.length; n > 0 && !key; n--) {
      const candidate = segments.slice(0, n).join('.');
      if (fields[candidate]) key = candidate;
    }
    const field = key ? fields[key]! : undefined;
    if (key && byField[key] === undefined) byField[key] = problem.message;
    const fieldId = field?.id ?? fallback;
    const message = field ? `${field.label}: ${problem.message}` : problem.message;
    if (!summary.some((s) => s.fieldId === fieldId && s.message === message)) summary.push({ fieldId, message });
  }
  return { byField, summary, general: null };
}

/** Equal as form values: strings, arrays of strings, lists of { id } records. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === 'object' && 'id' in v ? (v as { id: string }).id : normalize(v)));
  if (typeof value === 'string') return value.trim();
  if (value === null || value === undefined) return '';
  return value;
}

export interface ConflictRow {
  key: string;
  label: string;
  server: string;
  yours: string;
  /** The user changed this field too: their value will win when they re-apply. */
  bothChanged: boolean;
}

export interface ConflictState<V> {
  server: V;
  version: number;
  rows: ConflictRow[];
}

/**
 * The state of a form over a versioned record: `base` is what the user started from, `values`
 * what they typed. A 409 brings the server's record: `reapply` puts the user's own changes on top
 * of it, `discard` takes the server's record as it is; both continue from the server's version.
 */
export function useVersionedForm<V extends Record<string, unknown>>(initial: V, initialVersion: number) {
  const [base, setBase] = useState<V>(initial);
  const [values, setValues] = useState<V>(initial);
  const [version, setVersion] = useState(initialVersion);
  const [conflict, setConflict] = useState<ConflictState<V> | null>(null);

  const setField = useCallback(<K extends keyof V>(key: K, value: V[K]) => setValues((v) => ({ ...v, [key]: value })), []);
  const changedKeys = (Object.keys(values) as (keyof V & string)[]).filter((k) => !sameValue(values[k], base[k]));

  /** Starts over from a record the server returned (after a save, or when the page reloads). */
  const reset = useCallback((next: V, nextVersion: number) => {
    setBase(next);
    setValues(next);
    setVersion(nextVersion);
    setConflict(null);
  }, []);

  const showConflict = (server: V, serverVersion: number, fields: { key: keyof V & string; label: string; format: (value: V[keyof V]) => string }[]) => {
    const rows = fields
      .filter((f) => !sameValue(server[f.key], base[f.key]))
      .map((f) => ({
        key: f.key,
        label: f.label,
        server: f.format(server[f.key]),
        yours: f.format(values[f.key]),
        bothChanged: !sameValue(values[f.key], base[f.key]) && !sameValue(values[f.key], server[f.key]),
      }));
    setConflict({ server, version: serverVersion, rows });
  };

  const reapply = () => {
    if (!conflict) return;
    const next = { ...conflict.server };
    for (const key of changedKeys) next[key] = values[key];
    setBase(conflict.server);
    setValues(next);
    setVersion(conflict.version);
    setConflict(null);
  };

  const discard = () => {
    if (!conflict) return;
    reset(conflict.server, conflict.version);
  };

  return { base, values, setValues, setField, version, dirty: changedKeys.length > 0, changedKeys, reset, conflict, showConflict, reapply, discard };
}

/** Blank text is no value: the API stores null. */
export const orNull = (value: string): string | null => (value.trim() ? value.trim() : null);

/** Shortens a text for use inside a button's or link's accessible name. */
export function short(text: string, max = 60): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * A code to suggest for a measure under a node: the next after its siblings' codes ("1:4" → "1:5");
 * for the first measure under a goal, the plan's own style with the goal's number ("3:1", "3.1").
 */
export function suggestCode(nodes: readonly NodeContent[], nodeId: string, excludeMeasureId?: string): string | null {
  const node = findNode(nodes, nodeId);
  if (!node) return null;
  const next = nextMeasureCode(node.measures.filter((m) => m.id !== excludeMeasureId).map((m) => m.code));
  if (next) return next;
  const codes = flattenMeasures(nodes).flatMap(({ measure }) => (measure.code && measure.id !== excludeMeasureId ? [measure.code.trim()] : []));
  const number = displayNumbers(nodes).get(nodeId);
  if (!number || !/^[\d.]+$/.test(number)) return null;
  if (codes.some((c) => /^\d+:\d+$/.test(c))) return `${number}:1`;
  if (codes.some((c) => /^\d+(\.\d+)+$/.test(c))) return `${number}.1`;
  return null;
}

/** Starts a new version (a draft copy) of an adopted plan; the adopted plan stays as the record. */
export async function createRevision(planId: string, title: string): Promise<Plan> {
  return api<Plan>(`/plans/${planId}/revisions`, { method: 'POST', body: title.trim() ? { title: title.trim() } : {} });
}

/**
 * Dialogs here are mounted only while open (one ConfirmDialog at a time per page); this returns focus
 * to what opened one when it goes away, or to a fallback when that element is gone.
 */
export function useReturnFocus() {
  const ref = useRef<HTMLElement | null>(null);
  return {
    remember: () => {
      ref.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    },
    restore: (fallbackId?: string) =>
      window.setTimeout(() => {
        const element = ref.current;
        if (element?.isConnected) element.focus();
        else if (fallbackId) document.getElementById(fallbackId)?.focus();
      }, 0),
  };
}
