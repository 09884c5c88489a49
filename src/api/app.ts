import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { defaultAuthConfig, type AuthConfig } from '../config/config.js';
import type { Database } from '../db/database.js';
import { pickLanguage } from '../i18n/api-messages.js';
import { AppError, invalidFields, notFound, type Entity, type FieldProblem } from '../services/errors.js';
import { isHttps, registerAuthentication } from './access/authentication.js';
import { publicAccess, type Policy } from './access/policy.js';
import { errorBody, handleError } from './error-handler.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { breakdownRoutes } from './routes/breakdown.js';
import { consultationRoutes } from './routes/consultations.js';
import { contentRoutes } from './routes/content.js';
import { importRoutes } from './routes/imports.js';
import { memberRoutes } from './routes/members.js';
import { organizationRoutes } from './routes/organizations.js';
import { planRoutes } from './routes/plans.js';
import { ssoRoutes } from './routes/sso.js';
import { unitRoutes } from './routes/units.js';
import { followUpRoutes } from './routes/follow-up.js';
import { calendarRoutes } from './routes/calendar.js';

export interface AppOptions {
  database: Database;
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
  /** The built web client (dist/web); when given, it is served at "/" with client-side routing. */
  webRoot?: string | undefined;
  auth?: AuthConfig | undefined;
}

/** Every /api route and the policy it declared: for the OpenAPI document and the route × role matrix test. */
export interface RoutePolicy {
  method: string;
  url: string;
  policy: Policy;
}

declare module 'fastify' {
  interface FastifyInstance {
    routePolicies: RoutePolicy[];
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const entityBySegment: Record<string, Entity> = { organizations: 'organization', units: 'unit', plans: 'plan', nodes: 'node', measures: 'measure' };

/** Deeper than any plan needs, and far below the depth at which recursive validation runs out of stack. */
export const maxInputDepth = 64;

/** NUL, which PostgreSQL text cannot hold, and UTF-16 surrogates without their pair (not text at all). */
const unstorableCharacter = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What the schemas cannot refuse before it does harm: nesting so deep that validating it overflows
 * the stack, and characters the database cannot store as sent. Walks without recursion and builds
 * a path only for a problem.
 */
export function inputProblems(context: string, input: unknown): FieldProblem[] {
  interface Entry {
    value: unknown;
    key: string;
    parent: Entry | null;
    depth: number;
  }
  const pathOf = (entry: Entry): string => {
    const keys: string[] = [];
    for (let e: Entry | null = entry; e; e = e.parent) keys.unshift(e.key);
    return keys.join('.');
  };
  const problems: FieldProblem[] = [];
  const stack: Entry[] = [{ value: input, key: context, parent: null, depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const entry = stack.pop()!;
    const { value } = entry;
    if (typeof value === 'string') {
      if (unstorableCharacter.test(value)) problems.push({ path: pathOf(entry), code: 'invalid_character' });
    } else if (value !== null && typeof value === 'object') {
      if (entry.depth >= maxInputDepth) problems.push({ path: pathOf(entry), code: 'too_deep', params: { maximum: maxInputDepth } });
      else for (const [key, child] of Object.entries(value)) stack.push({ value: child, key, parent: entry, depth: entry.depth + 1 });
    }
  }
  return problems.reverse();
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const auth = options.auth ?? defaultAuthConfig;
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: auth.trustProxy,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // The router refuses ids longer than it indexes, and malformed %-escapes, before any handler runs;
    // such an id cannot name anything either: answer "not found" in our error shape.
    frameworkErrors: (error, request: FastifyRequest, reply: FastifyReply) => {
      if (error.code !== 'FST_ERR_MAX_PARAM_LENGTH' && error.code !== 'FST_ERR_BAD_URL') return handleError(error, request, reply);
      const language = pickLanguage(request.headers['accept-language']);
      const entity = entityBySegment[request.url.split('?')[0]!.split('/')[3] ?? ''];
      return reply.code(404).send(entity ? errorBody(language, 404, 'not_found', { params: { entity } }) : errorBody(language, 404, 'route_not_found'));
    },
  }).withTypeProvider<ZodTypeProvider>();
  // Deny by default: an /api route without a declared policy stops the server at start.
  const routePolicies: RoutePolicy[] = [];
  app.decorate('routePolicies', routePolicies);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const policy = (route.config as { policy?: Policy } | undefined)?.policy;
    if (!policy) throw new Error(`Route ${String(route.method)} ${route.url} declares no authorization policy`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routePolicies.push({ method, url: route.url, policy });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  // The API speaks JSON only: other bodies (Fastify also parses text/plain by default) are answered 415.
  app.removeContentTypeParser('text/plain');
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React and the charts set style properties from script; no inline <script> is ever allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Sent below, and only over https: over plain http it would be ignored, or lock a local test out.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (isHttps(request, auth)) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new AppError(429, 'rate_limited', { params: { seconds: Math.ceil(context.ttl / 1000) } }),
  });
  registerAuthentication(app, options.database.db, auth);

