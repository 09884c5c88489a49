import { api } from '../../api/client';
import type { CreateDraftBody, CreatedDraft, ImportResultOut } from '../../../api/schemas-imports';

/** The file types the importer reads, for the file input's `accept`. */
export const acceptedFiles = '.txt,.md,.markdown,.docx,.pdf,text/plain,text/markdown,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Uploads a plan document for a preview, as multipart/form-data through the API client (CSRF token, sign-in again). */
export async function uploadDocument(organizationId: string, file: File, signal?: AbortSignal): Promise<ImportResultOut> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<ImportResultOut>(`/organizations/${encodeURIComponent(organizationId)}/imports`, { method: 'POST', body: form, signal });
}

export function createDraft(organizationId: string, body: CreateDraftBody): Promise<CreatedDraft> {
  return api<CreatedDraft>(`/organizations/${encodeURIComponent(organizationId)}/imports/drafts`, { method: 'POST', body });
}
