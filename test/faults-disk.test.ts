// Issue 9, "The disk full (or the database read-only)": writes answer 503 with a clear message, reads
// keep working, nothing is corrupted, and it recovers when space returns. The background work that
// writes (the scheduler's leases, the delivery worker's claims) logs the failure, keeps running and
// succeeds later.
//
// SQLite: the database lives on a small tmpfs mounted for the test, and a file fills it for real, so
// SQLite meets a genuine ENOSPC (SQLITE_FULL); deleting the file gives the space back. Mounting needs
// root: elsewhere the SQLite half is skipped and says so.
// PostgreSQL: the database is made read-only for new sessions (default_transaction_read_only) and the
// app's connections are ended, so the pool reconnects read-only, as after a failover to a standby;
// then the other way round.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../src/app.ts';
import { openDatabase, type DatabaseHandle, type DialectName } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { startScheduler, type Scheduler } from '../src/jobs/scheduler.ts';
import { createMailer } from '../src/mail/smtp.ts';
import { enqueueDispatch } from '../src/outbox/enqueue.ts';
import { startOutboxWorker, type OutboxWorker } from '../src/outbox/worker.ts';
import { seedCatalogue } from '../src/seed/seed.ts';
import { newWebhookSecret } from '../src/webhooks/secret.ts';
import { createWebhookSender } from '../src/webhooks/sender.ts';
import { testConfig } from './support/app.ts';
import { Client, organisationIdBySlug } from './support/client.ts';
import { createTestDatabase, pgAdmin, testDialects, type TestDatabase } from './support/databases.ts';
import { FIXTURE } from './support/fixture.ts';
import { startRecordingReceiver, testAdvisory, until, type RecordingReceiver } from './support/outbox.ts';

