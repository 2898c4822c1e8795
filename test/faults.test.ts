// Issue 9, "PostgreSQL restarted under load": requests fail fast with 503 while it is down and succeed
// again without restarting the app; the delivery worker resumes.
//
// The test starts its own PostgreSQL cluster (initdb into a temporary directory, a free port, a socket
// in that directory), never the machine's shared server that other tests use. The app runs in this
// process on it, as main.ts runs it, with the delivery worker sending to a loopback webhook receiver.
// A steady load of page reads, API reads and form posts runs throughout; PostgreSQL is stopped
// (pg_ctl stop -m fast: what a restart or failover does to the connections) and started again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createMailer } from '../src/mail/smtp.ts';
import { enqueueDispatch } from '../src/outbox/enqueue.ts';
import { startOutboxWorker, type OutboxWorker } from '../src/outbox/worker.ts';
import { seedCatalogue } from '../src/seed/seed.ts';
import { newWebhookSecret } from '../src/webhooks/secret.ts';
import { createWebhookSender } from '../src/webhooks/sender.ts';
import { testConfig } from './support/app.ts';
import { Client, organisationIdBySlug } from './support/client.ts';
import { FIXTURE } from './support/fixture.ts';
import { freePort } from './support/server-process.ts';
import { startRecordingReceiver, testAdvisory, type RecordingReceiver } from './support/outbox.ts';

const BIN = process.env.LASTMILE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const CONNECT_TIMEOUT_MS = 1000;

/** PostgreSQL refuses to run as root: as root (CI containers) the cluster runs as the postgres user. */
function pgCommand(cmd: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'runuser' : join(BIN, cmd), asRoot ? ['-u', 'postgres', '--', join(BIN, cmd), ...args] : args, { stdio: 'pipe', timeout: 60_000 });
}

interface Cluster {
  url: string;
  start(): void;
  stop(): void;
  destroy(): void;
}

