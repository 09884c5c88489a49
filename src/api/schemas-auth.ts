import { z } from 'zod';
import { roles } from '../domain/access.js';
import { errorResponse } from './schemas.js';

/*
 * Accounts, sessions, memberships and single sign-on: requests and responses, shared with the web client.
 */

const id = z.uuid();
const version = z.number().int().min(1).max(2_147_483_647);
const email = z.string().trim().toLowerCase().max(254).pipe(z.email());
/** Length and commonness are checked by the service, so that the message can say which rule failed. */
const password = z.string().min(1).max(1024);
const timestamp = z.string();

export const authErrors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 429: errorResponse };

export const role = z.enum(roles);

export const membershipSummary = z.object({
  organization: z.object({ id, code: z.string(), name: z.string() }),
  role,
  unitIds: z.array(id),
});

export const sessionUser = z.object({
  id,
  email: z.string(),
  displayName: z.string(),
  isSystemAdmin: z.boolean(),
  preferredLanguage: z.enum(['sv', 'en']).nullable(),
  memberships: z.array(membershipSummary),
});

/** The signed-in person, or `user: null` for the public. `csrfToken` goes in X-CSRF-Token on every change. */
export const sessionState = z.object({
  user: sessionUser.nullable(),
  csrfToken: z.string().nullable(),
  expiresAt: timestamp.nullable(),
  idleExpiresAt: timestamp.nullable(),
  idleMinutes: z.number().int(),
});

export const loginBody = z.strictObject({ email: z.string().trim().min(1).max(254), password });
export const changePasswordBody = z.strictObject({ currentPassword: password, newPassword: password });
export const redeemResetBody = z.strictObject({ token: z.string().min(1).max(200), newPassword: password });
export const updateAccountBody = z.strictObject({
  version,
  displayName: z.string().trim().min(1).max(200).optional(),
  preferredLanguage: z.enum(['sv', 'en']).nullable().optional(),
});
export const account = z.object({
  id,
  email: z.string(),
  displayName: z.string(),
  preferredLanguage: z.enum(['sv', 'en']).nullable(),
  hasPassword: z.boolean(),
  lastLoginAt: timestamp.nullable(),
  version: z.number().int(),
});

// --- members of an organization (admin) -----------------------------------------------------------

export const member = z.object({
  userId: id,
  membershipId: id,
  email: z.string(),
  displayName: z.string(),
  role,
  unitIds: z.array(id),
  hasPassword: z.boolean(),
  disabled: z.boolean(),
  lastLoginAt: timestamp.nullable(),
  version: z.number().int().describe('The membership version'),
});
export const memberParams = z.strictObject({ organizationId: z.string().max(100), userId: z.string().max(100) });
/** Adds a person to the organization: an existing account (by e-mail) gets a membership, a new one is created. */
export const createMemberBody = z.strictObject({
  email,
  displayName: z.string().trim().min(1).max(200),
  role,
  unitIds: z.array(id).max(100).default([]),
});
export const updateMemberBody = z.strictObject({ version, role: role.optional(), unitIds: z.array(id).max(100).optional() });
/** A new member without a password gets a link to set one; so does a reset. The link is shown once. */
export const resetLink = z.object({ url: z.string(), token: z.string(), expiresAt: timestamp });
export const createdMember = z.object({ member, resetLink: resetLink.nullable() });

// --- single sign-on ---------------------------------------------------------------------------------

export const ssoProvider = z.object({
  organizationId: id,
  issuer: z.string(),
  clientId: z.string(),
  /** Write-only: never sent back, only whether one is set. */
  hasClientSecret: z.boolean(),
  allowedDomains: z.array(z.string()),
  defaultRole: role,
  roleClaim: z.string().nullable(),
  roleMapping: z.record(z.string(), role),
  enabled: z.boolean(),
  version: z.number().int(),
});
export const putSsoProviderBody = z.strictObject({
  version: version.optional().describe('Required when changing an existing configuration'),
  issuer: z.url({ protocol: /^https?$/ }).max(500),
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().min(1).max(500).optional().describe('Left out: keep the stored secret'),
  allowedDomains: z.array(z.string().trim().toLowerCase().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'a domain such as kalmar.se')).min(1).max(20),
  defaultRole: role.default('reader'),
  roleClaim: z.string().trim().min(1).max(100).nullable().default(null),
  roleMapping: z.record(z.string().max(200), role).default({}),
  enabled: z.boolean().default(true),
});
/** Organizations that offer single sign-on, for the login page. */
export const ssoChoices = z.array(z.object({ organizationId: id, name: z.string(), code: z.string() }));
export const ssoStartQuery = z.strictObject({ organization: z.string().max(100), returnTo: z.string().max(500).optional() });
export const ssoCallbackQuery = z.object({ state: z.string().max(500).optional(), code: z.string().max(2000).optional(), error: z.string().max(500).optional(), error_description: z.string().max(2000).optional(), iss: z.string().max(500).optional() });
