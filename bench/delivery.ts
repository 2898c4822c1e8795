// Delivery benchmark (issue 5): one advisory fanned out through the outbox on this engine.
//   webhooks: N subscribers on a loopback receiver (another process). Enqueueing = the INSERT … SELECT in
//             the publishing transaction; delivery = what the worker sustains for BENCH_DELIVERY_SECONDS;
//             the worker's heap is sampled for a tenth of N and for N, to show memory does not grow with N.
//   email:    to a loopback SMTP server (another process) through the subscription mail pool;
//   push:     aes128gcm encryption + VAPID + POST to a loopback push endpoint (another process).
// The worker runs in this process exactly as in `npm run worker` (same claim, send, settle code).
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/database.ts';
import { enqueueDispatch } from '../src/outbox/enqueue.ts';
import type { ChannelSender, DispatchPayload } from '../src/outbox/model.ts';
import { drainOutbox } from '../src/outbox/worker.ts';
import { browserKeys } from '../src/push/loopback-push-service.ts';
import { createPushSender } from '../src/push/sender.ts';
import { vapidKeys } from '../src/push/vapid.ts';
import { createEmailSender } from '../src/subscriptions/email-sender.ts';
import { createWebhookSender } from '../src/webhooks/sender.ts';

const here = new URL('.', import.meta.url).pathname;
const quiet = { info() {}, warn() {}, error() {} };

export interface DeliveryOptions {
  subscribers: number;
  seconds: number;
  emailSubscribers: number;
  pushSubscribers: number;
}

interface Receiver {
  child: ChildProcess;
  port: number;
  count(): Promise<number>;
}

function startReceiver(kind: 'http' | 'smtp'): Promise<Receiver> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'receiver.ts'), { env: { ...process.env, BENCH_RECEIVER: kind }, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    child.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
    child.once('message', (m: { port: number }) =>
      resolve({
        child,
        port: m.port,
        count: () =>
          new Promise((res) => {
            child.once('message', (x: { count: number }) => res(x.count));
            child.send('count');
          }),
      }),
    );
  });
}

function payload(subjectId: number): DispatchPayload {
  return {
    topic: 'advisory',
    action: 'published',
    subjectId,
    title: { ja: '【ベンチマーク】ランサムウェアの被害に注意', en: '[Benchmark] Ransomware warning' },
    summary: { ja: 'バックアップを取り、OSとソフトウェアを最新に保ってください。', en: 'Keep backups and keep your software up to date.' },
    url: { ja: 'http://127.0.0.1/advisories/1', en: 'http://127.0.0.1/en/advisories/1' },
    severity: 'warning',
    audiences: [],
    prefectures: [],
    nationwide: true,
    publishedAt: new Date().toISOString(),
  };
}

async function reset(h: DatabaseHandle): Promise<void> {
  for (const t of ['deliveries', 'dispatches', 'subscription_audiences', 'subscriptions']) await sql`DELETE FROM ${sql.table(t)}`.execute(h.db);
}

/** N subscriptions of one channel, generated in the database (a million rows in seconds). */
async function insertSubscriptions(h: DatabaseHandle, n: number, columns: Record<string, string | number>, perRow: { column: string; prefix: string }): Promise<void> {
  const now = new Date().toISOString();
  const fixed: Record<string, string | number> = { status: 'active', locale: 'ja', all_audiences: 1, created_at: now, updated_at: now, ...columns };
  const colList = sql.join([...Object.keys(fixed), perRow.column].map((c) => sql.ref(c)));
  const select = sql.join([...Object.values(fixed).map((v) => sql.lit(v)), sql`${sql.lit(perRow.prefix)} || CAST(x AS TEXT)`]);
  if (h.dialect === 'postgres') {
    await sql`INSERT INTO subscriptions (${colList}) SELECT ${select} FROM generate_series(1, ${n}) AS g(x)`.execute(h.db);
    await sql`ANALYZE subscriptions`.execute(h.db);
  } else {
    await sql`WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < ${n}) INSERT INTO subscriptions (${colList}) SELECT ${select} FROM seq`.execute(h.db);
  }
}

/** Runs the worker on one channel for `seconds` (or until nothing is due) and measures it. */
async function deliverFor(h: DatabaseHandle, sender: ChannelSender, seconds: number, batch: number) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), seconds * 1000);
  let peakHeap = 0;
  let peakRss = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 200);
  const start = performance.now();
  const counts = await drainOutbox({ handle: h, senders: [sender], workerId: 'bench', batch, leaseMs: 600_000, maxAttempts: 8, retryBaseMs: 60_000, retryMaxMs: 600_000, log: quiet, signal: controller.signal });
  const elapsed = (performance.now() - start) / 1000;
  clearTimeout(timer);
  clearInterval(sampler);
  return { delivered: counts.delivered, failed: counts.retried + counts.dead, seconds: elapsed, perSecond: counts.delivered / elapsed, peakHeapMiB: peakHeap / 2 ** 20, peakRssMiB: peakRss / 2 ** 20 };
}

