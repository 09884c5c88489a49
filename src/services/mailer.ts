import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../config/config.js';

/**
 * Outgoing e-mail over SMTP, configured from the environment (SMTP_HOST …, MAIL_FROM). Without an
 * SMTP host a message is logged as not sent and sendMail resolves: mail is never a reason for a
 * request to fail. A transport error is thrown, so that a job sending mail is retried.
 */

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string | undefined;
}

export interface SendResult {
  sent: boolean;
}

let config: MailConfig | null = null;
let transport: Transporter | null = null;
let logger: (message: string) => void = (m) => console.info(m);

/** Sets (or clears, with null) the SMTP settings for this process; server.ts calls it at start, tests with their own server. */
export function configureMailer(mail: MailConfig | null, log?: (message: string) => void): void {
  transport?.close();
  transport = null;
  config = mail;
  if (log) logger = log;
}

export function mailerConfigured(): boolean {
  return Boolean(config?.host);
}

export async function sendMail(message: MailMessage): Promise<SendResult> {
  const to = Array.isArray(message.to) ? message.to : [message.to];
  if (!config?.host) {
    logger(`mail not sent: no SMTP configured (to ${to.length} recipient(s), subject "${message.subject}")`);
    return { sent: false };
  }
  transport ??= nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
    // One connection per message keeps a runner stateless between ticks.
    pool: false,
  });
  await transport.sendMail({ from: config.from, to, subject: message.subject, text: message.text, ...(message.html ? { html: message.html } : {}) });
  return { sent: true };
}
