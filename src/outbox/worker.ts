// Sends the outbox. Each channel (email, webhook, push) has its own loop, so a slow mail relay never
// holds up webhooks. A loop claims a batch of due deliveries with one UPDATE … RETURNING that moves
// their next_attempt_at to the end of a lease, sends them through the channel with bounded concurrency
// (holding no database connection meanwhile), then settles them in a few batched UPDATEs.
//
// Crash safety: nothing is marked delivered before the channel confirmed it. If the process dies, the
// rows it claimed come due again when the lease runs out and another worker (or this one, restarted)
// sends them: at-least-once, and each message keeps its id (messageIdOf) so receivers drop repeats.
//
// Several workers: on PostgreSQL the claim's inner SELECT takes the rows FOR UPDATE SKIP LOCKED, so two
// workers never claim the same row and neither waits for the other. SQLite has one writer at a time,
// which makes the claim atomic by itself.
import { sql } from 'kysely';
import type { DatabaseHandle, Db } from '../db/database.ts';
import { messageIdOf, type Channel, type ChannelSender, type DeliveryTarget, type DispatchMessage, type DispatchPayload, type OutgoingDelivery, type SendOutcome } from './model.ts';

export interface OutboxLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboxOptions {
  handle: DatabaseHandle;
  senders: ChannelSender[];
  /** Names this worker in deliveries.locked_by (host and pid); unique per worker. */
  workerId: string;
  batch: number;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  log: OutboxLog;
  now?: () => Date;
  random?: () => number;
}

export interface DrainCounts {
  delivered: number;
  retried: number;
  dead: number;
  gone: number;
  cancelled: number;
}

interface Claimed {
  id: number;
  dispatchId: number;
  subscriptionId: number;
  attempts: number;
}

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * min(max, base·2^(n−1)). Jitter spreads retries of a receiver that failed for everyone at once;
 * keeping half the delay fixed guarantees the wait still grows. A Retry-After from the receiver wins
 * when it asks for longer (capped at the maximum).
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = cap / 2 + random() * (cap / 2);
  return Math.round(Math.min(maxMs, Math.max(jittered, retryAfterMs ?? 0)));
}

async function claim(o: OutboxOptions, channel: Channel, limit: number): Promise<Claimed[]> {
  const { handle } = o;
  const at = (o.now ?? (() => new Date()))();
  const nowIso = at.toISOString();
  const leaseIso = new Date(at.getTime() + o.leaseMs).toISOString();
  const lock = handle.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const result = await sql<{ id: number | string; dispatch_id: number; subscription_id: number; attempts: number }>`
    UPDATE deliveries
    SET next_attempt_at = ${leaseIso}, locked_by = ${o.workerId}, attempts = attempts + 1, last_attempt_at = ${nowIso}
    WHERE id IN (
      SELECT id FROM deliveries
      WHERE status = 'pending' AND channel = ${channel} AND next_attempt_at <= ${nowIso}
      ORDER BY next_attempt_at
      LIMIT ${limit}
      ${lock}
    )
    RETURNING id, dispatch_id, subscription_id, attempts`.execute(handle.db);
  return result.rows.map((r) => ({ id: Number(r.id), dispatchId: Number(r.dispatch_id), subscriptionId: Number(r.subscription_id), attempts: Number(r.attempts) }));
}

/** Bounded cache of dispatch payloads: one advisory to a million subscribers is read once, not a million times. */
class DispatchCache {
  private readonly map = new Map<number, DispatchMessage>();
  constructor(private readonly max = 64) {}
  async load(db: Db, ids: number[]): Promise<Map<number, DispatchMessage>> {
    const missing = [...new Set(ids)].filter((id) => !this.map.has(id));
    if (missing.length) {
      const rows = await db.selectFrom('dispatches').select(['id', 'payload', 'created_at']).where('id', 'in', missing).execute();
      for (const r of rows) {
        if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
        this.map.set(Number(r.id), { id: Number(r.id), createdAt: r.created_at, payload: JSON.parse(r.payload) as DispatchPayload });
      }
    }
    const out = new Map<number, DispatchMessage>();
    for (const id of ids) {
      const m = this.map.get(id);
      if (m) out.set(id, m);
    }
    return out;
  }
}

