import type { z } from 'zod';
import type * as schemas from '../../api/schemas';
import { currentLanguage } from '../i18n';
import { sessionStore, signInAgain, type SessionState } from '../app/session-store';

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

export interface RequestOptions {
  method?: string;
  /** JSON, or a FormData for a file upload (sent as multipart/form-data). */
  body?: unknown;
  signal?: AbortSignal;
  /**
   * Whether a 401 for a signed-in person opens the sign-in-again dialog and resends the request
   * (default). Off for the sign-in requests themselves, whose 401 is the answer.
   */
  signInAgain?: boolean;
}

const safeMethods = new Set(['GET', 'HEAD']);

function errorOf(response: Response, data: unknown): ApiError {
  const error = (data as { error?: { code: string; message: string; fields?: FieldError[]; current?: unknown } } | undefined)?.error;
  return new ApiError(response.status, error?.code ?? 'unknown', error?.message ?? response.statusText, error?.fields ?? [], error?.current);
}

/**
 * Every call to the API. Changes carry the session's CSRF token. A 401 for someone who was signed in
 * means the session ended (idle, expired, signed out elsewhere): the request waits while the person
 * signs in again in a dialog and is then sent again, so a form keeps what was typed. A stale CSRF
 * token (another tab signed in anew) is fetched again once.
 */
export async function api<T>(path: string, init: RequestOptions = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const safe = safeMethods.has(method);
  // A change must carry the token, which arrives with the first session read.
  if (!safe) await sessionStore.ready();
  for (let attempt = 0; ; attempt++) {
    const isForm = typeof FormData !== 'undefined' && init.body instanceof FormData;
    const token = sessionStore.csrfToken();
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'accept-language': currentLanguage(),
        ...(init.body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
        ...(!safe && token ? { 'x-csrf-token': token } : {}),
      },
      body: init.body === undefined ? undefined : isForm ? (init.body as FormData) : JSON.stringify(init.body),
      signal: init.signal,
      credentials: 'same-origin',
    });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let data: unknown;
    try {
      data = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      data = undefined;
    }
    if (response.ok) return data as T;
    const error = errorOf(response, data);
    if (attempt < 3 && response.status === 401 && init.signInAgain !== false) {
      await sessionStore.ready();
      if (sessionStore.isSignedIn()) {
        // Rejects when the person closes the dialog: the refusal then stands.
        await signInAgain.request().catch(() => {
          throw error;
        });
        continue;
      }
    }
    if (attempt === 0 && response.status === 403 && error.code === 'csrf_failed') {
      await reloadSession();
      continue;
    }
    throw error;
  }
}

/** Reads the session (who is signed in, the CSRF token) into the store. */
export async function reloadSession(): Promise<void> {
  const state = await api<SessionState>('/auth/session', { signInAgain: false });
  sessionStore.set(state);
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
