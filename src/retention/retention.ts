// Retention (issue 9): personal data and delivery logs are deleted once they have served their purpose and
// the configured period has passed. Run daily by the scheduler (jobs/jobs.ts, under a lease, so once across
// instances) and callable from the operators' command line: runRetention({ handle, config, now }).
//
// What goes, and when (README "Retention"):
// - the delivery log: deliveries that are settled (delivered, dead, cancelled) of messages (dispatches) sent
//   more than RETENTION_DELIVERY_DAYS ago, then those dispatches once no delivery refers to them. Pending
//   ones stay until the worker settles them. The effort figure "deliveries by channel and status" and the
//   "corrections reach everyone an earlier dispatch reached" rule then cover that period only.
// - accounts: sessions that ended (absolute expiry, or idle longer than SESSION_IDLE_MINUTES) and email-link
//   tokens used or expired more than RETENTION_SESSION_DAYS ago, failed sign-ins older than that (they
//   hold an address and a client key; throttling looks back 15 minutes).
// - email subscriptions: unconfirmed ones, and ones disabled because mail to the address bounced, untouched
//   for RETENTION_PENDING_SUBSCRIPTION_DAYS; any row left in the legacy state 'unsubscribed' at once
//   (unsubscribing deletes the row itself: subscriptions/repository.ts). Erasing deletes the row and its
//   audiences and cancels what was still queued for it; settled deliveries keep only its former id.
// Kept on purpose: the audit trail (user ids, office decisions: accountability), users' accounts (ended
// by an administrator), webhook endpoints (organisations' systems, not people). The self-check's own stores
// purge themselves (personal-check/reminders.ts), and so do pending declarations (declarations/renewals.ts).
//
// Deletes run in bounded batches, each its own statement, so a first run over years of logs neither holds
// one huge transaction nor blocks the workers; an aborted run (the lease is ending) resumes next time.
import { expireImports, importStore } from '../imports/service.ts';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';

const DAY_MS = 24 * 3_600_000;
/** Rows deleted per statement. */
export const RETENTION_BATCH = 5000;
const SETTLED = ['delivered', 'dead', 'cancelled'];

export interface RetentionCounts {
  deliveries: number;
  dispatches: number;
  sessions: number;
  userTokens: number;
  loginFailures: number;
  /** Email subscriptions erased: unconfirmed, bounced or unsubscribed. */
  subscriptions: number;
  /** Import previews nobody confirmed in IMPORT_PREVIEW_HOURS: their uploaded sheets deleted. */
  importPreviews: number;
}

export interface RetentionOptions {
  handle: DatabaseHandle;
  config: Pick<Config, 'retention' | 'sessionIdleMinutes' | 'imports' | 'uploads'>;
  now: Date;
  signal?: AbortSignal;
}

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

export async function runRetention(o: RetentionOptions): Promise<RetentionCounts> {
  const counts: RetentionCounts = { deliveries: 0, dispatches: 0, sessions: 0, userTokens: 0, loginFailures: 0, subscriptions: 0, importPreviews: 0 };
  const { db } = o.handle;
  const r = o.config.retention;
  const aborted = () => o.signal?.aborted === true;

  // Delivery log, message by message (dispatches_created_idx, then deliveries_dispatch_idx).
  const deliveryCutoff = daysBefore(o.now, r.deliveryDays);
  const old = await db.selectFrom('dispatches').select('id').where('created_at', '<', deliveryCutoff).orderBy('created_at').orderBy('id').execute();
  for (const { id } of old) {
    for (;;) {
      if (aborted()) return counts;
      const batch = db.selectFrom('deliveries').select('id').where('dispatch_id', '=', id).where('status', 'in', SETTLED).limit(RETENTION_BATCH);
      const res = await db.deleteFrom('deliveries').where('id', 'in', batch).executeTakeFirst();
      const n = Number(res.numDeletedRows);
      counts.deliveries += n;
      if (n < RETENTION_BATCH) break;
    }
    const gone = await db
      .deleteFrom('dispatches')
      .where('id', '=', id)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('deliveries').select('id').where('dispatch_id', '=', id))))
      .executeTakeFirst();
    counts.dispatches += Number(gone.numDeletedRows);
  }
  if (aborted()) return counts;

  // Accounts: what stopped counting more than sessionDays ago.
  const accountCutoff = daysBefore(o.now, r.sessionDays);
  const idleCutoff = new Date(new Date(accountCutoff).getTime() - o.config.sessionIdleMinutes * 60_000).toISOString();
  const sessions = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<', accountCutoff), eb('last_seen_at', '<', idleCutoff)]))
    .executeTakeFirst();
  counts.sessions = Number(sessions.numDeletedRows);
  const tokens = await db
    .deleteFrom('user_tokens')
    .where((eb) => eb.or([eb('expires_at', '<', accountCutoff), eb.and([eb('used_at', 'is not', null), eb('used_at', '<', accountCutoff)])]))
    .executeTakeFirst();
  counts.userTokens = Number(tokens.numDeletedRows);
  const failures = await db.deleteFrom('login_failures').where('created_at', '<', accountCutoff).executeTakeFirst();
  counts.loginFailures = Number(failures.numDeletedRows);

  // Email subscriptions that no longer reach anyone who wants them.
  const subscriptionCutoff = daysBefore(o.now, r.pendingSubscriptionDays);
  for (;;) {
    if (aborted()) return counts;
    const ids = (
      await db
        .selectFrom('subscriptions')
        .select('id')
        .where('channel', '=', 'email')
        .where((eb) =>
          eb.or([
            eb('status', '=', 'unsubscribed'),
            eb.and([eb('status', 'in', ['pending', 'disabled']), eb('updated_at', '<', subscriptionCutoff)]),
          ]),
        )
        .orderBy('id')
        .limit(RETENTION_BATCH)
        .execute()
    ).map((x) => x.id);
    if (!ids.length) break;
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('deliveries').set({ status: 'cancelled', locked_by: null }).where('subscription_id', 'in', ids).where('status', '=', 'pending').execute();
      await trx.deleteFrom('subscription_audiences').where('subscription_id', 'in', ids).execute();
      await trx.deleteFrom('subscriptions').where('id', 'in', ids).execute();
    });
    counts.subscriptions += ids.length;
    if (ids.length < RETENTION_BATCH) break;
  }
  // Sheets uploaded for an import and never confirmed hold an organisation's data: not kept for long.
  counts.importPreviews = await expireImports(db, importStore(o.config.uploads.dir, o.config.uploads.maxBytes), o.now, o.config.imports.previewHours * 3_600_000);
  return counts;
}