async function targetsOf(db: Db, subscriptionIds: number[]): Promise<Map<number, DeliveryTarget & { active: boolean }>> {
  const out = new Map<number, DeliveryTarget & { active: boolean }>();
  const unique = [...new Set(subscriptionIds)];
  // Chunks keep each statement well under SQLite's and PostgreSQL's parameter limits.
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('subscriptions')
      .select(['id', 'channel', 'status', 'locale', 'email', 'webhook_url', 'webhook_secret', 'allow_private', 'push_endpoint', 'push_p256dh', 'push_auth'])
      .where('id', 'in', unique.slice(i, i + 1000))
      .execute();
    for (const r of rows) {
      out.set(r.id, {
        subscriptionId: r.id,
        channel: r.channel as Channel,
        active: r.status === 'active',
        locale: r.locale === 'en' ? 'en' : 'ja',
        email: r.email,
        webhookUrl: r.webhook_url,
        webhookSecret: r.webhook_secret,
        allowPrivate: r.allow_private === 1,
        pushEndpoint: r.push_endpoint,
        pushP256dh: r.push_p256dh,
        pushAuth: r.push_auth,
      });
    }
  }
  return out;
}

/** Runs fn over items with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(runners);
}

function clip(s: string, n = 500): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Claims, sends and settles one batch of a channel. Returns how many were claimed (0: nothing due). */
async function processBatch(o: OutboxOptions, sender: ChannelSender, cache: DispatchCache, counts: DrainCounts, signal: AbortSignal): Promise<number> {
  const db = o.handle.db;
  const claimed = await claim(o, sender.channel, o.batch);
  if (!claimed.length) return 0;
  const [dispatches, targets] = await Promise.all([cache.load(db, claimed.map((c) => c.dispatchId)), targetsOf(db, claimed.map((c) => c.subscriptionId))]);

  const delivered = new Map<number | null, number[]>();
  const cancelled: number[] = [];
  const others: { c: Claimed; outcome: SendOutcome }[] = [];
  await pool(claimed, sender.concurrency, async (c) => {
    const target = targets.get(c.subscriptionId);
    const dispatch = dispatches.get(c.dispatchId);
    // Unsubscribed (or disabled) since the message was queued: it is not sent.
    if (!target || !target.active || !dispatch) {
      cancelled.push(c.id);
      return;
    }
    const delivery: OutgoingDelivery = { deliveryId: c.id, messageId: messageIdOf(c.dispatchId, c.subscriptionId), attempt: c.attempts, dispatch, target };
    let outcome: SendOutcome;
    try {
      outcome = await sender.send(delivery, signal);
    } catch (err) {
      // A sender bug must not lose the message: retry it like a network error.
      outcome = { kind: 'retry', error: (err as Error).message };
    }
    if (outcome.kind === 'delivered') {
      const key = outcome.status ?? null;
      const list = delivered.get(key);
      if (list) list.push(c.id);
      else delivered.set(key, [c.id]);
    } else {
      others.push({ c, outcome });
    }
  });

  const at = (o.now ?? (() => new Date()))();
  const nowIso = at.toISOString();
  for (const [status, ids] of delivered) {
    for (let i = 0; i < ids.length; i += 1000) {
      await db
        .updateTable('deliveries')
        .set({ status: 'delivered', delivered_at: nowIso, last_status: status, last_error: null, locked_by: null })
        .where('id', 'in', ids.slice(i, i + 1000))
        .where('status', '=', 'pending')
        .execute();
    }
    counts.delivered += ids.length;
  }
  if (cancelled.length) {
    await db.updateTable('deliveries').set({ status: 'cancelled', locked_by: null }).where('id', 'in', cancelled).where('status', '=', 'pending').execute();
    counts.cancelled += cancelled.length;
  }
  for (const { c, outcome } of others) {
    if (outcome.kind === 'delivered') continue;
    const status = outcome.status ?? null;
    const error = clip(outcome.error);
    if (outcome.kind === 'retry' && c.attempts < o.maxAttempts) {
      const delay = retryDelayMs(c.attempts, o.retryBaseMs, o.retryMaxMs, outcome.retryAfterMs, o.random);
      await db
        .updateTable('deliveries')
        .set({ next_attempt_at: new Date(at.getTime() + delay).toISOString(), last_status: status, last_error: error, locked_by: null })
        .where('id', '=', c.id)
        .where('status', '=', 'pending')
        .execute();
      counts.retried++;
    } else if (outcome.kind === 'gone') {
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('deliveries').set({ status: 'dead', last_status: status, last_error: error, locked_by: null }).where('id', '=', c.id).execute();
        await endSubscription(trx, sender.channel, c.subscriptionId, error, nowIso);
      });
      counts.gone++;
    } else {
      // 'failed', or 'retry' out of attempts: the dead-letter state, which the owner can replay.
      await db.updateTable('deliveries').set({ status: 'dead', last_status: status, last_error: error, locked_by: null }).where('id', '=', c.id).where('status', '=', 'pending').execute();
      counts.dead++;
      o.log.warn({ delivery: c.id, channel: sender.channel, subscription: c.subscriptionId, status, error }, 'delivery moved to the dead-letter state');
    }
  }
  return claimed.length;
}

