import { api, ApiError, type FieldError } from '../../api/client';
import type { CreateDraftBody, CreatedDraft, ImportResultOut } from '../../../api/schemas-imports';
import { currentLanguage } from '../../i18n';

/** The file types the importer reads, for the file input's `accept`. */
export const acceptedFiles = '.txt,.md,.markdown,.docx,.pdf,text/plain,text/markdown,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * Uploads a plan document for a preview. The JSON client cannot send a file, so this posts
 * multipart/form-data itself and answers refusals as the client does (ApiError, messages in the
 * user's language).
 */
export async function uploadDocument(organizationId: string, file: File, signal?: AbortSignal): Promise<ImportResultOut> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`/api/v1/organizations/${encodeURIComponent(organizationId)}/imports`, {
    method: 'POST',
    headers: { accept: 'application/json', 'accept-language': currentLanguage() },
    body: form,
    signal,
    credentials: 'same-origin',
  });
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const error = (data as { error?: { code: string; message: string; fields?: FieldError[] } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'unknown', error?.message ?? response.statusText, error?.fields ?? []);
  }
  return data as ImportResultOut;
}

export function createDraft(organizationId: string, body: CreateDraftBody): Promise<CreatedDraft> {
  return api<CreatedDraft>(`/organizations/${encodeURIComponent(organizationId)}/imports/drafts`, { method: 'POST', body });
}
