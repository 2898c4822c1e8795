// The real Mailer: SMTP through nodemailer, or the log when SMTP_URL=log (so `npm start` needs no mail server).
// Tests send through a real SMTP server on loopback (test/support/smtp-sink.ts); there is no fake mailer.
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Mailer, MailMessage } from './mailer.ts';

export interface MailerOptions {
  /** smtp://user:pass@host:port, smtps://…, or "log" (see Config.smtpUrl). */
  smtpUrl: string;
  /** The sender, e.g. "Lastmile <no-reply@example.jp>" (Config.mailFrom). */
  from: string;
  log: { info(obj: object, msg: string): void };
  /** Overrides the SMTP timeouts; only tests need it. */
  timeoutsMs?: { connection?: number; greeting?: number; socket?: number };
}

// Long enough for a slow relay, short enough that a dead one fails the request instead of hanging it
// (nodemailer's own defaults are 2 minutes, 30 seconds and 10 minutes).
const DEFAULT_TIMEOUTS_MS = { connection: 10_000, greeting: 10_000, socket: 20_000 };

export function createMailer(options: MailerOptions): Mailer {
  const { smtpUrl, from, log } = options;

  if (smtpUrl === 'log') {
    return {
      async send({ to, subject, text }: MailMessage) {
        log.info({ mail: { to, subject, text } }, 'mail (not sent: SMTP_URL=log)');
      },
      async close() {},
    };
  }

  const timeouts = { ...DEFAULT_TIMEOUTS_MS, ...options.timeoutsMs };
  // The transport is built here rather than by createTransport({ url, connectionTimeout, … }): given an object
  // with `url`, createTransport keeps only what the URL says and silently drops every other option. An
  // SMTPTransport merges both, the URL winning, so ?connectionTimeout=… in SMTP_URL still overrides these.
  const transport = nodemailer.createTransport(
    new SMTPTransport({
      url: smtpUrl,
      connectionTimeout: timeouts.connection,
      greetingTimeout: timeouts.greeting,
      socketTimeout: timeouts.socket,
    }),
  );

  return {
    async send({ to, subject, text, headers }: MailMessage) {
      // nodemailer writes text/plain; charset=utf-8 and encodes non-ASCII subjects as RFC 2047 words,
      // so Japanese subjects and bodies arrive intact; the test in smtp.test.ts checks that end to end.
      await transport.sendMail({
        from,
        to,
        subject,
        text,
        // RFC 3834: tells auto-responders (out-of-office, ticket systems) not to reply to these.
        headers: { ...headers, 'Auto-Submitted': 'auto-generated' },
      });
    },
    async close() {
      // Without pooling nodemailer opens one connection per message, so this has nothing pending to wait for.
      transport.close();
    },
  };
}
