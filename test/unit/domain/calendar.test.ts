import { describe, expect, it } from 'vitest';
import { campaignSuggestions, escapeText, expandOccurrences, foldLine, sameDayInYear, toICalendar, type WheelEvent } from '../../../src/domain/calendar.js';

const event = (over: Partial<WheelEvent>): WheelEvent => ({ id: 'e1', title: 'T', description: null, kind: 'other', startDate: '2026-01-01', endDate: '2026-01-01', recursYearly: false, updatedAt: '2026-01-01T10:00:00Z', version: 1, ...over });

describe('iCalendar text', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });
  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'å'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.every((p) => Buffer.byteLength(p, 'utf8') <= 75)).toBe(true);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });
  it('writes a calendar with CRLF, all-day events with an exclusive end, and RRULE for yearly ones', () => {
    const ics = toICalendar([event({ title: 'Orange Week', kind: 'campaign', startDate: '2026-11-20', endDate: '2026-11-26', recursYearly: true, version: 3 })], { domain: 'example.se', name: 'Årshjul' }, new Date('2026-05-01T12:00:00Z'));
    expect(ics.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Fridplan//Fridplan årshjul//SV',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:Årshjul',
      'BEGIN:VEVENT',
      'UID:e1@example.se',
      'DTSTAMP:20260501T120000Z',
      'LAST-MODIFIED:20260101T100000Z',
      'SEQUENCE:2',
      'DTSTART;VALUE=DATE:20261120',
      'DTEND;VALUE=DATE:20261127',
      'RRULE:FREQ=YEARLY',
      'SUMMARY:Orange Week',
      'CATEGORIES:Kampanj',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
  });
});

describe('occurrences', () => {
  it('repeat yearly events in the window, across new year and on 29 February', () => {
    const events = [
      event({ id: 'a', title: 'Vinter', startDate: '2025-12-28', endDate: '2026-01-03', recursYearly: true }),
      event({ id: 'b', title: 'Skottdag', startDate: '2024-02-29', endDate: '2024-02-29', recursYearly: true }),
      event({ id: 'c', title: 'En gång', startDate: '2027-06-01', endDate: '2027-06-01' }),
    ];
    const o = expandOccurrences(events, '2026-01-01', '2026-12-31');
    expect(o.map((x) => [x.id, x.occurrenceStart, x.occurrenceEnd])).toEqual([
      ['a', '2025-12-28', '2026-01-03'],
      ['b', '2026-02-28', '2026-02-28'],
      ['a', '2026-12-28', '2027-01-03'],
    ]);
    expect(sameDayInYear('2024-02-29', 2028)).toBe('2028-02-29');
  });
  it('suggests the campaigns with the 16 days from 25 November to 10 December', () => {
    expect(campaignSuggestions(2026).find((c) => c.key === '16-days-of-activism')).toMatchObject({ startDate: '2026-11-25', endDate: '2026-12-10' });
  });
});
