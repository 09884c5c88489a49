import { clean, squash } from './text-utils.js';
import { matchThreshold, unitNorm, type UnitResolver } from './units.js';
import type { MeasureScope } from '../domain/vocabulary.js';
import type { UnitMatch } from './types.js';

/**
 * Who is responsible for a measure. Two sources, in this order:
 *
 * 1. A responsibility statement — an "Ansvar:" line, an "Ansvarig nämnd" table cell: everything in it
 *    is a unit. The lead units come first; "i samverkan med", "i samarbete med", "tillsammans med",
 *    "Medansvarig:" and the like introduce the co-responsible ones.
 * 2. Without one, the measure's own text: its subject when that is a unit ("Förvaltningen ska …"),
 *    the agent of a passive ("… som samordnas av HR-avdelningen"), and the parties after
 *    "i samverkan med" / "samverkar med". A unit-specific activity in a unit's own plan defaults to
 *    that unit. Only in activities the document files under collaboration are other units it names
 *    taken as co-responsible.
 */

export interface Responsibility {
  lead: UnitMatch[];
  co: UnitMatch[];
  /** The statement tidied ("Kommunstyrelsen. Medansvarig: Socialnämnden, …"), when there was one. */
  text: string | null;
}

const coMarker =
  /\s*(?:\b(?:i\s+samverkan\s+med|i\s+samarbete\s+med|tillsammans\s+med|med\s+stöd\s+av|i\s+samråd\s+med|i\s+dialog\s+med)\b|\b(?:medansvarig[a]?|medansvar|samverkanspart(?:er)?|delaktiga|stöd)\s*:)\s*/iu;

/** Splits "A, B och C" into unit names, preferring the organization's own names where they fit. */
export function splitUnitList(text: string, resolver: UnitResolver, strict: boolean): string[] {
  const s = squash(text.replace(/[•·▪]/g, ','));
  const out: string[] = [];
  let pos = 0;
  const separator = /^\s*(?:[,;/&]\s*(?:(?:och|samt)\s+(?:även\s+)?(?:med\s+)?)?|(?:och|samt|samt även|och även)\s+(?:med\s+)?|\+\s*)/iu;
  while (pos < s.length) {
    const sep = separator.exec(s.slice(pos));
    if (sep && sep[0].length) pos += sep[0].length;
    while (s[pos] === ' ') pos++;
    if (pos >= s.length) break;
    const rest = s.slice(pos);
    // "externa aktörer såsom X och Y": the named examples are the parties.
    const example = /^([^,;]{0,60}?)\s+(?:såsom|som\s+t\.?\s?ex\.?|t\.?\s?ex\.?|exempelvis|bland\s+annat|bl\.a\.?)\s+/iu.exec(rest);
    if (example && !resolver.resolve(example[1]!).unitId) {
      pos += example[0].length;
      continue;
    }
    const known = longestKnownPrefix(rest, resolver);
    if (known) {
      out.push(known);
      pos += known.length;
      continue;
    }
    // No known unit starts here: take the text up to the next separator.
    let chunk = (/^(.+?)(?=\s*[,;/&]|\s+(?:och|samt)\s+|$)/u.exec(rest)?.[1] ?? rest);
    let consumed = chunk.length;
    // "Kultur och fritidsförvaltningen": an "och" between a bare word and a unit name belongs to the name.
    const och = /^(\s+och\s+)(.+?)(?=\s*[,;/&]|\s+(?:och|samt)\s+|$)/u.exec(rest.slice(consumed));
    if (och && chunk.split(' ').length === 1 && !headNoun.test(unitNorm(chunk)) && headNoun.test(unitNorm(och[2]!).split(' ').at(-1) ?? '')) {
      chunk = `${chunk} och ${och[2]!}`;
      consumed += och[0].length;
    }
    const cleaned = chunk.replace(/[.:;]+$/, '').trim();
    if (!strict && !looksLikeUnit(cleaned, resolver)) break;
    if (cleaned) out.push(cleaned);
    pos += consumed;
    if (!strict && !/^\s*(?:[,;/&]|(?:och|samt)\s)/iu.test(s.slice(pos))) break;
  }
  return out.filter((n) => n.length > 1);
}

const headNoun =
  /(?:namnd(?:en|er|erna)?|forvaltning(?:en|ar|arna)?|kontor(?:et)?|styrelse(?:n|r|rna)?|fullmaktige|utskott(?:et)?|radet|bolag(?:et|en)?|ab|avdelning(?:en|ar|arna)?|enhet(?:en|er|erna)?|forbund(?:et)?|myndighet(?:en|er|erna)?|polis(?:en|myndigheten)?|region(?:en)?|lansstyrelse(?:n)?|kommun(?:en|er|erna)?|jour(?:en|er|erna)?|aktor(?:en|er|erna)?|verksamhet(?:en|er|erna)?|organisation(?:en|er|erna)?|civilsamhallet|sektorn|centrum|center|gruppen|natverk(?:et)?|mottagning(?:en)?|skola|skolan|skolor|sjukvard(?:en)?|kriminalvard(?:en)?|forening(?:en|ar|arna)?|partner)$/;

