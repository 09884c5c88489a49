import path from 'node:path';
import { z } from 'zod';

/**
 * Typed configuration from the environment. Wrong settings stop the server at start with a
 * message that names the variable, rather than failing later on first use.
 */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL')
    .optional(),
  FRIDPLAN_DATA_DIR: z.string().trim().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the five demo municipalities when the database is empty. */
  FRIDPLAN_SEED: z.enum(['auto', 'never']).default('auto'),
  /** Largest accepted request body, in bytes. */
  FRIDPLAN_BODY_LIMIT: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
});

export type DatabaseConfig =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string };

export interface AppConfig {
  database: DatabaseConfig;
  port: number;
  host: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  seed: 'auto' | 'never';
  bodyLimit: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(e.FRIDPLAN_DATA_DIR) },
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    seed: e.FRIDPLAN_SEED,
    bodyLimit: e.FRIDPLAN_BODY_LIMIT,
  };
}
