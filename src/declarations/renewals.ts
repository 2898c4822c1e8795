// The registry's daily job: renewal requests 30 days before and on the due date (each once per due
// date, recorded in reminded_early_for / reminded_due_for), lapse 30 days after the due date, and the
// clean-up of declarations never confirmed and of old per-address email counts.
//
// Mail goes out after the query and before the mark, outside any transaction: a crash between the two
// sends a reminder twice rather than never. Each run handles at most `limit` declarations per step, so
// a first run over a large registry cannot flood the mail server; the rest come the next day. A million
// declarations bring about 2,700 due dates a day, so three emails each (30 days before, on the day, the
// lapse notice) is ~8,000 emails: sent CONCURRENCY at a time (one SMTP round trip each, ~0.1–0.5 s),
// well inside the job's lease.
import { recordAudit } from '../audit/audit.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { localePath } from '../i18n/locale.ts';
import { deliverAll } from '../mail/deliver.ts';
import type { Mailer } from '../mail/mailer.ts';
import { addDays, tokyoDate } from './dates.ts';
import { lapsedMail, renewalMail } from './messages.ts';
import type { DeclarationWithContact } from './model.ts';
import { deleteDeclaration, dueForReminder, endDeclaration, expiredPending, markReminded, overdue, purgeMailQuota } from './repository.ts';
import { CONFIRM_VALID_MS, manageToken } from './service.ts';
import { declarationLinkKey } from './tokens.ts';

export const REMIND_DAYS_BEFORE = 30;
const CONCURRENCY = 8;
export const LAPSE_DAYS_AFTER = 30;

export interface RenewalOptions {
  handle: DatabaseHandle;
  mailer: Mailer;
  baseUrl: string;
  now: Date;
  log: { error(obj: object, msg: string): void };
  limit?: number;
  signal?: AbortSignal;
}

export interface RenewalCounts {
  remindedEarly: number;
  remindedDue: number;
  lapsed: number;
  purgedPending: number;
}

export async function runDeclarationRenewals(o: RenewalOptions): Promise<RenewalCounts> {
  const { handle, now } = o;
  const db = handle.db;
  const limit = o.limit ?? 10_000;
  const today = tokyoDate(now);
  const nowIso = now.toISOString();
  const key = await declarationLinkKey(db);
  const manage = (d: DeclarationWithContact) => `${o.baseUrl}${localePath(d.locale, '/declarations/manage')}?t=${manageToken(key, d)}`;
  const counts: RenewalCounts = { remindedEarly: 0, remindedDue: 0, lapsed: 0, purgedPending: 0 };

  // Lapse first, so a declaration long overdue (the job did not run) is not asked to renew as if on time.
  await inParallel(await overdue(db, addDays(today, -LAPSE_DAYS_AFTER), limit), o.signal, async (d) => {
    const done = await db.transaction().execute(async (trx) => {
      if (!(await endDeclaration(trx, d.id, 'lapsed', nowIso, ['active']))) return false;
      await recordAudit(trx, { actorUserId: null, actorName: null, organisationId: null, subjectKind: 'declaration', subjectId: d.id, action: 'declaration_lapsed', before: { status: 'active', renewalDue: d.renewalDue }, after: { status: 'lapsed' }, now: nowIso });
      return true;
    });
    if (!done) return;
    counts.lapsed++;
    await deliverAll(o.mailer, o.log, [{ to: d.email, ...lapsedMail(d.locale, d, manage(d)) }], { purpose: 'declaration-lapsed' });
  });

  for (const kind of ['due', 'early'] as const) {
    const list = kind === 'due' ? await dueForReminder(db, 'due', today, null, limit) : await dueForReminder(db, 'early', addDays(today, REMIND_DAYS_BEFORE), today, limit);
    await inParallel(list, o.signal, async (d) => {
      const mail = renewalMail(d.locale, d, kind, manage(d), addDays(d.renewalDue!, LAPSE_DAYS_AFTER));
      const sent = await deliverAll(o.mailer, o.log, [{ to: d.email, ...mail }], { purpose: `declaration-renewal-${kind}` });
      // Unsent (the mail server failed): not marked, so the next run tries again.
      if (!sent) return;
      await markReminded(db, d.id, kind, d.renewalDue!);
      if (kind === 'due') counts.remindedDue++;
      else counts.remindedEarly++;
    });
  }
  if (o.signal?.aborted) return counts;

  // Never confirmed: the address was never shown to be the firm's, so nothing of it is kept. A day of
  // margin past the link's validity, so a link opened at the last minute still finds its declaration.
  const cutoff = new Date(now.getTime() - CONFIRM_VALID_MS - 24 * 3_600_000).toISOString();
  for (const id of await expiredPending(db, cutoff, limit)) {
    await db.transaction().execute((trx) => deleteDeclaration({ db: trx, dialect: handle.dialect }, id));
    counts.purgedPending++;
  }
  await purgeMailQuota(db, addDays(today, -1));
  return counts;
}

/** Runs `work` over the items, CONCURRENCY at a time; stops taking new items once the signal aborts. */
async function inParallel<T>(items: T[], signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}
