import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from './harness.js';
import { api, expectError, expectValidation } from './helpers.js';
import { download, openRound, sodertalje, type Sodertalje } from './followup-support.js';

/** The annual wheel: events, yearly occurrences, the recurring campaigns, and the iCalendar feed (RFC 5545). */

let ctx: TestContext;
let s: Sodertalje;

beforeAll(async () => {
  ctx = await startTestApp({ seed: true });
  s = await sodertalje(ctx);
}, 180_000);
afterAll(async () => ctx?.close());

/** Unfolds content lines (RFC 5545 3.1) and splits them. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('annual wheel', () => {
  let decision: any;

  it('creates events; coordinators only; yearly events appear once per year in a window', async () => {
    const coordinator = api(ctx, { session: s.coordinator });
    expectError(await api(ctx, { session: s.reporters.social }).post(`/api/v1/organizations/${s.organizationId}/calendar`, { title: 'X', kind: 'other', startDate: '2026-01-01' }), 403, 'forbidden');
    expectValidation(await coordinator.post(`/api/v1/organizations/${s.organizationId}/calendar`, { title: 'Fel', kind: 'other', startDate: '2026-02-02', endDate: '2026-01-01' }), [{ path: 'body.endDate', code: 'before_valid_from' }]);

    const created = await coordinator.post(`/api/v1/organizations/${s.organizationId}/calendar`, {
      title: 'Kommunstyrelsen beslutar om uppföljningen; rapport, bilagor och protokoll',
      description: 'Ärendet tas upp i KS.\nHandläggare: samordnaren',
      kind: 'decision',
      startDate: '2026-04-15',
      isPublic: true,
      planId: s.planId,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    decision = created.body;
    expect(decision).toMatchObject({ endDate: '2026-04-15', recursYearly: false, isPublic: true });

    const campaigns = await coordinator.post(`/api/v1/organizations/${s.organizationId}/calendar/campaigns`, { year: 2026 });
    expect(campaigns.status).toBe(201);
    expect(campaigns.body.map((c: { title: string }) => c.title).sort()).toEqual(['16 dagar mot våld (16 days of activism)', 'Orange Week', 'Vecka fri från våld']);
    expect(campaigns.body.every((c: { recursYearly: boolean; kind: string }) => c.recursYearly && c.kind === 'campaign')).toBe(true);
    // Adding them again adds nothing.
    expect((await coordinator.post(`/api/v1/organizations/${s.organizationId}/calendar/campaigns`, { year: 2027 })).body).toEqual([]);
    // A private meeting.
    await coordinator.post(`/api/v1/organizations/${s.organizationId}/calendar`, { title: 'Styrgruppsmöte', kind: 'meeting', startDate: '2026-09-10', isPublic: false });

    const wheel = (await api(ctx, { session: s.reader }).get(`/api/v1/organizations/${s.organizationId}/calendar?from=2026-01-01&to=2027-12-31`)).body;
    const sixteen = wheel.occurrences.filter((o: { title: string }) => o.title.startsWith('16 dagar'));
    expect(sixteen.map((o: { occurrenceStart: string; occurrenceEnd: string }) => [o.occurrenceStart, o.occurrenceEnd])).toEqual([
      ['2026-11-25', '2026-12-10'],
      ['2027-11-25', '2027-12-10'],
    ]);
    expect(wheel.occurrences.filter((o: { title: string }) => o.title.startsWith('Kommunstyrelsen')).length).toBe(1);
    expect(wheel.events).toHaveLength(5);
    // The public may not read the wheel page's data; members only.
    expectError(await api(ctx, { session: null }).get(`/api/v1/organizations/${s.organizationId}/calendar`), 401, 'authentication_required');
  });

  it('puts an open round’s deadline on the wheel, where it follows the round', async () => {
    const round = await openRound(ctx, s, { name: 'Årsuppföljning 2026', periodStart: '2026-01-01', periodEnd: '2026-12-31', deadline: '2027-02-15' });
    const wheel = (await api(ctx, { session: s.reader }).get(`/api/v1/organizations/${s.organizationId}/calendar?from=2027-01-01&to=2027-03-31`)).body;
    const deadline = wheel.occurrences.find((o: { roundId: string | null }) => o.roundId === round.id);
    expect(deadline).toMatchObject({ kind: 'deadline', startDate: '2027-02-15', isPublic: false, title: 'Sista dag för rapportering: Årsuppföljning 2026' });
    expectError(await api(ctx, { session: s.coordinator }).patch(`/api/v1/organizations/${s.organizationId}/calendar/${deadline.id}`, { version: deadline.version, title: 'x' }), 409, 'calendar_event_follows_round');
  });

  it('serves an iCalendar feed: public events to everyone, all to members; escaped, folded, CRLF', async () => {
    const publicFeed = await download(ctx, null, `/api/v1/organizations/${s.organizationId}/calendar.ics`);
    expect(publicFeed.type).toBe('text/calendar; charset=utf-8');
    const ics = publicFeed.text;
    // Every line ends in CRLF, and none is longer than 75 octets.
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.split('\r\n').slice(0, -1).every((line) => Buffer.byteLength(line, 'utf8') <= 75 && !line.includes('\n'))).toBe(true);
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(4);
    expect(lines).toContain('SUMMARY:Kommunstyrelsen beslutar om uppföljningen\\; rapport\\, bilagor och protokoll');
    expect(lines).toContain('DESCRIPTION:Ärendet tas upp i KS.\\nHandläggare: samordnaren');
    expect(lines).toContain('DTSTART;VALUE=DATE:20260415');
    expect(lines).toContain('DTEND;VALUE=DATE:20260416');
    expect(lines).toContain(`UID:${decision.id}@fridplan.local`);
    // The 16 days: yearly, all-day, the end exclusive.
    const sixteen = lines.indexOf('SUMMARY:16 dagar mot våld (16 days of activism)');
    expect(sixteen).toBeGreaterThan(0);
    const event = lines.slice(lines.lastIndexOf('BEGIN:VEVENT', sixteen), lines.indexOf('END:VEVENT', sixteen) + 1);
    expect(event).toEqual(expect.arrayContaining(['DTSTART;VALUE=DATE:20261125', 'DTEND;VALUE=DATE:20261211', 'RRULE:FREQ=YEARLY', 'CATEGORIES:Kampanj']));
    // The private meeting and the round's deadline are not in the public feed …
    expect(ics).not.toContain('Styrgruppsmöte');
    expect(ics).not.toContain('Sista dag för rapportering');
    // … but are in a member's.
    const members = (await download(ctx, s.reader, `/api/v1/organizations/${s.organizationId}/calendar.ics`)).text;
    expect(unfold(members).filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(6);
    expect(members).toContain('SUMMARY:Styrgruppsmöte');
    // An unknown organization: 404.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/organizations/00000000-0000-4000-8000-000000000000/calendar.ics' })).statusCode).toBe(404);
  });

  it('changes and deletes events with their version', async () => {
    const coordinator = api(ctx, { session: s.coordinator });
    const changed = await coordinator.patch(`/api/v1/organizations/${s.organizationId}/calendar/${decision.id}`, { version: decision.version, startDate: '2026-04-22', endDate: '2026-04-22' });
    expect(changed.body).toMatchObject({ startDate: '2026-04-22', version: decision.version + 1 });
    expectError(await coordinator.delete(`/api/v1/organizations/${s.organizationId}/calendar/${decision.id}?version=${decision.version}`), 409, 'version_conflict');
    expect((await coordinator.delete(`/api/v1/organizations/${s.organizationId}/calendar/${decision.id}?version=${changed.body.version}`)).status).toBe(204);
    expectError(await coordinator.delete(`/api/v1/organizations/${s.organizationId}/calendar/not-an-id?version=1`), 404, 'not_found');
  });
});
