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

/*
 * Cookie-authenticated changes must carry the session's CSRF token in X-CSRF-Token. The token is
 * fetched once, lazily, before the first change; a sign-in or sign-out sets it with setCsrfToken.
 */
let csrfToken: string | null = null;
let csrfRequest: Promise<string | null> | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
  csrfRequest = null;
}

/** The header a change sends; for requests the JSON client cannot make (multipart uploads). */
export async function csrfHeaders(): Promise<Record<string, string>> {
  const token = await currentCsrfToken();
  return token ? { 'x-csrf-token': token } : {};
}

async function currentCsrfToken(): Promise<string | null> {
  if (csrfToken) return csrfToken;
  csrfRequest ??= fetch('/api/v1/auth/session', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
    .then(async (response) => (response.ok ? (((await response.json()) as { csrfToken?: string | null }).csrfToken ?? null) : null))
    .catch(() => null)
    .then((token) => {
      csrfToken = token;
      csrfRequest = null;
      return token;
    });
  return csrfRequest;
}

/** A JSON body, or FormData for file uploads (the browser sets the multipart boundary). */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  try {
    return await request<T>(path, init);
  } catch (error) {
    // The session changed under the page (signed in elsewhere): fetch its token once more and retry.
    if (!(error instanceof ApiError) || error.code !== 'csrf_failed') throw error;
    setCsrfToken(null);
    return request<T>(path, init);
  }
}

async function request<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal }): Promise<T> {
  const method = init.method ?? 'GET';
  const changes = method !== 'GET' && method !== 'HEAD';
  const form = typeof FormData !== 'undefined' && init.body instanceof FormData;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers: {
      accept: 'application/json',
      'accept-language': currentLanguage(),
      ...(init.body !== undefined && !form ? { 'content-type': 'application/json' } : {}),
      ...(changes ? await csrfHeaders() : {}),
    },
    body: form ? (init.body as FormData) : init.body !== undefined ? JSON.stringify(init.body) : undefined,
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
