import * as accounts from './api-messages-accounts.js';
import * as consultation from './api-messages-consultation.js';
import * as followUp from './api-messages-followup.js';

/**
 * What the API says when it refuses a request, in Swedish (default) and English. Keyed by the
 * stable codes the services and validators use; {name} placeholders are filled from params.
 */
export const languages = ['sv', 'en'] as const;
export type Language = (typeof languages)[number];

type Messages = Record<string, string>;

const sv: Messages = {
  // request level
  validation_failed: 'Uppgifterna innehåller fel. Rätta fälten nedan.',
  not_found: 'Hittades inte: {entity}.',
  route_not_found: 'Det finns ingen sådan adress i API:et.',
  version_conflict: 'Någon annan har ändrat uppgifterna sedan du hämtade dem. Läs in den aktuella versionen och gör din ändring igen.',
  plan_not_editable: 'Planen har status "{status}" och dess innehåll kan inte ändras. Skapa en ny version av planen för att göra ändringar.',
  plan_not_deletable: 'Planen har status "{status}". Bara utkast kan tas bort.',
  plan_not_revisable: 'En ny version kan bara skapas av en antagen, gällande eller upphörd plan (planen har status "{status}").',
  transition_not_allowed: 'Planen kan inte gå från "{from}" till "{to}". Tillåtet: {allowed}.',
  unit_in_use: 'Enheten är ansvarig för {count} åtgärder och kan inte tas bort. Byt ansvarig först.',
  unit_has_reports: 'Enheten har {count} statusrapporter i uppföljningen och kan inte tas bort: de är en del av uppföljningens historik.',
  malformed_json: 'Begäran är inte giltig JSON.',
  body_too_large: 'Begäran är för stor.',
  unsupported_media_type: 'Innehållstypen stöds inte. Skicka application/json.',
  internal_error: 'Ett oväntat fel inträffade. Försök igen; kvarstår felet, kontakta förvaltningen av systemet.',
  // field level
  required: 'Måste anges.',
  invalid_type: 'Har fel typ: förväntade {expected}.',
  too_small_string: 'Måste innehålla minst {minimum} tecken.',
  too_big_string: 'Får innehålla högst {maximum} tecken.',
  too_small_number: 'Måste vara minst {minimum}.',
  too_big_number: 'Får vara högst {maximum}.',
  too_small_array: 'Måste innehålla minst {minimum} värden.',
  too_big_array: 'Får innehålla högst {maximum} värden.',
  invalid_value: 'Ogiltigt värde. Tillåtna värden: {options}.',
  invalid_format: 'Har fel format ({format}).',
  invalid_date: 'Måste vara ett datum på formen ÅÅÅÅ-MM-DD.',
  unrecognized_key: 'Okänt fält.',
  unknown_term: 'Okänt värde "{value}" i organisationens begreppslista.',
  unknown_framework_item: 'Okänd koppling "{value}" till ramverk.',
  unknown_reference: 'Finns inte i organisationen{valueSuffix}.',
  same_plan_reference: 'Måste peka på en annan plan än denna.',
  self_reference: 'En plan kan inte peka på sig själv.',
  duplicate_values: 'Innehåller samma värde flera gånger.',
  unit_both_lead_and_co: 'En enhet kan inte vara både ansvarig och medansvarig.',
  before_valid_from: 'Slutdatum får inte ligga före startdatum.',
  already_exists: 'Finns redan ("{value}").',
  unknown_organization_code: 'Okänd kod "{value}": ange en kommunkod från SCB (fyra siffror), eller 00 + länskod för region och länsstyrelse.',
  move_into_itself: 'En nod kan inte flyttas in under sig själv.',
  invalid_reference: 'Ogiltig hänvisning.',
  transition_required: 'Måste anges när planen antas.',
  invalid_character: 'Innehåller ett tecken som inte kan sparas (NUL eller en ofullständig teckenkod).',
  too_deep: 'Är för djupt nästlad: högst {maximum} nivåer.',
  // importing plan documents
  import_unsupported_format: 'Filtypen stöds inte. Ladda upp en textfil (.txt), en Markdown-fil (.md), ett Word-dokument (.docx) eller en PDF (.pdf).',
  import_too_large: 'Filen är för stor. Den får vara högst {maximum}.',
  import_document_too_large: 'Dokumentet är för stort för att läsas in. Dela upp det i mindre delar och läs in dem var för sig.',
  import_empty: 'Filen är tom eller innehåller ingen text.',
  import_encrypted: 'Filen är lösenordsskyddad eller krypterad och kan inte läsas. Spara en kopia utan skydd och ladda upp den.',
  import_image_only: 'Filen innehåller bara bilder, till exempel en inskannad PDF, och ingen text som kan läsas. Ladda upp en version med text eller kör textigenkänning (OCR) först.',
  import_unreadable: 'Filen kunde inte läsas. Den kan vara skadad eller ha fel filändelse.',
  import_not_multipart: 'Skicka dokumentet som multipart/form-data med filen i fältet "file".',
  import_one_file: 'Skicka exakt en fil, i fältet "file".',
  import_malformed: 'Uppladdningen blev ofullständig eller felaktig. Försök igen.',
  import_file_field: 'Filen ska skickas i fältet "file".',
};

