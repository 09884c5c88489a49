/**
 * The annual wheel: yearly events expanded into a window, the recurring national campaigns an
 * organization can add, and an iCalendar (RFC 5545) writer. Pure: no I/O.
 */

export interface WheelEvent {
  id: string;
  title: string;
  description: string | null;
  kind: string;
  startDate: string;
  endDate: string;
  recursYearly: boolean;
  updatedAt: string;
  version: number;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The same month and day in another year; 29 February becomes 28 February in a common year. */
export function sameDayInYear(date: string, year: number): string {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = m === 2 && d === 29 && !isLeap(year) ? 28 : d;
  return `${pad(year, 4)}-${pad(m)}-${pad(day)}`;
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** Occurrences of the events that overlap [from, to] (dates inclusive); yearly events once per year they fall in. */
export function expandOccurrences<E extends WheelEvent>(events: readonly E[], from: string, to: string): (E & { occurrenceStart: string; occurrenceEnd: string })[] {
  const out: (E & { occurrenceStart: string; occurrenceEnd: string })[] = [];
  const overlaps = (s: string, e: string) => e >= from && s <= to;
  for (const e of events) {
    if (!e.recursYearly) {
      if (overlaps(e.startDate, e.endDate)) out.push({ ...e, occurrenceStart: e.startDate, occurrenceEnd: e.endDate });
      continue;
    }
    const firstYear = Number(e.startDate.slice(0, 4));
    const spanYears = Number(e.endDate.slice(0, 4)) - firstYear;
    // An event across new year (e.g. 28 Dec – 3 Jan) that starts the year before the window also counts.
    for (let y = Math.max(firstYear, Number(from.slice(0, 4)) - spanYears); y <= Number(to.slice(0, 4)); y++) {
      const s = sameDayInYear(e.startDate, y);
      const en = sameDayInYear(e.endDate, y + spanYears);
      if (overlaps(s, en)) out.push({ ...e, occurrenceStart: s, occurrenceEnd: en });
    }
  }
  return out.sort((a, b) => (a.occurrenceStart === b.occurrenceStart ? a.title.localeCompare(b.title, 'sv') : a.occurrenceStart < b.occurrenceStart ? -1 : 1));
}

/**
 * Recurring campaigns against violence, as suggestions an organization adds to its wheel and then
 * adjusts: the 16 days of activism run 25 November – 10 December every year; the dates of Orange Week
 * and Vecka fri från våld are set by their organizers each year, so these are typical weeks to check.
 */
export function campaignSuggestions(year: number): { key: string; title: string; description: string; startDate: string; endDate: string }[] {
  return [
    {
      key: 'orange-week',
      title: 'Orange Week',
      description: 'Kampanjvecka för att uppmärksamma arbetet mot mäns våld mot kvinnor, våld i nära relationer och hedersrelaterat våld och förtryck. Kontrollera årets datum.',
      startDate: `${year}-11-20`,
      endDate: `${year}-11-26`,
    },
    {
      key: '16-days-of-activism',
      title: '16 dagar mot våld (16 days of activism)',
      description: 'FN:s internationella kampanj mot mäns våld mot kvinnor, från den internationella dagen för avskaffande av våld mot kvinnor (25 november) till de mänskliga rättigheternas dag (10 december).',
      startDate: `${year}-11-25`,
      endDate: `${year}-12-10`,
    },
    {
      key: 'vecka-fri-fran-vald',
      title: 'Vecka fri från våld',
      description: 'Nationell kampanjvecka mot våld i nära relationer, ofta i samverkan med civilsamhället. Kontrollera årets datum.',
      startDate: `${year}-11-23`,
      endDate: `${year}-11-29`,
    },
  ];
}

// --- iCalendar ---------------------------------------------------------------------------------

/** TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma; line breaks as \n. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

const utf8 = new TextEncoder();

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): CRLF followed by one space, never inside a
 * UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8.encode(ch).length;
    // The first line holds 75 octets; continuation lines 74, after their leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const icsDate = (date: string) => date.replace(/-/g, '');
const icsTimestamp = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export interface CalendarMeta {
  /** Used in UIDs: stable per installation. */
  domain: string;
  name: string;
  description?: string;
}

const categoryWords: Record<string, string> = { deadline: 'Sista dag', decision: 'Beslut', campaign: 'Kampanj', meeting: 'Möte', other: 'Övrigt' };

/** A VCALENDAR with one VEVENT per event (all-day; yearly events with RRULE), CRLF line ends. */
export function toICalendar(events: readonly WheelEvent[], meta: CalendarMeta, now: Date = new Date()): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Fridplan//Fridplan årshjul//SV',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(meta.name)}`,
    ...(meta.description ? [`X-WR-CALDESC:${escapeText(meta.description)}`] : []),
  ];
  const stamp = icsTimestamp(now.toISOString());
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.id}@${meta.domain}`,
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${icsTimestamp(e.updatedAt)}`,
      `SEQUENCE:${Math.max(0, e.version - 1)}`,
      `DTSTART;VALUE=DATE:${icsDate(e.startDate)}`,
      // DTEND of an all-day event is exclusive: the day after the last day.
      `DTEND;VALUE=DATE:${icsDate(addDays(e.endDate, 1))}`,
      ...(e.recursYearly ? ['RRULE:FREQ=YEARLY'] : []),
      `SUMMARY:${escapeText(e.title)}`,
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      `CATEGORIES:${escapeText(categoryWords[e.kind] ?? e.kind)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
