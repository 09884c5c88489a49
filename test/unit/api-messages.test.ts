import { describe, expect, it } from 'vitest';
import { problemsFromZodIssue } from '../../src/api/error-handler.js';
import { hasMessage, pickLanguage, translate } from '../../src/i18n/api-messages.js';

describe('API messages', () => {
  it('picks Swedish by default and English when preferred', () => {
    expect(pickLanguage(undefined)).toBe('sv');
    expect(pickLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(pickLanguage('sv-SE,sv;q=0.9,en;q=0.8')).toBe('sv');
    expect(pickLanguage('de-DE,en;q=0.5')).toBe('en');
    expect(pickLanguage('fr')).toBe('sv');
    expect(pickLanguage('en;q=0.2,sv;q=0.8')).toBe('sv');
  });

  it('fills placeholders and names the entity in the language', () => {
    expect(translate('sv', 'not_found', { entity: 'plan' })).toBe('Hittades inte: planen.');
    expect(translate('en', 'not_found', { entity: 'plan' })).toBe('Not found: the plan.');
    expect(translate('sv', 'too_big_string', { maximum: 500 })).toBe('Får innehålla högst 500 tecken.');
    expect(translate('en', 'unknown_reference', { value: 'x' })).toBe('Does not exist in the organization ("x").');
  });

  it('has a Swedish and an English message for every code the services use', async () => {
    const codes = ['validation_failed', 'not_found', 'version_conflict', 'plan_not_editable', 'plan_not_deletable', 'plan_not_revisable', 'transition_not_allowed', 'unit_in_use', 'malformed_json', 'body_too_large', 'required', 'invalid_type', 'unknown_term', 'unknown_reference', 'duplicate_values', 'unit_both_lead_and_co', 'before_valid_from', 'already_exists', 'move_into_itself', 'invalid_date'];
    for (const code of codes) {
      expect(hasMessage(code), code).toBe(true);
      expect(translate('en', code)).not.toBe(translate('sv', code));
    }
  });

  it('maps zod issues to field problems with request paths', () => {
    expect(problemsFromZodIssue('body', '/title', 'invalid_type', { expected: 'string', input: undefined })).toEqual([{ path: 'body.title', code: 'required' }]);
    expect(problemsFromZodIssue('body', '/title', 'invalid_type', { expected: 'string', input: 5 })).toEqual([{ path: 'body.title', code: 'invalid_type', params: { expected: 'string' } }]);
    expect(problemsFromZodIssue('body', '/title', 'too_big', { origin: 'string', maximum: 500 })).toEqual([{ path: 'body.title', code: 'too_big_string', params: { maximum: 500 } }]);
    expect(problemsFromZodIssue('body', '', 'unrecognized_keys', { keys: ['foo', 'bar'] })).toEqual([
      { path: 'body.foo', code: 'unrecognized_key' },
      { path: 'body.bar', code: 'unrecognized_key' },
    ]);
    expect(problemsFromZodIssue('querystring', '/kind', 'invalid_value', { values: ['a', 'b'] })).toEqual([{ path: 'querystring.kind', code: 'invalid_value', params: { options: 'a, b' } }]);
    expect(problemsFromZodIssue('body', '/validFrom', 'invalid_format', { format: 'date' })).toEqual([{ path: 'body.validFrom', code: 'invalid_date' }]);
  });
});
