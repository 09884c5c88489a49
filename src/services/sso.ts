import * as oidc from 'openid-client';
import type { AuthConfig } from '../config/config.js';
import type { Db } from '../db/database.js';
import * as accounts from '../db/repositories/accounts.js';
import * as repo from '../db/repositories/sso.js';
import { roles, type Actor, type Role, type SignedInActor } from '../domain/access.js';
import { normalizeEmail } from './accounts.js';
import { recordAudit } from './audit.js';
import { AppError, ProblemList, versionConflict } from './errors.js';
import { createSession, type SessionInfo } from './sessions.js';
import { inTransaction } from './transaction.js';

/**
 * Single sign-on with OpenID Connect, configured per organization: the authorization code flow with
 * PKCE, state and nonce (kept in sso_login_states, so that any server process can finish a login),
 * and provisioning of the person from the provider's claims.
 */

export const ssoScope = 'openid email profile';
const loginStateMinutes = 10;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why a login ends on the login page; the code goes in /login?error=… for the page to explain. */
export type SsoRefusalCode = 'sso_failed' | 'sso_domain_refused' | 'sso_not_configured';
export class SsoRefusal extends Error {
  constructor(
    readonly code: SsoRefusalCode,
    /** For the log only: what went wrong, without tokens. */
    readonly detail?: string,
  ) {
    super(code);
    this.name = 'SsoRefusal';
  }
}

/**
 * Where to land after signing in: a path on this site only. "//host" and "/\host" are read by
 * browsers as another site, so anything but a single leading slash falls back to the start page.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (typeof value !== 'string' || !/^\/(?![/\\])/.test(value) || /[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  return value;
}

const isLoopback = (hostname: string): boolean => hostname === 'localhost' || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';

/** https always; plain http only for a provider on this computer (tests, local trials). */
export function issuerAllowed(issuer: string): boolean {
  try {
    const url = new URL(issuer);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  } catch {
    return false;
  }
}

// --- configuration (organization admins) ----------------------------------------------------------

export const presentSsoProvider = (row: repo.SsoProviderRow) => ({
  organizationId: row.organizationId,
  issuer: row.issuer,
  clientId: row.clientId,
  hasClientSecret: row.clientSecret.length > 0,
  allowedDomains: row.allowedDomains,
  defaultRole: row.defaultRole as Role,
  roleClaim: row.roleClaim,
  roleMapping: row.roleMapping as Record<string, Role>,
  enabled: row.enabled,
  version: row.version,
});

export async function getSsoProvider(db: Db, organizationId: string): Promise<repo.SsoProviderRow> {
  const row = await repo.findSsoProvider(db, organizationId);
  if (!row) throw new AppError(404, 'sso_not_configured');
  return row;
}

export interface SsoProviderInput {
  version?: number | undefined;
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  allowedDomains: string[];
  defaultRole: Role;
  roleClaim: string | null;
  roleMapping: Record<string, Role>;
  enabled: boolean;
}

/**
 * Creates or replaces the organization's configuration. The client secret is write-only: left out,
 * the stored one stays. Reporters act for units, which a provider cannot name: single sign-on
 * gives every role but that one.
 */
export async function putSsoProvider(db: Db, actor: Actor, organizationId: string, input: SsoProviderInput): Promise<repo.SsoProviderRow> {
  return inTransaction(db, async (tx) => {
    const current = await repo.findSsoProvider(tx, organizationId);
    const problems = new ProblemList();
    if (!issuerAllowed(input.issuer)) problems.add('body.issuer', 'sso_issuer_not_https');
    if (input.defaultRole === 'reporter') problems.add('body.defaultRole', 'unit_required_for_reporter');
    for (const [group, role] of Object.entries(input.roleMapping)) if (role === 'reporter') problems.add(`body.roleMapping.${group}`, 'unit_required_for_reporter');
    if (!current && input.clientSecret === undefined) problems.add('body.clientSecret', 'required');
    if (current && input.version === undefined) problems.add('body.version', 'required');
    problems.throwIfAny();
    const values = {
      // As given: the issuer identifier is compared exactly, and some end in a slash.
      issuer: input.issuer,
      clientId: input.clientId,
      allowedDomains: [...new Set(input.allowedDomains)],
      defaultRole: input.defaultRole,
      roleClaim: input.roleClaim,
      roleMapping: input.roleMapping,
      enabled: input.enabled,
      ...(input.clientSecret !== undefined ? { clientSecret: input.clientSecret } : {}),
    };
    let saved: repo.SsoProviderRow | undefined;
    if (current) {
      if (current.version !== input.version) throw versionConflict(presentSsoProvider(current));
      saved = await repo.updateSsoProvider(tx, organizationId, input.version, values);
    } else {
      saved = await repo.insertSsoProvider(tx, { organizationId, clientSecret: input.clientSecret!, ...values });
    }
    if (!saved) {
      const fresh = await repo.findSsoProvider(tx, organizationId);
      throw versionConflict(fresh ? presentSsoProvider(fresh) : null);
    }
    await recordAudit(tx, actor, {
      organizationId,
      entity: 'sso_provider',
      entityId: organizationId,
      action: current ? 'update' : 'create',
      // The secret itself never enters the trail (auditSnapshot drops it); whether it changed does.
      before: current ? { ...current, clientSecretChanged: false } : null,
      after: { ...saved, clientSecretChanged: input.clientSecret !== undefined && input.clientSecret !== current?.clientSecret },
    });
    return saved;
  });
}

