import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration', () => {
  it('defaults to PGlite in ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('./data') });
    expect(config.port).toBe(3000);
    expect(config.seed).toBe('auto');
  });

  it('uses PostgreSQL when DATABASE_URL is set and honours FRIDPLAN_DATA_DIR and PORT', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/fridplan' }).database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/fridplan' });
    const config = loadConfig({ FRIDPLAN_DATA_DIR: '/tmp/x', PORT: '8080' });
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/tmp/x' });
    expect(config.port).toBe(8080);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.kind).toBe('pglite');
  });

  it('refuses wrong settings with a message naming each variable', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL');
      expect(message).toContain('PORT');
      expect(message).toContain('LOG_LEVEL');
    }
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('reads the sign-in settings, with safe defaults', () => {
    expect(loadConfig({}).auth).toEqual({ publicUrl: undefined, trustProxy: false, sessionIdleMinutes: 60, sessionMaxHours: 12, loginMaxFailures: 5, authRateLimit: 30 });
    const auth = loadConfig({ FRIDPLAN_PUBLIC_URL: 'https://fridplan.kalmar.se/', FRIDPLAN_TRUST_PROXY: 'true', FRIDPLAN_SESSION_IDLE_MINUTES: '30' }).auth;
    expect(auth).toMatchObject({ publicUrl: 'https://fridplan.kalmar.se', trustProxy: true, sessionIdleMinutes: 30 });
    expect(() => loadConfig({ FRIDPLAN_PUBLIC_URL: 'ftp://x.se' })).toThrow(/FRIDPLAN_PUBLIC_URL/);
    expect(() => loadConfig({ FRIDPLAN_SESSION_IDLE_MINUTES: '0' })).toThrow(/FRIDPLAN_SESSION_IDLE_MINUTES/);
  });
});