async function enqueueTimed(h: DatabaseHandle, subjectId: number) {
  const start = performance.now();
  const r = await h.db.transaction().execute((trx) => enqueueDispatch(trx, payload(subjectId), new Date().toISOString()));
  return { recipients: r.recipients, seconds: (performance.now() - start) / 1000 };
}

export async function runDeliveryBench(engine: string, h: DatabaseHandle, o: DeliveryOptions) {
  const httpReceiver = await startReceiver('http');
  const smtpReceiver = await startReceiver('smtp');
  const rows: Record<string, string | number>[] = [];
  const memory: Record<string, string | number>[] = [];
  try {
    // Webhooks, at a tenth of N and at N: enqueue time, sustained rate, worker heap.
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const only = (process.env.BENCH_DELIVERY_CHANNELS ?? 'webhook,email,push').split(',');
    for (const n of only.includes('webhook') ? [Math.round(o.subscribers / 10), o.subscribers] : []) {
      await reset(h);
      const s0 = performance.now();
      await insertSubscriptions(h, n, { channel: 'webhook', webhook_secret: secret, allow_private: 1 }, { column: 'webhook_url', prefix: `http://127.0.0.1:${httpReceiver.port}/hook/` });
      const insertSeconds = (performance.now() - s0) / 1000;
      const enq = await enqueueTimed(h, n);
      const webhook = createWebhookSender({ userAgent: 'Lastmile-Bench', timeoutMs: 10_000, concurrency: 200 });
      const before = await httpReceiver.count();
      const d = await deliverFor(h, webhook, o.seconds, 1000);
      const received = (await httpReceiver.count()) - before;
      await webhook.close();
      rows.push({ channel: 'webhook', subscribers: n, 'subscriptions inserted (s)': +insertSeconds.toFixed(1), 'enqueue (s)': +enq.seconds.toFixed(2), 'delivered/s': Math.round(d.perSecond), delivered: d.delivered, 'receiver got': received, 'in flight at the stop (retried)': d.failed });
      memory.push({ channel: 'webhook', subscribers: n, 'peak heap MiB': +d.peakHeapMiB.toFixed(0), 'peak RSS MiB': +d.peakRssMiB.toFixed(0) });
    }

    // Email through the pool to the loopback SMTP server.
    if (only.includes('email')) {
    await reset(h);
    await insertSubscriptions(h, o.emailSubscribers, { channel: 'email' }, { column: 'email', prefix: 'bench' });
    await sql`UPDATE subscriptions SET email = email || '@example.jp'`.execute(h.db);
    const enqEmail = await enqueueTimed(h, 2);
    const email = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${smtpReceiver.port}`, from: 'Lastmile <no-reply@lastmile.invalid>', baseUrl: 'http://127.0.0.1', linkKey: randomBytes(32), concurrency: Number(process.env.BENCH_EMAIL_CONNECTIONS ?? 40), log: quiet });
    const beforeMail = await smtpReceiver.count();
    const de = await deliverFor(h, email, o.seconds, 500);
    await email.close?.();
    rows.push({ channel: `email (${process.env.BENCH_EMAIL_CONNECTIONS ?? 40} SMTP connections)`, subscribers: o.emailSubscribers, 'enqueue (s)': +enqEmail.seconds.toFixed(2), 'delivered/s': Math.round(de.perSecond), delivered: de.delivered, 'receiver got': (await smtpReceiver.count()) - beforeMail, 'in flight at the stop (retried)': de.failed });
    }

    // Web push: every subscription gets its own encryption; all share one browser key pair (the cost is the same).
    if (only.includes('push')) {
    await reset(h);
    const keys = browserKeys();
    await insertSubscriptions(h, o.pushSubscribers, { channel: 'push', push_p256dh: keys.p256dh, push_auth: keys.auth }, { column: 'push_endpoint', prefix: `http://127.0.0.1:${httpReceiver.port}/push/` });
    const enqPush = await enqueueTimed(h, 3);
    const push = createPushSender({ vapid: { ...(await vapidKeys(h.db)), subject: 'mailto:bench@lastmile.invalid' }, timeoutMs: 10_000, concurrency: 200, allowPrivate: true });
    const beforePush = await httpReceiver.count();
    const dp = await deliverFor(h, push, o.seconds, 1000);
    await push.close?.();
    rows.push({ channel: 'web push', subscribers: o.pushSubscribers, 'enqueue (s)': +enqPush.seconds.toFixed(2), 'delivered/s': Math.round(dp.perSecond), delivered: dp.delivered, 'receiver got': (await httpReceiver.count()) - beforePush, 'in flight at the stop (retried)': dp.failed });
    }
    await reset(h);
  } finally {
    httpReceiver.child.kill();
    smtpReceiver.child.kill();
  }
  console.log(`\n${engine}: delivery (worker in the bench process, receivers in their own processes, ${o.seconds} s per delivery run)`);
  console.table(rows);
  console.log('worker memory while delivering (a tenth of the subscribers vs all of them):');
  console.table(memory);
  return { engine, delivery: rows, memory };
}
