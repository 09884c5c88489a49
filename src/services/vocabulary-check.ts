import type { Db } from '../db/database.js';
import { listFrameworks, listTerms } from '../db/repositories/vocabularies.js';
import type { TaxonomyKind } from '../domain/vocabulary.js';
import type { ProblemList } from './errors.js';

/** The term codes and framework items an organization may use, loaded once per request. */
export interface Vocabulary {
  terms: Map<TaxonomyKind, Set<string>>;
  frameworkRefs: Set<string>;
}

export async function loadVocabulary(db: Db, organizationId: string): Promise<Vocabulary> {
  const terms = new Map<TaxonomyKind, Set<string>>();
  for (const t of await listTerms(db, organizationId)) {
    const kind = t.taxonomy as TaxonomyKind;
    if (!terms.has(kind)) terms.set(kind, new Set());
    terms.get(kind)!.add(t.code);
  }
  const frameworkRefs = new Set((await listFrameworks(db, organizationId)).map((r) => `${r.framework.code}:${r.item.code}`));
  return { terms, frameworkRefs };
}

export function checkTerms(problems: ProblemList, vocabulary: Vocabulary, path: string, kind: TaxonomyKind, codes: string[] | undefined): void {
  codes?.forEach((code, i) => {
    if (!vocabulary.terms.get(kind)?.has(code)) problems.add(`${path}.${i}`, 'unknown_term', { value: code });
  });
  if (codes && new Set(codes).size !== codes.length) problems.add(path, 'duplicate_values');
}

export function checkFrameworkLinks(problems: ProblemList, vocabulary: Vocabulary, path: string, refs: string[] | undefined): void {
  refs?.forEach((ref, i) => {
    if (!vocabulary.frameworkRefs.has(ref)) problems.add(`${path}.${i}`, 'unknown_framework_item', { value: ref });
  });
}
