/** API messages for accounts, sessions, authorization and the audit trail (sv, en). */
export const sv: Record<string, string> = {
  authentication_required: 'Du behöver logga in för att göra detta.',
  forbidden: 'Din roll i organisationen ger inte behörighet till detta.',
  csrf_failed: 'Begäran saknar giltig säkerhetstoken. Ladda om sidan och försök igen.',
  invalid_credentials: 'Fel e-postadress eller lösenord.',
  too_many_attempts: 'För många misslyckade inloggningar. Vänta {minutes} minuter och försök igen.',
  rate_limited: 'För många förfrågningar. Vänta {seconds} sekunder och försök igen.',
  sso_not_configured: 'Organisationen har ingen inloggning via e-legitimation eller organisationskonto.',
  sso_failed: 'Inloggningen via organisationskontot misslyckades. Försök igen.',
  sso_domain_refused: 'E-postadressens domän är inte godkänd för organisationens inloggning.',
  cannot_remove_last_admin: 'Organisationen måste ha minst en administratör kvar.',
  // field level
  wrong_password: 'Stämmer inte med ditt nuvarande lösenord.',
  password_too_short: 'Lösenordet måste ha minst 12 tecken.',
  password_too_long: 'Lösenordet får ha högst 256 tecken.',
  password_common: 'Lösenordet är för vanligt eller för enkelt. Välj en längre fras som är svår att gissa.',
  password_personal: 'Lösenordet får inte innehålla din e-postadress eller ditt namn.',
  reset_link_invalid: 'Länken är ogiltig, har redan använts eller har gått ut. Be en administratör om en ny.',
  unit_required_for_reporter: 'En rapportör måste ha minst en enhet.',
  units_only_for_reporter: 'Bara rapportörer knyts till enheter.',
  already_member: 'Personen är redan medlem i organisationen ("{value}").',
  reset_link_other_organizations: 'Personen är systemadministratör eller medlem i en organisation du inte administrerar. Be en systemadministratör om en återställningslänk.',
  sso_issuer_not_https: 'Utfärdaren måste nås över https (http bara på den egna datorn, för test).',
};

export const en: Record<string, string> = {
  authentication_required: 'You need to sign in to do this.',
  forbidden: 'Your role in the organization does not allow this.',
  csrf_failed: 'The request lacks a valid security token. Reload the page and try again.',
  invalid_credentials: 'Wrong e-mail address or password.',
  too_many_attempts: 'Too many failed sign-ins. Wait {minutes} minutes and try again.',
  rate_limited: 'Too many requests. Wait {seconds} seconds and try again.',
  sso_not_configured: 'The organization has no single sign-on configured.',
  sso_failed: 'Signing in with the organization account failed. Try again.',
  sso_domain_refused: 'The e-mail address’s domain is not allowed for the organization’s sign-in.',
  cannot_remove_last_admin: 'The organization must keep at least one administrator.',
  wrong_password: 'Does not match your current password.',
  password_too_short: 'The password must have at least 12 characters.',
  password_too_long: 'The password may have at most 256 characters.',
  password_common: 'The password is too common or too simple. Choose a longer phrase that is hard to guess.',
  password_personal: 'The password must not contain your e-mail address or your name.',
  reset_link_invalid: 'The link is invalid, already used or expired. Ask an administrator for a new one.',
  unit_required_for_reporter: 'A reporter needs at least one unit.',
  units_only_for_reporter: 'Only reporters are tied to units.',
  already_member: 'The person is already a member of the organization ("{value}").',
  reset_link_other_organizations: 'The person is a system administrator or a member of an organization you do not administer. Ask a system administrator for a reset link.',
  sso_issuer_not_https: 'The issuer must be reached over https (http only on this computer, for testing).',
};

export const entitiesSv: Record<string, string> = { user: 'användaren', member: 'medlemmen' };
export const entitiesEn: Record<string, string> = { user: 'the user', member: 'the member' };
