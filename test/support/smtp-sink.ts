// A real SMTP server on loopback for tests: the app sends through its real mailer (SMTP_URL=sink.url) and the
// test reads what arrived, parsed the way a mail client would. Plain SMTP only (no TLS), any or no credentials.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), bare addresses: where the message was actually delivered. */
  to: string[];
  /** The From header as the parser renders it, e.g. `"Lastmile" <no-reply@lastmile.invalid>`. */
  from: string;
  /** Decoded (RFC 2047 words undone). */
  subject: string;
  /** Decoded plain-text body; the parser ends it with a line break the sender did not write (compare trimEnd()). */
  text: string;
  /** Raw header values by lower-case name (first occurrence, not decoded), e.g. headers['auto-submitted']. */
  headers: Record<string, string>;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:PORT, ready for SMTP_URL / createMailer. */
  url: string;
  /** Every message received since start (or the last clear()), oldest first. */
  messages: ReceivedMail[];
  /** The first message, already received or still to come, that matches; rejects after timeoutMs (default 5000). */
  waitFor(predicate: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  clear(): void;
  close(): Promise<void>;
}

interface Waiter {
  predicate: (m: ReceivedMail) => boolean;
  resolve(m: ReceivedMail): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<Waiter>();

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    // So an SMTP_URL with user:pass works too: accept any credentials, even without TLS.
    allowInsecureAuth: true,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    // A client left connected must not hold close() for smtp-server's default 30 seconds.
    closeTimeout: 1000,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const headers: Record<string, string> = {};
          for (const { key, line } of parsed.headerLines) {
            headers[key] ??= line.slice(line.indexOf(':') + 1).trim();
          }
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((r) => r.address),
            from: parsed.from?.text ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            headers,
          };
          messages.push(mail);
          for (const w of waiters) {
            if (w.predicate(mail)) {
              waiters.delete(w);
              clearTimeout(w.timer);
              w.resolve(mail);
            }
          }
          callback();
        })
        // Answered to the client as an SMTP error, so the sending side (and its test) sees it.
        .catch((err: Error) => callback(err));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors after start (a client dropping mid-message) are that client's problem; unhandled they would crash the run.
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve,
          reject,
          timer: setTimeout(() => {
            waiters.delete(waiter);
            const subjects = messages.map((m) => `  ${JSON.stringify(m.subject)} to ${m.to.join(', ')}`);
            reject(
              new Error(
                `No matching mail within ${timeoutMs} ms; received ${messages.length}:` +
                  (subjects.length ? `\n${subjects.join('\n')}` : ' none'),
              ),
            );
          }, timeoutMs),
        };
        waiters.add(waiter);
      });
    },
    clear() {
      // In place: callers may hold the `messages` array.
      messages.length = 0;
    },
    async close() {
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.reject(new Error('SMTP sink closed while waiting for mail'));
      }
      waiters.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The first link in the mail whose path starts with pathPrefix (e.g. '/verify-email'), as pathname + search,
 * ready for app.inject or a browser on another origin. Throws when there is none.
 */
export function linkIn(mail: ReceivedMail, pathPrefix: string): string {
  // ASCII URL characters only, so a link followed directly by Japanese text or punctuation (。、）) ends there;
  // trailing sentence punctuation is dropped, as our URLs never end with it.
  for (const match of mail.text.matchAll(/https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g)) {
    const candidate = match[0].replace(/[.,;:!?)'\]]+$/, '');
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      continue;
    }
    if (url.pathname.startsWith(pathPrefix)) return url.pathname + url.search;
  }
  throw new Error(`No link to ${pathPrefix}… in mail ${JSON.stringify(mail.subject)}:\n${mail.text}`);
}
