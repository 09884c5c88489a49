import type { FastifyServerOptions } from 'fastify';

/** Query parameters that carry secrets (SSO codes, link tokens): logged as "[redacted]". */
const secretParameters = /([?&](?:code|state|token|session_state|id_token)=)[^&#]*/gi;

export const redactUrl = (url: string): string => url.replace(secretParameters, '$1[redacted]');

/**
 * Structured JSON logs without passwords, tokens or session ids: credentials and cookies are
 * redacted from headers, secret query parameters from URLs; bodies are never logged.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    serializers: {
      req: (request: { method: string; url: string; ip?: string; headers?: Record<string, unknown> }) => ({
        method: request.method,
        url: redactUrl(request.url),
        remoteAddress: request.ip,
        userAgent: request.headers?.['user-agent'],
      }),
    },
  };
}
