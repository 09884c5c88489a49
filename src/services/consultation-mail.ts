import { createHash, randomBytes } from 'node:crypto';
import { mailTexts } from '../i18n/api-messages-consultation.js';
import { sendMail, type MailMessage } from './mailer.js';

/**
 * Links and e-mail of the remiss. A link token is 256 random bits (base64url); only its SHA-256 is
 * stored. Mail is sent after the transaction that made the link has committed, and a failure to send
 * is logged, never turned into a failed request (the coordinator can resend a link).
 */
export const newLinkToken = (): string => randomBytes(32).toString('base64url');
export const linkTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A token is 43 base64url characters; anything else is not worth a database read. */
export const isWellFormedToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

export const recipientLink = (baseUrl: string, token: string): string => `${baseUrl.replace(/\/+$/, '')}/remiss/${token}`;

export interface OutgoingMail extends MailMessage {
  to: string;
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

export function invitationMail(input: { to: string; recipientName: string; organizationName: string; title: string; invitationText: string; deadline: string; link: string }): OutgoingMail {
  const t = mailTexts.sv;
  const values = { ...input };
  return { to: input.to, subject: fill(t.invitationSubject, values), text: fill(t.invitationBody, values) };
}

export function reminderMail(input: { to: string; recipientName: string; organizationName: string; title: string; deadline: string; link: string }): OutgoingMail {
  const t = mailTexts.sv;
  return { to: input.to, subject: fill(t.reminderSubject, input), text: fill(t.reminderBody, input) };
}

export function receiptMail(input: { to: string; recipientName: string; organizationName: string; title: string; receiptNumber: string; submittedAt: string; position: string; statement: string; comments: string[]; link: string }): OutgoingMail {
  const t = mailTexts.sv;
  const values = { ...input, comments: input.comments.map((c, i) => `${i + 1}. ${c}`).join('\n\n') || '–' };
  return { to: input.to, subject: fill(t.receiptSubject, values), text: fill(t.receiptBody, values) };
}

/** Sends each message; one failing does not stop the others. Returns how many went out. */
export async function deliverMail(messages: OutgoingMail[], log: (message: string, error?: unknown) => void = (m, e) => console.warn(m, e ?? '')): Promise<number> {
  let sent = 0;
  for (const message of messages) {
    try {
      if ((await sendMail(message)).sent) sent++;
    } catch (error) {
      log(`remiss: could not send mail "${message.subject}"`, error);
    }
  }
  return sent;
}
