// The outbox survives a worker killed with SIGKILL in the middle of a fan-out: after a restart every
// subscriber has received the advisory at least once, and only messages that were in flight at the
// kill arrive twice (with the same Message-ID, so mail systems drop the repeat). Two workers started
// side by side share the load without sending anything twice. Real worker processes (`npm run
// worker`'s entry point), a real SMTP server on loopback, SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { enqueueDispatch } from './enqueue.ts';
import type { DispatchPayload } from './model.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SUBSCRIBERS = 600;

function payload(subjectId: number): DispatchPayload {
  return {
    topic: 'advisory',
    action: 'published',
    subjectId,
    title: { ja: '偽の警告画面（サポート詐欺）に注意', en: 'Beware of fake virus warnings (tech-support scams)' },
    summary: { ja: '画面に表示された電話番号に電話しないでください。', en: 'Do not call the number shown on the screen.' },
    url: { ja: 'http://lastmile.test/advisories/9', en: 'http://lastmile.test/en/advisories/9' },
    severity: 'warning',
    audiences: [],
    prefectures: [],
    nationwide: true,
    publishedAt: new Date().toISOString(),
  };
}

/**
 * leaseSeconds: how long a claimed batch is this worker's. Short after a kill, so the restarted worker gets the
 * killed one's rows back quickly; a batch still sending when its lease ends is claimed again by design
 * (at-least-once), so the side-by-side test gives its workers a lease no batch outlives on a busy machine.
 */
function startWorker(db: TestDatabase, sink: SmtpSink, name: string, leaseSeconds = 2): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: db.url,
      SMTP_URL: sink.url,
      BASE_URL: 'http://lastmile.test',
      LOG_LEVEL: 'warn',
      DELIVERY_POLL_MS: '50',
      DELIVERY_BATCH: '50',
      DELIVERY_LEASE_SECONDS: String(leaseSeconds),
      EMAIL_CONCURRENCY: '4',
      HOSTNAME: name,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

for (const dialect of testDialects()) {
  describe(`outbox crash safety (${dialect})`, () => {
    let db: TestDatabase;
    let sink: SmtpSink;
    const children: ChildProcess[] = [];

    before(async () => {
      db = await createTestDatabase(dialect);
      sink = await startSmtpSink();
      const now = new Date().toISOString();
      for (let i = 0; i < SUBSCRIBERS; i += 500) {
        const rows = Array.from({ length: Math.min(500, SUBSCRIBERS - i) }, (_, k) => ({
          channel: 'email',
          status: 'active',
          locale: 'ja',
          prefecture: null,
          all_audiences: 1,
          email: `person${i + k}@example.jp`,
          confirmed_at: now,
          created_at: now,
          updated_at: now,
        }));
        await db.handle.db.insertInto('subscriptions').values(rows).execute();
      }
    });
    after(async () => {
      for (const c of children) c.kill('SIGKILL');
      await Promise.all(children.map(exited));
      await sink?.close();
      await db?.cleanup();
    });

    const received = (subject: string) => {
      const counts = new Map<string, number>();
      for (const m of sink.messages) if (m.subject.includes(subject)) for (const to of m.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    };
    const pendingCount = async (dispatchId: number) =>
      Number((await db.handle.db.selectFrom('deliveries').select((eb) => eb.fn.countAll().as('n')).where('dispatch_id', '=', dispatchId).where('status', '<>', 'delivered').executeTakeFirstOrThrow()).n);

    test('a worker killed with SIGKILL mid fan-out: after a restart everyone has it at least once', async () => {
      const { dispatchId, recipients } = await db.handle.db.transaction().execute((trx) => enqueueDispatch(trx, payload(1), new Date().toISOString()));
      assert.equal(recipients, SUBSCRIBERS);

      const first = startWorker(db, sink, 'w1');
      children.push(first);
      await until(() => sink.messages.length >= SUBSCRIBERS / 5, 60_000, 'the first fifth of the messages');
      first.kill('SIGKILL');
      await exited(first);
      const before = await pendingCount(dispatchId);
      assert.ok(before > 0, 'the kill came before the fan-out finished');

      const second = startWorker(db, sink, 'w2');
      children.push(second);
      await until(async () => (await pendingCount(dispatchId)) === 0, 90_000, 'every delivery to be settled');
      second.kill('SIGTERM');
      await exited(second);

      // The sink may still be parsing the last messages the worker handed over.
      await until(() => received('サポート詐欺').size === SUBSCRIBERS, 10_000, 'every subscriber to have the message');
      const counts = received('サポート詐欺');
      const twice = [...counts.values()].filter((n) => n > 1).length;
      // Only what was in flight at the kill (at most one claimed batch) can arrive twice.
      assert.ok(twice <= 50, `${twice} subscribers got it twice`);
      const statuses = await db.handle.db.selectFrom('deliveries').select('status').where('dispatch_id', '=', dispatchId).groupBy('status').execute();
      assert.deepEqual(statuses.map((s) => s.status), ['delivered']);
    });

    test('two workers side by side share the fan-out and send nothing twice', async () => {
      sink.clear();
      const { dispatchId } = await db.handle.db.transaction().execute((trx) => enqueueDispatch(trx, { ...payload(2), title: { ja: '二つ目の注意喚起', en: 'Second advisory' } }, new Date().toISOString()));
      const a = startWorker(db, sink, 'wa', 120);
      const b = startWorker(db, sink, 'wb', 120);
      children.push(a, b);
      await until(async () => (await pendingCount(dispatchId)) === 0, 90_000, 'every delivery to be settled');
      a.kill('SIGTERM');
      b.kill('SIGTERM');
      await Promise.all([exited(a), exited(b)]);
      await until(() => received('二つ目').size === SUBSCRIBERS, 10_000, 'every subscriber to have the message');
      const counts = received('二つ目');
      assert.equal([...counts.values()].filter((n) => n > 1).length, 0);
      // Both took part (locked_by names the last worker that held each row).
      const holders = await db.handle.db.selectFrom('deliveries').select('attempts').where('dispatch_id', '=', dispatchId).execute();
      assert.ok(holders.every((h) => h.attempts === 1));
    });
  });
}