const determiners = /^(?:andra|övriga|alla|samtliga|berörda|lokala|regionala|statliga|externa|interna|ideella|idéburna|den|det|de|relevanta|kommunens|stadens|regionens)\b/iu;

function looksLikeUnit(name: string, resolver: UnitResolver): boolean {
  if (!name || name.split(' ').length > 6) return false;
  if (resolver.resolve(name).unitId) return true;
  if (!/^\p{Lu}/u.test(name) && !determiners.test(name)) return false;
  if (/\s(?:i|med|ska|sker|som|för|att)\s/iu.test(` ${name} `.slice(1))) return false;
  return headNoun.test(unitNorm(name).split(' ').at(-1) ?? '');
}

/** The longest known unit name (or alias) the text starts with, as the text writes it. */
function longestKnownPrefix(text: string, resolver: UnitResolver): string | null {
  const ends: number[] = [];
  const re = /[\s,;.:)]|$/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && ends.length < 12) {
    if (m.index > 0) ends.push(m.index);
    if (m.index >= text.length) break;
    re.lastIndex = m.index + 1;
  }
  let best: { end: number; score: number } | null = null;
  for (const end of ends) {
    const candidate = text.slice(0, end).trim();
    if (/[,;]/.test(candidate)) break;
    const match = resolver.resolve(candidate);
    if (!match.unitId) continue;
    const exactish = match.score >= 0.95;
    if (!best || (exactish && (best.score < 0.95 || end > best.end)) || (!exactish && best.score < 0.95 && match.score > best.score)) {
      best = { end, score: match.score };
    }
  }
  if (!best) return null;
  // Include a closing quote or parenthesis that belongs to the name.
  const name = text.slice(0, best.end).trim();
  const close = /^[”"’)]/.exec(text.slice(best.end));
  return close ? name + close[0] : name;
}

/** Parses a responsibility statement (an "Ansvar:" value or a responsibility table cell). */
export function parseResponsibility(raw: string, resolver: UnitResolver): Responsibility {
  let text = clean(raw)
    .replace(/^(?:ansvar(?:et)?|ansvarig(?:a)?(?:\s+\p{L}+)?)\s*:\s*/iu, '')
    .replace(/^[,•\s]+|[,•\s]+$/g, '');
  text = text.replace(/\s*•\s*/g, ' • ');
  const parts = text.split(coMarker);
  const leadPart = parts[0] ?? '';
  const coParts = parts.slice(1);
  const leadNames = listNames(leadPart, resolver);
  const coNames = coParts.flatMap((p) => listNames(p, resolver));
  const lead = dedupe(leadNames.map((n) => resolver.resolve(n)));
  const co = dedupe(coNames.map((n) => resolver.resolve(n))).filter((c) => !lead.some((l) => sameUnit(l, c)));
  const hasBullets = /•/.test(raw) || /<(?:ul|li)\b/i.test(raw) || /medansvarig\s*:/i.test(raw);
  const tidy = hasBullets
    ? [lead.map((u) => u.text).join(', '), co.length ? `Medansvarig: ${co.map((u) => u.text).join(', ')}` : ''].filter(Boolean).join('. ')
    : text;
  return { lead, co, text: tidy || null };
}

function listNames(part: string, resolver: UnitResolver): string[] {
  let trimmed = part.replace(/^[\s,.•]+|[\s,.•]+$/g, '');
  if (!trimmed) return [];
  if (/^gemensamt\s+för\s+/iu.test(trimmed) && !longestKnownPrefix(trimmed, resolver)) trimmed = trimmed.replace(/^gemensamt\s+för\s+/iu, '');
  if (trimmed.includes('•')) return trimmed.split('•').flatMap((p) => splitSpaced(p.trim(), resolver)).filter(Boolean);
  return splitSpaced(trimmed, resolver);
}

/**
 * A list cell flattened without separators ("Socialnämnden Omsorgsnämnden Äldreomsorgsnämnden"):
 * split where known unit names, or names ending in a body's head noun, end.
 */