/** Refuses the database's writes and gives them back; cleans up after itself. */
interface WriteFault {
  handle: DatabaseHandle;
  refuse(): Promise<void>;
  allow(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A tmpfs of a few MiB holding the SQLite database, or null when this process may not mount one. */
async function sqliteOnSmallDisk(): Promise<WriteFault | null> {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const handle = openDatabase(`file:${join(dir, 'db', 'lastmile.sqlite')}`);
  const filler = join(dir, 'filler');
  return {
    handle,
    async refuse() {
      // An empty WAL first: otherwise commits could reuse the space an earlier, longer WAL had taken.
      handle.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      const fd = openSync(filler, 'w');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as { code?: string }).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd);
      }
      // The last bytes too: a smaller write can still fit in the last partial block.
      const fd2 = openSync(filler, 'a');
      try {
        for (;;) writeSync(fd2, Buffer.alloc(512, 1));
      } catch (err) {
        if ((err as { code?: string }).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd2);
      }
    },
    async allow() {
      unlinkSync(filler);
    },
    async cleanup() {
      await handle.destroy().catch(() => {});
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function postgresReadOnly(): Promise<WriteFault> {
  const t: TestDatabase = await createTestDatabase('postgres');
  const name = new URL(t.url).pathname.slice(1);

  const setReadOnly = async (on: boolean) => {
    await pgAdmin(`ALTER DATABASE ${name} SET default_transaction_read_only = ${on ? 'on' : 'off'}`);
    // The setting applies to new sessions: end the app's, and its pool opens new ones.
    await pgAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
  };
  // Connections ended under the pool are expected here (main.ts logs them as warnings).
  t.handle.onBackgroundError = () => {};
  return {
    handle: t.handle,
    refuse: () => setReadOnly(true),
    allow: () => setReadOnly(false),
    cleanup: () => t.cleanup(),
  };
}

const canMount = process.getuid?.() === 0;

for (const dialect of testDialects() as DialectName[]) {
  const skip = dialect === 'sqlite' && !canMount ? 'mounting a small tmpfs (a disk that fills up for real) needs root' : false;
  describe(`writes refused, reads served (${dialect}: ${dialect === 'sqlite' ? 'disk full' : 'read-only database'})`, { skip }, () => {
    let fault: WriteFault | null = null;
    let app: FastifyInstance | undefined;
    let scheduler: Scheduler | undefined;
    let worker: OutboxWorker | undefined;
    const mailer = createMailer({ smtpUrl: 'log', from: 'Lastmile <no-reply@lastmile.invalid>', log: { info() {} } });
    const sender = createWebhookSender({ userAgent: 'Lastmile-Webhooks/test', timeoutMs: 2000, concurrency: 2 });
    let receiver: RecordingReceiver;
    const errors: string[] = [];
    const log = { info() {}, warn() {}, error: (obj: object, msg: string) => errors.push(`${msg} ${JSON.stringify(obj)}`) };
    let probeRuns = 0;

    before(async () => {
      receiver = await startRecordingReceiver();
      fault = dialect === 'sqlite' ? await sqliteOnSmallDisk() : await postgresReadOnly();
      if (!fault) return;
      if (dialect === 'sqlite') await migrateToLatest(fault.handle);
      await seedCatalogue(fault.handle, FIXTURE, '2026-11-01T00:00:00.000Z');
      app = await buildApp({ config: testConfig(), database: fault.handle, mailer });
      await app.ready();
      const now = new Date().toISOString();
      await fault.handle.db
        .insertInto('subscriptions')
        .values({ channel: 'webhook', status: 'active', locale: 'ja', prefecture: null, all_audiences: 1, owner_organisation_id: await organisationIdBySlug(fault.handle, 'jnsa'), name: 'Receiver', webhook_url: receiver.url, webhook_secret: newWebhookSecret(), allow_private: 1, created_at: now, updated_at: now })
        .execute();
      scheduler = startScheduler({
        handle: fault.handle,
        jobs: [{ name: 'faults-probe', everyMs: 3_600_000, run: async () => void probeRuns++ }],
        holder: 'faults-test',
        log,
        // Runs only when the test asks (runOnce).
        startDelayMs: () => 3_600_000,
      });
    });

    after(async () => {
      await scheduler?.stop().catch(() => {});
      await worker?.stop(1000).catch(() => {});
      await app?.close().catch(() => {});
      await sender.close().catch(() => {});
      await mailer.close().catch(() => {});
      await receiver?.close();
      await fault?.cleanup();
    });

    test('a form post answers 503 "cannot save, you can still browse"; pages and the API answer 200; jobs and the worker log and wait; all recovers when writes return', async () => {
      const f = fault!;
      const a = app!;
      const db = f.handle.db;
      const c = new Client(a);
      const subscribe = (email: string, path = '/subscribe') => c.submit(path, path, { email, language: 'ja' });

      assert.equal((await subscribe('before@example.jp')).statusCode, 200);
      const initiatives = Number((await db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      // Queued before the fault; the worker starts during it.
      await db.transaction().execute((trx) => enqueueDispatch(trx, testAdvisory(1), new Date(Date.now() - 1000).toISOString()));

      await f.refuse();
      worker = startOutboxWorker({ handle: f.handle, senders: [sender], workerId: 'faults-disk', batch: 10, leaseMs: 60_000, maxAttempts: 8, retryBaseMs: 100, retryMaxMs: 500, pollMs: 50, log });

      // PostgreSQL: the first request may still meet a connection being ended (503 "down"); then read-only.
      let refused = await subscribe('during@example.jp');
      for (let i = 0; i < 20 && refused.statusCode === 503 && !/保存できません/.test(refused.body); i++) refused = await subscribe('during@example.jp');
      assert.equal(refused.statusCode, 503, refused.body);
      assert.ok(Number(refused.headers['retry-after']) > 0);
      assert.match(refused.body, /現在、保存できません。閲覧はできます。/);
      assert.match(refused.body, /入力した内容は保存されていない/);
      assert.doesNotMatch(refused.body, /SQLITE_|25006|read-only transaction|node_modules/);
      const en = await subscribe('during-en@example.jp', '/en/subscribe');
      assert.equal(en.statusCode, 503);
      assert.match(en.body, /Saving is not possible at the moment; you can still browse/);

      // Reads keep working.
      for (const url of ['/', '/initiatives', '/en/initiatives?q=%E7%9B%B8%E8%AB%87', '/api/v1/initiatives', '/api/v1/organisations', '/subscribe']) {
        const res = await c.get(url);
        assert.equal(res.statusCode, 200, `${url} while writes are refused: ${res.statusCode}`);
      }

      // Background work: the job cannot take its lease and the worker cannot claim; both log it and go on.
      assert.equal(await scheduler!.runOnce('faults-probe'), false);
      assert.equal(probeRuns, 0);
      assert.ok(errors.some((e) => e.startsWith('job lease could not be taken')), errors.join('\n'));
      await until('the worker logs its failed claim', () => errors.some((e) => e.startsWith('delivery worker batch failed')));
      assert.equal(receiver.received.length, 0);

      await f.allow();

      // Writes work again, in the same process.
      let saved = await subscribe('after@example.jp');
      for (let i = 0; i < 20 && saved.statusCode === 503; i++) saved = await subscribe('after@example.jp');
      assert.equal(saved.statusCode, 200);
      assert.equal(await scheduler!.runOnce('faults-probe'), true);
      assert.equal(probeRuns, 1);
      await until('the worker delivers the queued message', async () => (await db.selectFrom('deliveries').select('status').executeTakeFirstOrThrow()).status === 'delivered');
      assert.equal(receiver.received.length, 1);

      // Nothing lost, nothing half-written.
      const emails = (await db.selectFrom('subscriptions').select('email').where('channel', '=', 'email').orderBy('email').execute()).map((r) => r.email);
      assert.deepEqual(emails, ['after@example.jp', 'before@example.jp']);
      assert.equal(Number((await db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), initiatives);
      if (dialect === 'sqlite') {
        const check = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
        assert.deepEqual(check.rows, [{ integrity_check: 'ok' }]);
      }
    });
  });
}
