import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for the single sign-on tests. The
 * person who signs in is chosen by the test (`signInAs`); the login and consent steps are finished
 * programmatically by this server's own interaction endpoint, so a test drives the whole browser
 * trip with plain HTTP requests (`followToCallback`).
 */

export interface TestAccount {
  email?: string | undefined;
  email_verified?: boolean | undefined;
  name?: string | undefined;
  groups?: string[] | string | undefined;
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The account the next login signs in as (its id is the `sub`). */
  signInAs(accountId: string, account: TestAccount): void;
  /**
   * Plays the browser: starts at the provider's authorization address, keeps the provider's
   * cookies, passes login and consent, and returns the address the provider sends the browser back
   * to (the client's redirect URI with code, state and iss).
   */
  followToCallback(authorizationUrl: string): Promise<URL>;
  close(): Promise<void>;
}

export async function startIdentityProvider(options: { redirectUris: string[] }): Promise<TestIdentityProvider> {
  const accounts = new Map<string, TestAccount>();
  let next: string | undefined;
  const clientId = 'fridplan-test';
  const clientSecret = randomBytes(24).toString('base64url');

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris, grant_types: ['authorization_code'], response_types: ['code'] }],
    jwks: { keys: [{ ...signingKey, kid: 'test-signing', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, ...Object.fromEntries(Object.entries(account).filter(([, v]) => v !== undefined)) }),
      };
    },
  });
  // oidc-provider reports errors it answers to clients on events; a test reads them from the answer.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider', error));

  const handleInteraction = async (req: IncomingMessage, res: ServerResponse) => {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      if (!next) throw new Error('signInAs() was not called');
      return provider.interactionFinished(req, res, { login: { accountId: next } }, { mergeWithLastSubmission: false });
    }
    // Consent: grant what the client asked for.
    const accountId = details.session?.accountId ?? next!;
    const grant = (details.grantId && (await provider.Grant.find(details.grantId))) || new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  };

  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      handleInteraction(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    } else {
      callback(req, res);
    }
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(accountId, account) {
      accounts.set(accountId, account);
      next = accountId;
    },
    async followToCallback(authorizationUrl) {
      const cookies = new Map<string, string>();
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 20; hop++) {
        if (url.origin !== issuer) return url;
        const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const eq = pair!.indexOf('=');
          const value = pair!.slice(eq + 1);
          if (value === '') cookies.delete(pair!.slice(0, eq).trim());
          else cookies.set(pair!.slice(0, eq).trim(), value);
        }
        const location = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || !location) {
          throw new Error(`the provider answered ${response.status} at ${url.pathname}: ${(await response.text()).slice(0, 500)}`);
        }
        url = new URL(location, url);
      }
      throw new Error('too many redirects at the provider');
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