function splitSpaced(text: string, resolver: UnitResolver): string[] {
  if (/[,;]|\s(?:och|samt)\s/u.test(text)) return splitUnitList(text, resolver, true);
  const wordsList = text.split(/\s+/).filter(Boolean);
  if (wordsList.length <= 2) return [text];
  if (resolver.resolve(text).score >= 0.95) return [text];
  const out: string[] = [];
  let i = 0;
  while (i < wordsList.length) {
    let taken = 0;
    for (let n = Math.min(8, wordsList.length - i); n >= 1; n--) {
      const candidate = wordsList.slice(i, i + n).join(' ');
      const match = resolver.resolve(candidate);
      if (match.unitId && match.score >= 0.95) {
        taken = n;
        break;
      }
    }
    if (!taken) {
      // Up to and including the next word that ends in a head noun.
      let n = 1;
      while (i + n <= wordsList.length && !headNoun.test(unitNorm(wordsList[i + n - 1]!))) n++;
      taken = Math.min(n, wordsList.length - i);
    }
    out.push(wordsList.slice(i, i + taken).join(' '));
    i += taken;
  }
  return out;
}

function sameUnit(a: UnitMatch, b: UnitMatch): boolean {
  return a.unitId !== null ? a.unitId === b.unitId : b.unitId === null && unitNorm(a.text) === unitNorm(b.text);
}

function dedupe(list: UnitMatch[]): UnitMatch[] {
  const out: UnitMatch[] = [];
  for (const u of list) if (!out.some((o) => sameUnit(o, u))) out.push(u);
  return out;
}

const subjectVerb =
  /^(.{2,90}?)\s+(?:ska|skall|bör|kommer\s+att|ansvarar|deltar|samverkar|samarbetar|erbjuder|arbetar|genomför|tar\s+fram|leder|samordnar|ges|har\s+i\s+uppdrag|utvecklar|följer|driver)\b/iu;
const passiveAgent = /\b(?:samordnas|leds|drivs|genomförs|ansvaras|hålls|ägs|administreras|utförs|organiseras|arrangeras|koordineras)\s+av\s+/iu;
const freeCoMarker = /\b(?:i\s+samverkan\s+med|i\s+samarbete\s+med|tillsammans\s+med|samverkar\s+med|samarbetar\s+med|i\s+samråd\s+med|i\s+dialog\s+med)\s+/giu;

/** Units named in a measure's own text, when the document gives no responsibility statement. */
export function unitsFromText(
  text: string,
  description: string | null,
  scope: MeasureScope | null,
  owner: UnitMatch | null,
  resolver: UnitResolver,
): Responsibility {
  const lead: UnitMatch[] = [];
  const co: UnitMatch[] = [];
  const add = (list: UnitMatch[], m: UnitMatch) => {
    if (![...lead, ...co].some((o) => sameUnit(o, m))) list.push(m);
  };
  const subject = subjectVerb.exec(text);
  if (subject) {
    const name = subject[1]!.replace(/\s+i\s+sin\s+.*$/iu, '').trim();
    const match = resolver.resolve(name);
    if (match.unitId || (name.split(' ').length <= 5 && /^\p{Lu}/u.test(name) && headNoun.test(unitNorm(name).split(' ').at(-1) ?? '') && !/s$/.test(unitNorm(name)))) add(lead, match);
  }
  for (const source of [text, description ?? '']) {
    const agent = passiveAgent.exec(source);
    if (agent) {
      for (const name of splitUnitList(source.slice(agent.index + agent[0].length).split(/[.;:]/)[0]!, resolver, false)) {
        add(lead.length ? co : lead, resolver.resolve(name));
      }
    }
  }
  if (!lead.length && scope === 'unit_specific' && owner?.unitId) add(lead, owner);
  for (const source of [text, description ?? '']) {
    for (const marker of source.matchAll(freeCoMarker)) {
      const after = source.slice(marker.index + marker[0].length).split(/[.;:]/)[0]!;
      for (const name of splitUnitList(after, resolver, false)) add(co, resolver.resolve(name));
    }
  }
  if (scope === 'collaboration') {
    for (const source of [text, description ?? '']) for (const m of knownMentions(source, resolver)) add(co, m);
  }
  return { lead, co, text: null };
}

/** Known unit names and aliases occurring in running text, longest first, without overlaps. */
function knownMentions(text: string, resolver: UnitResolver): UnitMatch[] {
  const haystack = ` ${unitNorm(text).replace(/[.,;:!?()]/g, ' ').replace(/\s+/g, ' ')} `;
  const taken: [number, number][] = [];
  const found: { at: number; match: UnitMatch }[] = [];
  for (const { norm, unit, written } of resolver.knownForms()) {
    if (norm.length < 4) continue;
    let from = 0;
    for (;;) {
      const at = haystack.indexOf(` ${norm} `, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + norm.length + 1;
      if (taken.some(([s, e]) => at < e && end > s)) continue;
      taken.push([at, end]);
      found.push({ at, match: { text: written, unitId: unit.id, unitName: unit.name, score: 1, proposeNew: false } });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.match);
}

export { matchThreshold };
