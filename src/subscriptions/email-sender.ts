// The email channel of the outbox: subscription messages through a pooled SMTP connection (nodemailer),
// separate from the transactional mailer so a fan-out to many subscribers reuses a few connections
// instead of opening one per message. SMTP_URL=log prints them instead (npm start needs no mail server).
import { Socket } from 'node:net';
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { ChannelSender, OutgoingDelivery, SendOutcome } from '../outbox/model.ts';
import { bodyOf, subjectOf } from './messages.ts';
import { manageUrl, unsubscribeUrl } from './links.ts';

export interface EmailSenderOptions {
  smtpUrl: string;
  from: string;
  baseUrl: string;
  linkKey: Buffer;
  concurrency: number;
  log: { info(obj: object, msg: string): void };
}

/** SMTP 4xx and connection trouble are worth another try; 5xx (no such mailbox, refused) is not. */
export function classifySmtpError(err: unknown): SendOutcome {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const message = `${e.code ?? 'error'}: ${e.message ?? String(err)}`;
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) return { kind: 'failed', status: e.responseCode, error: message };
  return { kind: 'retry', status: e.responseCode, error: message };
}

export function createEmailSender(o: EmailSenderOptions): ChannelSender {
  const host = new URL(o.baseUrl).hostname;
  const transport =
    o.smtpUrl === 'log'
      ? null
      : nodemailer.createTransport(
          // SMTPPool, not SMTPTransport with pool: true (which SMTPTransport ignores): connections stay
          // open across messages instead of a handshake per recipient.
          new SMTPPool({
            url: o.smtpUrl,
            maxConnections: o.concurrency,
            maxMessages: Infinity,
            connectionTimeout: 10_000,
            greetingTimeout: 10_000,
            socketTimeout: 20_000,
            // Nagle's algorithm holds SMTP's small writes until the previous one is acknowledged, and the
            // receiver delays that acknowledgement (~40 ms): one message per round of delays. A socket with
            // no delay sends each command at once. (smtps:// keeps nodemailer's own TLS socket.)
            ...(o.smtpUrl.startsWith('smtp://')
              ? {
                  getSocket: (_opts: unknown, callback: (err: Error | null, socketOptions?: { socket: Socket }) => void) => {
                    const socket = new Socket();
                    socket.setNoDelay(true);
                    callback(null, { socket });
                  },
                }
              : {}),
          } as ConstructorParameters<typeof SMTPPool>[0]),
        );

  return {
    channel: 'email',
    // nodemailer queues beyond its connections; a little more than the pool keeps every connection busy.
    concurrency: o.concurrency * 4,
    async send(d: OutgoingDelivery): Promise<SendOutcome> {
      const { target, dispatch } = d;
      if (!target.email) return { kind: 'failed', error: 'subscription has no email address' };
      const locale = target.locale;
      const links = {
        manage: manageUrl(o.baseUrl, o.linkKey, locale, target.subscriptionId, target.email),
        unsubscribe: unsubscribeUrl(o.baseUrl, o.linkKey, locale, target.subscriptionId, target.email),
      };
      const subject = subjectOf(dispatch.payload, locale);
      const text = bodyOf(dispatch.payload, locale, links);
      if (!transport) {
        o.log.info({ mail: { to: target.email, subject, messageId: d.messageId } }, 'subscription mail (not sent: SMTP_URL=log)');
        return { kind: 'delivered' };
      }
      try {
        const info = await transport.sendMail({
          from: o.from,
          to: target.email,
          subject,
          text,
          // The same Message-ID on a resend lets mail systems and clients drop the repeat.
          messageId: `<${d.messageId}@${host}>`,
          headers: {
            'Auto-Submitted': 'auto-generated',
            'List-Id': `Lastmile advisories <advisories.${host}>`,
            // RFC 2369 + RFC 8058: mail clients show an unsubscribe button that POSTs to this address.
            'List-Unsubscribe': `<${links.unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'X-Lastmile-Message-Id': d.messageId,
          },
        });
        const code = Number(/^(\d{3})/.exec(info.response ?? '')?.[1] ?? 250);
        return { kind: 'delivered', status: code };
      } catch (err) {
        return classifySmtpError(err);
      }
    },
    async close() {
      transport?.close();
    },
  };
}