async function privateCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  let running = false;
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start() {
      // fsync off: this cluster lives for one test; nothing here is about durability.
      pgCommand('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', 'start', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`]);
      running = true;
    },
    stop() {
      pgCommand('pg_ctl', ['-D', data, '-w', '-m', 'fast', 'stop']);
      running = false;
    },
    destroy() {
      try {
        if (running) cluster.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    pgCommand('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    cluster.start();
  } catch (err) {
    cluster.destroy();
    throw err;
  }
  return cluster;
}

/** Resolves with the answer, or with 'no answer' when none came within ms (the request hung). */
async function within(ms: number, p: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse | 'no answer'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'no answer'>((r) => (timer = setTimeout(() => r('no answer'), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

const skip = existsSync(join(BIN, 'initdb')) ? false : `no PostgreSQL server binaries at ${BIN}`;

describe('PostgreSQL stopped and started under load', { skip }, () => {
  let cluster: Cluster | undefined;
  let handle: DatabaseHandle | undefined;
  let app: FastifyInstance | undefined;
  let worker: OutboxWorker | undefined;
  const mailer = createMailer({ smtpUrl: 'log', from: 'Lastmile <no-reply@lastmile.invalid>', log: { info() {} } });
  const sender = createWebhookSender({ userAgent: 'Lastmile-Webhooks/test', timeoutMs: 2000, concurrency: 4 });
  const secret = newWebhookSecret();
  let receiver: RecordingReceiver;
  const workerErrors: string[] = [];

  before(async () => {
    receiver = await startRecordingReceiver();
    cluster = await privateCluster();
    handle = openDatabase(cluster.url, { poolSize: 4, connectTimeoutMs: CONNECT_TIMEOUT_MS });
    // Connections PostgreSQL ended while the pool held them (main.ts logs these as warnings).
    handle.onBackgroundError = () => {};
    await migrateToLatest(handle);
    await seedCatalogue(handle, FIXTURE, '2026-11-01T00:00:00.000Z');
    app = await buildApp({ config: testConfig({ DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) }), database: handle, mailer });
    await app.ready();
    const now = new Date().toISOString();
    await handle.db
      .insertInto('subscriptions')
      .values({ channel: 'webhook', status: 'active', locale: 'ja', prefecture: null, all_audiences: 1, owner_organisation_id: await organisationIdBySlug(handle, 'jnsa'), name: 'Receiver', webhook_url: receiver.url, webhook_secret: secret, allow_private: 1, created_at: now, updated_at: now })
      .execute();
    worker = startOutboxWorker({
      handle,
      senders: [sender],
      workerId: 'faults-worker',
      batch: 10,
      // A batch claimed just before the outage comes due again soon after it.
      leaseMs: 2000,
      maxAttempts: 8,
      retryBaseMs: 100,
      retryMaxMs: 500,
      pollMs: 50,
      log: { info() {}, warn() {}, error: (obj: object) => workerErrors.push(JSON.stringify(obj)) },
    });
  });

  after(async () => {
    // Each step on its own: a failure in one must not leave the cluster running or the directory behind.
    await worker?.stop(1000).catch(() => {});
    await app?.close().catch(() => {});
    await sender.close().catch(() => {});
    await mailer.close().catch(() => {});
    await handle?.destroy().catch(() => {});
    await receiver?.close();
    cluster?.destroy();
  });

  async function publish(n: number): Promise<void> {
    await handle!.db.transaction().execute((trx) => enqueueDispatch(trx, testAdvisory(n), new Date(Date.now() - 1000).toISOString()));
    worker!.wake();
  }

  async function waitForDeliveries(n: number): Promise<void> {
    for (let i = 0; i < 400 && receiver.received.length < n; i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(receiver.received.length >= n, `the receiver got ${receiver.received.length} of ${n} deliveries`);
  }

  test('503 with Retry-After at once while it is down; the same app serves and saves again when it is back; the worker resumes', async () => {
    const a = app!;
    const reader = new Client(a);
    const writer = new Client(a, '127.0.0.2');
    let subscribers = 0;
    const subscribe = () => writer.submit('/subscribe', '/subscribe', { email: `faults-${++subscribers}@example.jp`, language: 'ja' });

    // Before: everything works, and the worker delivers.
    assert.equal((await reader.get('/initiatives')).statusCode, 200);
    assert.equal((await subscribe()).statusCode, 200);
    await publish(1);
    await waitForDeliveries(1);

    // A steady load runs from now to the end: pages, the API and form posts, four at a time.
    const statuses: number[] = [];
    let loading = true;
    const load = Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        const c = new Client(a, `127.0.1.${i}`);
        const urls = ['/initiatives?page=1', '/api/v1/initiatives', '/en/initiatives', `/api/v1/organisations`];
        for (let k = 0; loading; k++) {
          const res = await (i === 3 && k % 2 === 0
            ? c.submit('/subscribe', '/subscribe', { email: `load-${k}@example.jp`, language: 'en' }).catch(() => c.last!)
            : c.get(urls[k % urls.length]!));
          statuses.push(res.statusCode);
          await new Promise((r) => setTimeout(r, 5));
        }
      }),
    );

    // PostgreSQL stops, is checked, and starts again while the load runs.
    const outage = async (): Promise<void> => {
      cluster!.stop();

      // Down: every request is answered — not left hanging — within twice the connect timeout, with 503.
      const api = await within(2 * CONNECT_TIMEOUT_MS, a.inject({ method: 'GET', url: '/api/v1/initiatives?q=%E7%9B%B8%E8%AB%87', headers: { 'accept-language': 'en' } }));
      assert.notEqual(api, 'no answer', 'an API request hung while PostgreSQL was down');
      if (api === 'no answer') return;
      assert.equal(api.statusCode, 503);
      assert.ok(Number(api.headers['retry-after']) > 0);
      const body = api.json() as { error: { code: string; message: string; details: unknown[] } };
      assert.equal(body.error.code, 'database_unavailable');
      assert.match(body.error.message, /temporarily unavailable/);
      assert.deepEqual(body.error.details, []);

      const page = await within(2 * CONNECT_TIMEOUT_MS, a.inject({ method: 'GET', url: '/initiatives?q=%E7%9B%B8%E8%AB%87' }));
      assert.notEqual(page, 'no answer', 'a page request hung while PostgreSQL was down');
      if (page === 'no answer') return;
      assert.equal(page.statusCode, 503);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.match(page.body, /サービスを一時的に利用できません/);
      assert.doesNotMatch(page.body, /at .+\.ts:\d+|node_modules|ECONNREFUSED|57P01/);

      const enPage = await within(2 * CONNECT_TIMEOUT_MS, a.inject({ method: 'GET', url: '/en/initiatives?q=%E7%9B%B8%E8%AB%87' }));
      assert.ok(enPage !== 'no answer' && enPage.statusCode === 503 && /temporarily unavailable/.test(enPage.body));

      // A form post: not saved, and the user is told so.
      await writer.get('/subscribe');
      const post = await within(2 * CONNECT_TIMEOUT_MS, writer.post('/subscribe', { email: 'during-outage@example.jp', language: 'ja' }, writer.csrf('/subscribe')));
      assert.ok(post !== 'no answer' && post.statusCode === 503, `form post during the outage: ${post === 'no answer' ? post : post.statusCode}`);
      assert.match(post.body, /保存されていません/);

      // The worker keeps polling while PostgreSQL is down and logs each failed poll (it is not stuck or dead).
      // The outage is short and the worker's queries share the pool with the load, so give it a moment.
      for (let i = 0; i < 200 && workerErrors.length === 0; i++) {
        worker!.wake();
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.ok(workerErrors.length > 0, 'the worker did not notice the outage');

      // Up again: the same app, no restart.
      cluster!.start();
      let back: LightMyRequestResponse | undefined;
      for (let i = 0; i < 100; i++) {
        back = await reader.get('/initiatives?q=%E7%9B%B8%E8%AB%87');
        if (back.statusCode === 200) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(back!.statusCode, 200);
      assert.equal((await reader.get('/api/v1/initiatives')).statusCode, 200);
      const saved = await subscribe();
      assert.equal(saved.statusCode, 200);
      const row = await handle!.db.selectFrom('subscriptions').select('status').where('email', '=', `faults-${subscribers}@example.jp`).executeTakeFirst();
      assert.equal(row?.status, 'pending');
      assert.equal(await handle!.db.selectFrom('subscriptions').select('id').where('email', '=', 'during-outage@example.jp').executeTakeFirst(), undefined);

      // The same worker delivers again.
      await publish(2);
      await waitForDeliveries(2);
    };
    await new Promise((r) => setTimeout(r, 200));
    try {
      await outage();
    } finally {
      loading = false;
      await load;
    }
    // Under load, through the whole outage: answers were 200 (or a redirect) or 503, never a 500.
    assert.ok(statuses.length > 0);
    assert.deepEqual([...new Set(statuses.filter((s) => s >= 500 && s !== 503))], []);
    assert.ok(statuses.includes(503), 'the load saw no 503 while PostgreSQL was down');
    assert.ok(statuses.lastIndexOf(200) > statuses.lastIndexOf(503), 'the load never recovered');
  });
});