export const listSsoChoices = (db: Db) => repo.listEnabledSsoOrganizations(db);

// --- the provider's metadata ----------------------------------------------------------------------

const configurationTtlMs = 60 * 60_000;
const configurations = new Map<string, { version: number; at: number; config: oidc.Configuration }>();

/**
 * The provider's metadata (discovery), kept per process for an hour and until the configuration
 * changes. The client authenticates with client_secret_basic, the default of OpenID Connect, unless
 * the provider offers only client_secret_post.
 */
async function clientConfiguration(provider: repo.SsoProviderRow): Promise<oidc.Configuration> {
  const cached = configurations.get(provider.organizationId);
  if (cached && cached.version === provider.version && Date.now() - cached.at < configurationTtlMs) return cached.config;
  if (!issuerAllowed(provider.issuer)) throw new SsoRefusal('sso_failed', 'issuer is not https');
  const issuer = new URL(provider.issuer);
  const insecure = issuer.protocol === 'http:';
  const discovered = await oidc.discovery(issuer, provider.clientId, undefined, undefined, { execute: insecure ? [oidc.allowInsecureRequests] : [], timeout: 10 });
  const metadata = discovered.serverMetadata();
  const methods = metadata.token_endpoint_auth_methods_supported;
  const authentication = !methods || methods.includes('client_secret_basic') || !methods.includes('client_secret_post') ? oidc.ClientSecretBasic(provider.clientSecret) : oidc.ClientSecretPost(provider.clientSecret);
  const config = new oidc.Configuration(metadata, provider.clientId, { client_secret: provider.clientSecret }, authentication);
  if (insecure) oidc.allowInsecureRequests(config);
  config.timeout = 10;
  configurations.set(provider.organizationId, { version: provider.version, at: Date.now(), config });
  return config;
}

// --- signing in -----------------------------------------------------------------------------------

async function enabledProvider(db: Db, organizationId: string): Promise<repo.SsoProviderRow> {
  const provider = uuidPattern.test(organizationId) ? await repo.findSsoProvider(db, organizationId) : undefined;
  if (!provider || !provider.enabled) throw new SsoRefusal('sso_not_configured');
  return provider;
}

/**
 * Starts a login: remembers state, nonce and PKCE verifier, and answers the provider's address to
 * send the browser to, and the state (which the route also binds to the browser with a cookie).
 */
export async function startSsoLogin(db: Db, input: { organizationId: string; returnTo?: string | undefined; redirectUri: string }): Promise<{ url: URL; state: string }> {
  const provider = await enabledProvider(db, input.organizationId);
  const config = await clientConfiguration(provider);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  await repo.deleteExpiredLoginStates(db);
  await repo.insertLoginState(db, {
    state,
    organizationId: provider.organizationId,
    codeVerifier,
    nonce,
    returnTo: safeReturnTo(input.returnTo),
    expiresAt: new Date(Date.now() + loginStateMinutes * 60_000).toISOString(),
  });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    scope: ssoScope,
    response_type: 'code',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, state };
}

type Claims = Record<string, unknown>;

/** A claim by name, or by a dotted path into nested claims (as "realm_access.roles"). */
function claimAt(claims: Claims, name: string): unknown {
  if (name in claims) return claims[name];
  return name.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Claims)[key] : undefined), claims);
}

/** The highest role the mapping gives for the groups in the role claim (a list, or one string), or null. */
export function mappedRole(provider: Pick<repo.SsoProviderRow, 'roleClaim' | 'roleMapping'>, claims: Claims): Role | null {
  if (!provider.roleClaim) return null;
  const value = claimAt(claims, provider.roleClaim);
  const groups = (Array.isArray(value) ? value : [value]).filter((g): g is string => typeof g === 'string');
  const granted = groups.map((g) => provider.roleMapping[g]).filter((r): r is Role => (roles as readonly string[]).includes(r ?? '') && r !== 'reporter');
  // roles are listed from the most to the least powerful
  return granted.sort((a, b) => roles.indexOf(a) - roles.indexOf(b))[0] ?? null;
}

const plausibleEmail = /^[^\s@]+@([a-z0-9-]+\.)+[a-z0-9-]+$/;

/**
 * Finishes a login at the callback: the state is used up whatever happens next, the code is
 * exchanged (PKCE, nonce and issuer checked by openid-client), and the person is found by their
 * e-mail or created, with a membership of the organization. A session is opened.
 */
