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
  /** The address users reach Fridplan at (for links in e-mail and SSO redirects); https makes cookies Secure and turns on HSTS. */
  FRIDPLAN_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Behind a reverse proxy: trust its X-Forwarded-* headers (client address, https). */
  FRIDPLAN_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** A session ends after this many minutes without a request … */
  FRIDPLAN_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  /** … and at the latest this many hours after login. */
  FRIDPLAN_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Failed logins per account (and 10× per address) within 15 minutes before a temporary lockout. */
  FRIDPLAN_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** Requests per minute and client address to the login, reset and SSO routes. */
  FRIDPLAN_AUTH_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(30),
  /** Outgoing e-mail (reminders). Without SMTP_HOST mail is logged as not sent. */
  SMTP_HOST: z.string().trim().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** true: TLS from the start (port 465); false: STARTTLS when the server offers it. */
  SMTP_SECURE: z.enum(['true', 'false']).default('false'),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  MAIL_FROM: z.string().trim().min(3).default('Fridplan <no-reply@fridplan.invalid>'),
  /** How often this process looks for due background jobs (reminders), in seconds. */
  FRIDPLAN_JOB_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
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
  auth: AuthConfig;
  mail: MailConfig;
  jobIntervalMs: number;
}

export interface MailConfig {
  host: string | undefined;
  port: number;
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  from: string;
}

export interface AuthConfig {
  publicUrl: string | undefined;
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  authRateLimit: number;
}

export const defaultAuthConfig: AuthConfig = {
  publicUrl: undefined,
  trustProxy: false,
  sessionIdleMinutes: 60,
  sessionMaxHours: 12,
  loginMaxFailures: 5,
  authRateLimit: 30,
};

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
    auth: {
      publicUrl: e.FRIDPLAN_PUBLIC_URL?.replace(/\/+$/, ''),
      trustProxy: e.FRIDPLAN_TRUST_PROXY === 'true',
      sessionIdleMinutes: e.FRIDPLAN_SESSION_IDLE_MINUTES,
      sessionMaxHours: e.FRIDPLAN_SESSION_MAX_HOURS,
      loginMaxFailures: e.FRIDPLAN_LOGIN_MAX_FAILURES,
      authRateLimit: e.FRIDPLAN_AUTH_RATE_LIMIT,
    },
    mail: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      secure: e.SMTP_SECURE === 'true',
      user: e.SMTP_USER,
      password: e.SMTP_PASSWORD,
      from: e.MAIL_FROM,
    },
    jobIntervalMs: e.FRIDPLAN_JOB_INTERVAL_SECONDS * 1000,
  };
}