  const webRoot = options.webRoot && existsSync(path.join(options.webRoot, 'index.html')) ? options.webRoot : undefined;
  if (webRoot) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      // Hashed asset names never change content: cache them for a year; index.html never.
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && request.url !== '/api' && !/\.[a-z0-9]+($|\?)/i.test(request.url);
    if (webRoot && isPage) {
      // Client-side routes: every page address gets the app shell, which routes in the browser.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const language = pickLanguage(request.headers['accept-language']);
    return reply.code(404).send(errorBody(language, 404, 'route_not_found'));
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Fridplan API',
        version: '1',
        description:
          'Plans against violence in close relationships, honour-related violence, prostitution/trafficking and sexual exploitation of children: plans, goals, measures, versions, coverage. Errors: `{ error: { status, code, message, fields? } }` in the language of Accept-Language (sv default, en).',
      },
    },
    transform: jsonSchemaTransform,
  });

  // An id that is not a UUID cannot name anything: answer "not found", as for any unknown id.
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, string> | undefined;
    if (!params) return;
    for (const key of ['id', 'organizationId', 'versionId'] as const) {
      const value = params[key];
      if (value !== undefined && !uuidPattern.test(value)) {
        const segments = request.url.split('?')[0]!.split('/');
        const entity: Entity = key === 'versionId' ? 'version' : key === 'organizationId' ? 'organization' : (entityBySegment[segments[3] ?? ''] ?? 'plan');
        throw notFound(entity);
      }
    }
  });

  // After the id check: the route's policy, before the body is validated or anything is read.
  app.addHook('preValidation', async (request) => {
    const policy = request.routeOptions.config.policy;
    if (policy) await policy.authorize(request, options.database.db);
  });

  app.addHook('preValidation', async (request) => {
    const problems = [...inputProblems('querystring', request.query), ...inputProblems('body', request.body)];
    if (problems.length > 0) throw invalidFields(problems);
  });

  app.get('/healthz', { config: { policy: publicAccess }, schema: { hide: true, response: { 200: z.object({ status: z.literal('ok'), database: z.string() }) } } }, async () => {
    await options.database.db.execute('select 1' as never).catch(() => undefined);
    return { status: 'ok' as const, database: options.database.kind };
  });

  await app.register(
    async (api) => {
      const db = options.database.db;
      await api.register(authRoutes, { db, auth });
      await api.register(organizationRoutes, { db });
      await api.register(unitRoutes, { db });
      await api.register(planRoutes, { db });
      await api.register(contentRoutes, { db });
      await api.register(breakdownRoutes, { db });
      await api.register(importRoutes, { db });
      await api.register(memberRoutes, { db, auth });
      await api.register(ssoRoutes, { db, auth });
      await api.register(auditRoutes, { db });
      await api.register(followUpRoutes, { db });
      await api.register(calendarRoutes, { db, publicUrl: auth.publicUrl });
      await api.register(consultationRoutes, { db, auth });
      api.get('/openapi.json', { config: { policy: publicAccess }, schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  return app;
}
