import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldProblem } from '../services/errors.js';
import { pickLanguage, translate, type Language } from '../i18n/api-messages.js';
import { iso } from './presenters.js';

interface ZodIssueParams {
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  values?: unknown[];
  format?: string;
  keys?: string[];
  input?: unknown;
  params?: { code?: string };
}

/** Turns one zod issue into field problems with our stable codes. */
export function problemsFromZodIssue(context: string, instancePath: string, keyword: string, params: ZodIssueParams): FieldProblem[] {
  const base = [context, ...instancePath.split('/').filter(Boolean)].join('.');
  switch (keyword) {
    case 'invalid_type':
      return [params.input === undefined ? { path: base, code: 'required' } : { path: base, code: 'invalid_type', params: { expected: String(params.expected) } }];
    case 'too_small':
    case 'too_big': {
      const origin = params.origin === 'array' || params.origin === 'set' ? 'array' : params.origin === 'string' ? 'string' : 'number';
      const bound: Record<string, number> = keyword === 'too_small' ? { minimum: Number(params.minimum) } : { maximum: Number(params.maximum) };
      if (keyword === 'too_small' && origin === 'string' && Number(params.minimum) === 1) return [{ path: base, code: 'required' }];
      return [{ path: base, code: `${keyword}_${origin}`, params: bound }];
    }
    case 'invalid_value':
      // An enum or literal field left out: missing, not wrong.
      if ('input' in params && params.input === undefined) return [{ path: base, code: 'required' }];
      return [{ path: base, code: 'invalid_value', params: { options: (params.values ?? []).map(String).join(', ') } }];
    case 'invalid_format':
      if (params.format === 'date') return [{ path: base, code: 'invalid_date' }];
      return [{ path: base, code: 'invalid_format', params: { format: String(params.format) } }];
    case 'unrecognized_keys':
      return (params.keys ?? []).map((key) => ({ path: `${base}.${key}`, code: 'unrecognized_key' }));
    case 'custom':
      return [{ path: base, code: params.params?.code ?? 'invalid_value' }];
    default:
      return [{ path: base, code: 'invalid_value', params: { options: '' } }];
  }
}

/**
 * Two requests that create the same name or code at once both pass the service's check; the
 * database's unique constraint stops the second. Answer it as the check would have.
 */
const uniqueConstraintFields: Record<string, (body: Record<string, unknown>) => string> = {
  organizations_code_unique: () => 'code',
  units_org_name_unique: () => 'name',
  taxonomy_terms_unique: (body) => (body.code === undefined ? 'sv' : 'code'),
};

function uniqueViolation(error: unknown, request: FastifyRequest): FieldProblem | undefined {
  let cause: unknown = error;
  for (let i = 0; i < 5 && cause && typeof cause === 'object'; i++) {
    const { code, constraint } = cause as { code?: unknown; constraint?: unknown };
    if (code === '23505' && typeof constraint === 'string' && constraint in uniqueConstraintFields) {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const field = uniqueConstraintFields[constraint]!(body);
      return { path: `body.${field}`, code: 'already_exists', params: { value: String(body[field] ?? '') } };
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A conflict's `current` is the row as the service read it: without the internal search text, and
 * with timestamps in ISO 8601 UTC as every other answer has them, whichever driver read them.
 */
function publicRecord(current: unknown): unknown {
  if (current === null || typeof current !== 'object' || Array.isArray(current)) return current;
  const { searchText: _searchText, ...record } = current as Record<string, unknown>;
  for (const key of ['createdAt', 'updatedAt']) {
    if (typeof record[key] === 'string') record[key] = iso(record[key]);
  }
  return record;
}

export function errorBody(language: Language, status: number, code: string, extra: { fields?: FieldProblem[]; params?: Record<string, string | number>; current?: unknown } = {}) {
  return {
    error: {
      status,
      code,
      message: translate(language, code, extra.params),
      ...(extra.fields ? { fields: extra.fields.map((f) => ({ path: f.path, code: f.code, message: translate(language, f.code, f.params) })) } : {}),
      ...(extra.current !== undefined ? { current: extra.current } : {}),
    },
  };
}

/**
 * Every refusal has the same shape and a message in the caller's language. Anything unexpected is
 * logged with its stack and answered 500 without details.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const language = pickLanguage(request.headers['accept-language']);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body';
    // Zod leaves the offending input out of its issues; read it from the request, so a value of the
    // wrong type is told apart from a missing one.
    const source: unknown = { body: request.body, querystring: request.query, params: request.params, headers: request.headers }[context];
    // (A path through a value that is not an object, as after a transform of "a,b" into a list, tells nothing.)
    const unknown = Symbol('unknown');
    const inputAt = (instancePath: string) =>
      instancePath
        .split('/')
        .filter(Boolean)
        .reduce<unknown>((value, key) => (value === unknown || value === undefined ? value : value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : unknown), source);
    const fields = error.validation.flatMap((v) => {
      const params = v.params as ZodIssueParams;
      const input = params.input === undefined ? inputAt(v.instancePath) : params.input;
      return problemsFromZodIssue(context, v.instancePath, v.keyword, input === unknown ? params : { ...params, input });
    });
    return reply.code(400).send(errorBody(language, 400, 'validation_failed', { fields }));
  }
  if (error instanceof AppError) {
    const extra = error.extra.current === undefined ? error.extra : { ...error.extra, current: publicRecord(error.extra.current) };
    return reply.code(error.status).send(errorBody(language, error.status, error.code, extra));
  }
  const unique = uniqueViolation(error, request);
  if (unique) return reply.code(400).send(errorBody(language, 400, 'validation_failed', { fields: [unique] }));
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return reply.code(400).send(errorBody(language, 400, 'malformed_json'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return reply.code(413).send(errorBody(language, 413, 'body_too_large'));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return reply.code(415).send(errorBody(language, 415, 'unsupported_media_type'));
  }
  if (error instanceof SyntaxError || error.statusCode === 400) {
    return reply.code(400).send(errorBody(language, 400, 'malformed_json'));
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(error.statusCode).send(errorBody(language, error.statusCode, 'validation_failed'));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send(errorBody(language, 500, 'internal_error'));
}
