// Sending after a committed change: each message on its own, failures logged (without the body,
// which may hold a link with a token) and never turned into a failed request. The change stands;
// the user can ask again (verification, reset) or read it on the portal (reviews, requests).
import type { Mailer, MailMessage } from './mailer.ts';

export async function deliverAll(mailer: Mailer, log: { error(obj: object, msg: string): void }, mails: MailMessage[], context: object = {}): Promise<number> {
  let sent = 0;
  for (const m of mails) {
    try {
      await mailer.send(m);
      sent++;
    } catch (err) {
      log.error({ ...context, err: (err as Error).message, subject: m.subject }, 'email could not be sent');
    }
  }
  return sent;
}