/**
 * The receiver says the address is gone for good. A web push subscription is deleted (the browser
 * dropped it; keeping its keys serves nobody); a webhook or email subscription is disabled, so its
 * owner sees why. Either way its other pending deliveries are cancelled.
 */
async function endSubscription(trx: Db, channel: Channel, subscriptionId: number, reason: string, nowIso: string): Promise<void> {
  await trx.updateTable('deliveries').set({ status: 'cancelled', locked_by: null }).where('subscription_id', '=', subscriptionId).where('status', '=', 'pending').execute();
  if (channel === 'push') {
    await trx.deleteFrom('subscription_audiences').where('subscription_id', '=', subscriptionId).execute();
    await trx.deleteFrom('subscriptions').where('id', '=', subscriptionId).execute();
  } else {
    await trx.updateTable('subscriptions').set({ status: 'disabled', disabled_reason: reason, updated_at: nowIso }).where('id', '=', subscriptionId).execute();
  }
}

/** Sends every delivery that is due now, on every channel, and returns when none is left (tests, the CLI). */
export async function drainOutbox(o: OutboxOptions & { signal?: AbortSignal }): Promise<DrainCounts> {
  const counts: DrainCounts = { delivered: 0, retried: 0, dead: 0, gone: 0, cancelled: 0 };
  const signal = o.signal ?? new AbortController().signal;
  await Promise.all(
    o.senders.map(async (sender) => {
      const cache = new DispatchCache();
      while (!signal.aborted && (await processBatch(o, sender, cache, counts, signal)) > 0);
    }),
  );
  return counts;
}

export interface OutboxWorker {
  /** Looks for due deliveries now instead of at the next poll (after a publication in this process). */
  wake(): void;
  /** Stops claiming, lets the batches in flight finish (their sends are aborted after graceMs), then resolves. */
  stop(graceMs?: number): Promise<void>;
  counts: DrainCounts;
}

/** The long-running worker: one loop per channel, polling every pollMs when idle. */
export function startOutboxWorker(o: OutboxOptions & { pollMs: number }): OutboxWorker {
  const counts: DrainCounts = { delivered: 0, retried: 0, dead: 0, gone: 0, cancelled: 0 };
  const controller = new AbortController();
  let stopping = false;
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  const loops = o.senders.map(async (sender) => {
    const cache = new DispatchCache();
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await processBatch(o, sender, cache, counts, controller.signal);
      } catch (err) {
        // The database went away for a moment: back off and try again; claimed rows come due after the lease.
        o.log.error({ err: (err as Error).message, channel: sender.channel }, 'delivery worker batch failed');
        await sleep(Math.max(o.pollMs, 1000));
        continue;
      }
      if (claimed === 0 && !stopping) await sleep(o.pollMs);
    }
  });
  return {
    counts,
    wake() {
      for (const s of [...sleepers]) s();
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      for (const s of [...sleepers]) s();
      const timer = setTimeout(() => controller.abort(), graceMs);
      await Promise.all(loops);
      clearTimeout(timer);
    },
  };
}
