import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { pickLanguage } from '../i18n/api-messages.js';
import { notFound, type Entity } from '../services/errors.js';
import { errorBody, handleError } from './error-handler.js';
import { contentRoutes } from './routes/content.js';
import { organizationRoutes } from './routes/organizations.js';
import { planRoutes } from './routes/plans.js';
import { unitRoutes } from './routes/units.js';

export interface AppOptions {
  database: Database;
  bodyLimit?: number;
  logger?: FastifyServerOptions['logger'];
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const entityBySegment: Record<string, Entity> = { organizations: 'organization', units: 'unit', plans: 'plan', nodes: 'node', measures: 'measure' };

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
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

  app.get('/healthz', { schema: { hide: true, response: { 200: z.object({ status: z.literal('ok'), database: z.string() }) } } }, async () => {
    await options.database.db.execute('select 1' as never).catch(() => undefined);
    return { status: 'ok' as const, database: options.database.kind };
  });

  await app.register(
    async (api) => {
      const db = options.database.db;
      await api.register(organizationRoutes, { db });
      await api.register(unitRoutes, { db });
      await api.register(planRoutes, { db });
      await api.register(contentRoutes, { db });
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  return app;
}