const en: Messages = {
  validation_failed: 'The request has errors. Correct the fields below.',
  not_found: 'Not found: {entity}.',
  route_not_found: 'There is no such address in the API.',
  version_conflict: 'Someone else has changed this since you loaded it. Load the current version and make your change again.',
  plan_not_editable: 'The plan has status "{status}" and its content cannot change. Create a new version of the plan to make changes.',
  plan_not_deletable: 'The plan has status "{status}". Only drafts can be deleted.',
  plan_not_revisable: 'A new version can only be made of an adopted, in-force or expired plan (the plan has status "{status}").',
  transition_not_allowed: 'The plan cannot go from "{from}" to "{to}". Allowed: {allowed}.',
  unit_in_use: 'The unit is responsible for {count} measures and cannot be deleted. Change the responsibility first.',
  unit_has_reports: 'The unit has {count} status reports in the follow-up and cannot be deleted: they are part of the follow-up record.',
  malformed_json: 'The request is not valid JSON.',
  body_too_large: 'The request is too large.',
  unsupported_media_type: 'Unsupported content type. Send application/json.',
  internal_error: 'An unexpected error occurred. Try again; if it persists, contact the system administrators.',
  required: 'Is required.',
  invalid_type: 'Has the wrong type: expected {expected}.',
  too_small_string: 'Must contain at least {minimum} characters.',
  too_big_string: 'May contain at most {maximum} characters.',
  too_small_number: 'Must be at least {minimum}.',
  too_big_number: 'May be at most {maximum}.',
  too_small_array: 'Must contain at least {minimum} values.',
  too_big_array: 'May contain at most {maximum} values.',
  invalid_value: 'Invalid value. Allowed values: {options}.',
  invalid_format: 'Has the wrong format ({format}).',
  invalid_date: 'Must be a date in the form YYYY-MM-DD.',
  unrecognized_key: 'Unknown field.',
  unknown_term: 'Unknown value "{value}" in the organization’s vocabulary.',
  unknown_framework_item: 'Unknown framework link "{value}".',
  unknown_reference: 'Does not exist in the organization{valueSuffix}.',
  same_plan_reference: 'Must point to another plan than this one.',
  self_reference: 'A plan cannot point to itself.',
  duplicate_values: 'Contains the same value more than once.',
  unit_both_lead_and_co: 'A unit cannot be both responsible and co-responsible.',
  before_valid_from: 'The end date must not be before the start date.',
  already_exists: 'Already exists ("{value}").',
  unknown_organization_code: 'Unknown code "{value}": give an SCB municipality code (four digits), or 00 + county code for a region or county board.',
  move_into_itself: 'A node cannot be moved under itself.',
  invalid_reference: 'Invalid reference.',
  transition_required: 'Is required when the plan is adopted.',
  invalid_character: 'Contains a character that cannot be stored (NUL or an incomplete character code).',
  too_deep: 'Is nested too deeply: at most {maximum} levels.',
  import_unsupported_format: 'This file type is not supported. Upload a text file (.txt), a Markdown file (.md), a Word document (.docx) or a PDF (.pdf).',
  import_too_large: 'The file is too large. It may be at most {maximum}.',
  import_document_too_large: 'The document is too large to read. Split it into smaller parts and import them one at a time.',
  import_empty: 'The file is empty or contains no text.',
  import_encrypted: 'The file is password-protected or encrypted and cannot be read. Save a copy without protection and upload that.',
  import_image_only: 'The file contains only images, such as a scanned PDF, and no readable text. Upload a version with text, or run text recognition (OCR) first.',
  import_unreadable: 'The file could not be read. It may be damaged or have the wrong file extension.',
  import_not_multipart: 'Send the document as multipart/form-data with the file in the field "file".',
  import_one_file: 'Send exactly one file, in the field "file".',
  import_malformed: 'The upload was incomplete or malformed. Try again.',
  import_file_field: 'Send the file in the field "file".',
};

const entities: Record<Language, Record<string, string>> = {
  sv: { organization: 'organisationen', unit: 'enheten', plan: 'planen', node: 'målet eller rubriken', measure: 'åtgärden', version: 'versionen', term: 'begreppet', ...accounts.entitiesSv, ...consultation.entitiesSv, ...followUp.entitiesSv },
  en: { organization: 'the organization', unit: 'the unit', plan: 'the plan', node: 'the goal or heading', measure: 'the measure', version: 'the version', term: 'the term', ...accounts.entitiesEn, ...consultation.entitiesEn, ...followUp.entitiesEn },
};

/** Each area of the API keeps its messages in a file of its own; they meet here. */
const catalogue: Record<Language, Messages> = { sv: { ...sv, ...accounts.sv, ...consultation.sv, ...followUp.sv }, en: { ...en, ...accounts.en, ...consultation.en, ...followUp.en } };

export function translate(language: Language, code: string, params: Record<string, string | number> = {}): string {
  const template = catalogue[language][code] ?? catalogue[language].validation_failed!;
  const filled: Record<string, string | number> = { ...params };
  if (typeof params.entity === 'string') filled.entity = entities[language][params.entity] ?? params.entity;
  filled.valueSuffix = params.value !== undefined && params.value !== '' ? ` ("${params.value}")` : '';
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(filled[key] ?? ''));
}

export function hasMessage(code: string): boolean {
  return code in catalogue.sv;
}

/** Picks sv or en from an Accept-Language header by quality; Swedish when nothing matches. */
export function pickLanguage(header: string | undefined): Language {
  if (!header) return 'sv';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: (tag ?? '').trim().toLowerCase().split('-')[0], q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) {
    if (lang === 'sv' || lang === 'en') return lang;
    if (lang === 'nb' || lang === 'no' || lang === 'da' || lang === 'nn') return 'sv';
  }
  return 'sv';
}
