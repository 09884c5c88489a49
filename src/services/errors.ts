/**
 * Errors the services raise for the API to translate. They carry stable codes; the words a
 * person reads come from src/api/messages.ts in their language.
 */
export interface FieldProblem {
  /** Where the problem is, as a dotted path into the request: "body.leadUnitIds.1". */
  path: string;
  code: string;
  params?: Record<string, string | number> | undefined;
}

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429,
    readonly code: string,
    readonly extra: { fields?: FieldProblem[]; params?: Record<string, string | number>; current?: unknown } = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export type Entity = 'organization' | 'unit' | 'plan' | 'node' | 'measure' | 'version' | 'term' | 'user' | 'member';

export const notFound = (entity: Entity) => new AppError(404, 'not_found', { params: { entity } });

/** The record changed since the client read it; `current` is what the server has now. */
export const versionConflict = (current: unknown) => new AppError(409, 'version_conflict', { current });

/** No session, or it has ended: sign in. */
export const authenticationRequired = () => new AppError(401, 'authentication_required');
/** Signed in, but the role does not allow this. */
export const forbidden = () => new AppError(403, 'forbidden');

export const invalidFields = (fields: FieldProblem[]) => new AppError(400, 'validation_failed', { fields });

export const stateConflict = (code: string, params?: Record<string, string | number>) => new AppError(409, code, { params });

/** Collects field problems during a check and throws them together, so the user sees all at once. */
export class ProblemList {
  readonly problems: FieldProblem[] = [];
  add(path: string, code: string, params?: Record<string, string | number>): void {
    this.problems.push({ path, code, params });
  }
  throwIfAny(): void {
    if (this.problems.length > 0) throw invalidFields(this.problems);
  }
}