export async function finishSsoLogin(
  db: Db,
  input: { state: string | undefined; browserState: string | undefined; error: string | undefined; callbackUrl: URL },
  auth: AuthConfig,
): Promise<{ session: SessionInfo; returnTo: string; userId: string }> {
  if (!input.state) throw new SsoRefusal('sso_failed', 'no state');
  // The login must finish in the browser that started it: otherwise someone could send a victim a
  // callback address of their own login and have them work signed in as that someone.
  if (input.browserState !== input.state) throw new SsoRefusal('sso_failed', 'state not from this browser');
  const login = await repo.takeLoginState(db, input.state);
  if (!login) throw new SsoRefusal('sso_failed', 'unknown or used state');
  if (new Date(login.expiresAt).getTime() <= Date.now()) throw new SsoRefusal('sso_failed', 'login state expired');
  if (input.error) throw new SsoRefusal('sso_failed', `provider answered ${input.error}`);
  const provider = await enabledProvider(db, login.organizationId);
  const config = await clientConfiguration(provider);
  const tokens = await oidc.authorizationCodeGrant(config, input.callbackUrl, {
    pkceCodeVerifier: login.codeVerifier,
    expectedState: input.state,
    expectedNonce: login.nonce,
    idTokenExpected: true,
  });
  const idClaims = tokens.claims() as Claims | undefined;
  if (!idClaims) throw new SsoRefusal('sso_failed', 'no ID token');
  let claims: Claims = idClaims;
  // Many providers put profile claims (e-mail, groups) only in the UserInfo answer to a code flow.
  const needsMore = idClaims.email === undefined || (provider.roleClaim !== null && claimAt(idClaims, provider.roleClaim) === undefined);
  if (needsMore && config.serverMetadata().userinfo_endpoint) {
    const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub as string);
    claims = { ...(info as Claims), ...idClaims };
  }
  const email = typeof claims.email === 'string' ? normalizeEmail(claims.email) : '';
  if (!plausibleEmail.test(email)) throw new SsoRefusal('sso_failed', 'no e-mail claim');
  if (claims.email_verified === false || claims.email_verified === 'false') throw new SsoRefusal('sso_failed', 'e-mail not verified');
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (!provider.allowedDomains.includes(domain)) throw new SsoRefusal('sso_domain_refused', `domain ${domain}`);
  const displayName = displayNameFrom(claims, email);
  const role = mappedRole(provider, claims);
  return inTransaction(db, async (tx) => {
    const found = await accounts.findUserByEmail(tx, email);
    if (found?.disabledAt) throw new SsoRefusal('sso_failed', 'account disabled');
    let user = found;
    let created = false;
    if (!user) {
      user = await accounts.insertUserIfAbsent(tx, { email, displayName, passwordHash: null });
      created = user !== undefined;
      user ??= (await accounts.findUserByEmail(tx, email))!;
    }
    const actor: SignedInActor = { kind: 'user', userId: user.id, displayName: user.displayName, email: user.email, isSystemAdmin: user.isSystemAdmin, memberships: [] };
    await provision(tx, actor, provider, user, role, created);
    await accounts.updateUser(tx, user.id, { lastLoginAt: new Date().toISOString() });
    const session = await createSession(tx, user.id, 'sso', auth);
    return { session, returnTo: safeReturnTo(login.returnTo), userId: user.id };
  });
}

function displayNameFrom(claims: Claims, email: string): string {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const name = text(claims.name) || [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ') || email.slice(0, email.indexOf('@'));
  return name.slice(0, 200);
}

/**
 * A newcomer gets a membership with the mapped role, or the default one. A member keeps theirs
 * unless the mapping names another role; the organization's last admin is never demoted this way.
 */
async function provision(tx: Db, actor: SignedInActor, provider: repo.SsoProviderRow, user: accounts.UserRow, role: Role | null, accountCreated: boolean): Promise<void> {
  const organizationId = provider.organizationId;
  const membership = await accounts.findMembership(tx, user.id, organizationId);
  const snapshot = (m: accounts.MembershipRow) => ({ ...m, email: user.email, displayName: user.displayName });
  if (!membership) {
    const fallback = (roles as readonly string[]).includes(provider.defaultRole) && provider.defaultRole !== 'reporter' ? (provider.defaultRole as Role) : 'reader';
    const added = await accounts.insertMembershipIfAbsent(tx, { userId: user.id, organizationId, role: role ?? fallback, unitIds: [] });
    if (!added) return;
    await recordAudit(tx, actor, { organizationId, entity: 'membership', entityId: added.id, action: 'sso_provision', after: { ...snapshot(added), accountCreated } });
    return;
  }
  if (!role || role === membership.role) return;
  if (membership.role === 'admin') {
    const admins = await accounts.lockAdminMemberships(tx, organizationId);
    if (admins.length === 1 && admins[0] === membership.id) return;
  }
  const updated = await accounts.updateMembership(tx, membership.id, membership.version, { role, unitIds: [] });
  if (!updated) return;
  await recordAudit(tx, actor, { organizationId, entity: 'membership', entityId: updated.id, action: 'sso_role_update', before: snapshot(membership), after: snapshot(updated) });
}
