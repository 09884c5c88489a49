import type { z } from 'zod';
import type * as schemas from '../../api/schemas';
import { currentLanguage } from '../i18n';

export type Organization = z.infer<typeof schemas.organization>;
export type Unit = z.infer<typeof schemas.unit>;
export type Plan = z.infer<typeof schemas.plan>;
export type PlanListItem = z.infer<typeof schemas.planListItem>;
export type PlanContent = z.infer<typeof schemas.planContent>;
export type NodeContent = z.infer<typeof schemas.nodeContent>;
export type MeasureContent = z.infer<typeof schemas.measureContent>;
export type MeasureDetail = z.infer<typeof schemas.measureDetail>;
export type MeasureSearchResult = z.infer<typeof schemas.measureSearchResult>;
export type TaxonomyList = z.infer<typeof schemas.taxonomyList>;
export type FrameworkList = z.infer<typeof schemas.frameworkList>;
export type VersionSummary = z.infer<typeof schemas.versionSummary>;
export type VersionDetail = z.infer<typeof schemas.versionDetail>;
export type DiffResult = z.infer<typeof schemas.diffResult>;
export type Coverage = z.infer<typeof import('../../api/schemas-coverage').coverage>;

export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** A refusal from the API, with its messages already in the user's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly current?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one form field: body paths are "body.<field>" on the server. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.path === `body.${field}` || f.path.startsWith(`body.${field}.`))?.message;
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      accept: 'application/json',
      'accept-language': currentLanguage(),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: init.signal,
    credentials: 'same-origin',
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (data as { error?: { code: string; message: string; fields?: FieldError[]; current?: unknown } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'unknown', error?.message ?? response.statusText, error?.fields ?? [], error?.current);
  }
  return data as T;
}

/** Query strings from a record, leaving out empty values. */
export function query(params: Record<string, string | number | string[] | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
