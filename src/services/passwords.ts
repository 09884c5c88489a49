import { hash, verify } from '@node-rs/argon2';
import commonPasswords from 'fxa-common-password-list';
import { normalizeSearchText } from '../domain/search-text.js';

export const minimumPasswordLength = 12;
export const maximumPasswordLength = 256;

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane).
// algorithm 2 = Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, options);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Verified when the e-mail names no account, so that a wrong address takes as long as a wrong
 * password and the answer time does not tell whether an account exists.
 */
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = () => (decoyHash ??= hashPassword('fridplan-decoy-password-never-valid'));

/**
 * The field problem code for a password that is too weak, or null: at least 12 characters, not on
 * the shipped list of common passwords (fxa-common-password-list, from the 10-million list), not the
 * e-mail address or name.
 */
export function passwordProblem(password: string, person: { email?: string | undefined; displayName?: string | undefined } = {}): string | null {
  if ([...password].length < minimumPasswordLength) return 'password_too_short';
  if ([...password].length > maximumPasswordLength) return 'password_too_long';
  const plain = normalizeSearchText(password).replace(/\s+/g, '');
  if (commonPasswords.test(password) || commonPasswords.test(password.toLowerCase())) return 'password_common';
  if (new Set(plain).size < 4) return 'password_common';
  const personal = [person.email, person.email?.split('@')[0], person.displayName].filter((v): v is string => !!v && v.length >= 4).map((v) => normalizeSearchText(v).replace(/\s+/g, ''));
  if (personal.some((p) => plain.includes(p))) return 'password_personal';
  return null;
}
