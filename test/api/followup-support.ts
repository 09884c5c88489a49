import { expect } from 'vitest';
import { createTestUser, organizationByCode, type ApiResponse, type TestContext, type TestSession } from './harness.js';
import { api } from './helpers.js';

/** Shared by the follow-up suites: Södertälje's seeded plan, its units, people in each role, and multipart uploads. */

export interface Sodertalje {
  organizationId: string;
  planId: string;
  units: Record<string, string>;
  coordinator: TestSession;
  reader: TestSession;
  reporters: Record<'social' | 'school' | 'culture', TestSession>;
}

export const unitNames = { social: 'Socialnämnden', school: 'Utbildningsnämnderna', culture: 'Kultur- och fritidsnämnderna' } as const;

export async function sodertalje(ctx: TestContext): Promise<Sodertalje> {
  const admin = api(ctx);
  const org = await organizationByCode(admin, '0181');
  const plans = (await admin.get(`/api/v1/plans?organizationId=${org.id}`)).body;
  const plan = (plans.items ?? plans).find((p: { title: string }) => p.title === 'Handlingsplan Fri från våld 2024–2027');
  expect(plan).toBeDefined();
  const unitList: { id: string; name: string }[] = (await admin.get(`/api/v1/organizations/${org.id}/units`)).body;
  const units = Object.fromEntries(unitList.map((u) => [u.name, u.id]));
  const reporter = (name: string) => createTestUser(ctx, { displayName: `Rapportör ${name}`, memberships: [{ organizationId: org.id, role: 'reporter', unitIds: [units[name]!] }] });
  return {
    organizationId: org.id,
    planId: plan.id,
    units,
    coordinator: await createTestUser(ctx, { displayName: 'Samordnare Södertälje', memberships: [{ organizationId: org.id, role: 'coordinator' }] }),
    reader: await createTestUser(ctx, { displayName: 'Läsare Södertälje', memberships: [{ organizationId: org.id, role: 'reader' }] }),
    reporters: { social: await reporter(unitNames.social), school: await reporter(unitNames.school), culture: await reporter(unitNames.culture) },
  };
}

/** A multipart/form-data body as a browser sends it. */
export function multipart(parts: { name: string; filename?: string; type?: string; content: Buffer | string }[]) {
  const boundary = `----fridplan${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`));
    chunks.push(typeof part.content === 'string' ? Buffer.from(part.content) : part.content);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function upload(ctx: TestContext, session: TestSession, url: string, parts: Parameters<typeof multipart>[0]): Promise<ApiResponse> {
  const { payload, contentType } = multipart(parts);
  const raw = await ctx.app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType, 'accept-language': 'sv', cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
  expect(raw.statusCode, raw.body.slice(0, 500)).toBeLessThan(500);
  return { status: raw.statusCode, body: raw.body ? JSON.parse(raw.body) : undefined, raw };
}

/** A GET of a file: the bytes and headers. */
export async function download(ctx: TestContext, session: TestSession | null, url: string) {
  const raw = await ctx.app.inject({ method: 'GET', url, headers: session ? { cookie: session.cookie } : {} });
  expect(raw.statusCode, raw.body.slice(0, 300)).toBe(200);
  return { bytes: raw.rawPayload, type: String(raw.headers['content-type']), disposition: String(raw.headers['content-disposition'] ?? ''), text: raw.body };
}

/** Creates and opens a round of the plan; returns the round as opened. */
export async function openRound(ctx: TestContext, s: Sodertalje, body: Record<string, unknown>) {
  const coordinator = api(ctx, { session: s.coordinator });
  const created = await coordinator.post(`/api/v1/plans/${s.planId}/rounds`, body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const opened = await coordinator.post(`/api/v1/rounds/${created.body.id}/open`, { version: created.body.version });
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  return opened.body;
}
