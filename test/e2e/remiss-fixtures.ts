import { SMTPServer } from 'smtp-server';
import type { APIRequestContext, APIResponse } from '@playwright/test';

/*
 * Helpers for the remiss browser tests: signing in through the API (the session cookie is shared
 * with the page), JSON calls with the CSRF token, and a mailbox that receives what the server sends,
 * because recipients' private links only ever travel by e-mail.
 *
 * The mailbox listens on SMTP_PORT: the e2e server must be started with SMTP_HOST=127.0.0.1 and the
 * same SMTP_PORT (Playwright passes the environment on to its web server), e.g.
 *   SMTP_HOST=127.0.0.1 SMTP_PORT=4206 FRIDPLAN_E2E_PORT=3206 npx playwright test test/e2e/remiss.spec.ts
 */

export const coordinator = { email: 'samordnare@kalmar.demo.fridplan.se', password: 'Fridplan-demo-samordnare-2026' };

export async function signIn(request: APIRequestContext, account: { email: string; password: string }): Promise<string> {
  const login = await request.post('/api/v1/auth/login', { data: account });
  if (!login.ok()) throw new Error(`sign-in as ${account.email} → ${login.status()}: ${await login.text()}`);
  const session = (await (await request.get('/api/v1/auth/session')).json()) as { csrfToken: string | null };
  if (!session.csrfToken) throw new Error('signed in but the session has no CSRF token');
  return session.csrfToken;
}

/** JSON calls as the signed-in user; changes carry the CSRF token. */
export function signedInApi(request: APIRequestContext, csrfToken: string) {
  const json = async <T>(response: APIResponse): Promise<T> => {
    if (!response.ok()) throw new Error(`${response.url()} → ${response.status()}: ${await response.text()}`);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const headers = { 'x-csrf-token': csrfToken };
  return {
    get: async <T = any>(url: string) => json<T>(await request.get(url)),
    post: async <T = any>(url: string, data: unknown) => json<T>(await request.post(url, { data, headers })),
    put: async <T = any>(url: string, data: unknown) => json<T>(await request.put(url, { data, headers })),
    patch: async <T = any>(url: string, data: unknown) => json<T>(await request.patch(url, { data, headers })),
  };
}

export interface Mail {
  to: string[];
  subject: string;
  /** The text body, transfer encoding undone. */
  text: string;
}

function decodeBody(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

export interface Mailbox {
  mails: Mail[];
  /** Waits for a message to an address whose text matches, and returns the match. */
  waitFor(to: string, pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1:SMTP_PORT that keeps every message. playwright.config.ts points the
 * e2e server's mail there; without it the recipient links (sent only by e-mail) cannot be read: fail.
 */
export async function openMailbox(): Promise<Mailbox> {
  const port = Number(process.env.SMTP_PORT);
  if (process.env.SMTP_HOST !== '127.0.0.1' || !port) throw new Error('The remiss e2e tests need SMTP_HOST=127.0.0.1 and SMTP_PORT (set by playwright.config.ts)');
  const mails: Mail[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
        const textPart = parts.find((p) => /content-type:\s*text\/plain/i.test(p)) ?? raw;
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: /^subject:\s*(.*)$/im.exec(raw)?.[1] ?? '',
          text: decodeBody(textPart === raw ? raw : textPart.replace(/^\s+/, '')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    mails,
    async waitFor(to, pattern, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        for (const mail of [...mails].reverse()) {
          const match = mail.to.includes(to.toLowerCase()) ? pattern.exec(mail.text) : null;
          if (match) return match;
        }
        if (Date.now() > until) throw new Error(`no mail to ${to} matching ${pattern} (got ${mails.length} messages)`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A recipient's private link in a message: /remiss/ and a 43-character token. */
export const linkPattern = /\/remiss\/([A-Za-z0-9_-]{43})/;
