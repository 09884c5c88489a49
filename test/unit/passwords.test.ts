import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/services/passwords.js';

describe('password rules', () => {
  it('wants at least 12 characters', () => {
    expect(passwordProblem('Kort-lösen1')).toBe('password_too_short');
    expect(passwordProblem('Kort-lösen12')).toBeNull();
  });

  it('refuses passwords on the shipped list of common passwords, and trivial ones', () => {
    expect(passwordProblem('password1234')).toBe('password_common');
    expect(passwordProblem('qwertyuiopasdfgh')).toBe('password_common');
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toBe('password_common');
  });

  it('refuses the e-mail address or name inside the password', () => {
    expect(passwordProblem('anna.andersson-2026', { email: 'anna.andersson@kalmar.se' })).toBe('password_personal');
    expect(passwordProblem('Lindqvist-vinter-26', { displayName: 'Karin Lindqvist' })).toBeNull();
    expect(passwordProblem('KarinLindqvist-vinter', { displayName: 'Karin Lindqvist' })).toBe('password_personal');
  });

  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('Vinter-Kalmar-2026!');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'Vinter-Kalmar-2026!')).toBe(true);
    expect(await verifyPassword(hash, 'vinter-Kalmar-2026!')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
