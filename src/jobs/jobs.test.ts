// Scheduled jobs on SQLite and PostgreSQL: the lease that lets only one instance run a job at a time,
// and the freshness reminders, sent through a real SMTP server on loopback.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { linkIn, startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { loadConfig } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { createMailer } from '../mail/smtp.ts';
import type { Mailer } from '../mail/mailer.ts';
import { seedCatalogue } from '../seed/seed.ts';
import { sendFreshnessReminders, staleItems } from './freshness.ts';
import { portalJobs } from './jobs.ts';
import { startScheduler, type Job, type JobLog } from './scheduler.ts';

interface LogEntry {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

function recordingLog(): JobLog & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (obj, msg) => entries.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => entries.push({ level: 'error', obj, msg }),
  };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Timers that never fire during a test: runs happen through runOnce only. */
const NO_TIMER = { startDelayMs: () => 24 * 60 * 60_000 };

test('the portal runs link checks (unless turned off), and daily freshness reminders, declaration renewals, check reminders and retention', () => {
  const handle = {} as DatabaseHandle;
  const mailer = { send: async () => {}, close: async () => {} };
  const jobs = portalJobs({ handle, config: loadConfig({ LINK_CHECK_INTERVAL_MINUTES: '30' }), mailer, log: recordingLog() });
  assert.deepEqual(
    jobs.map((j) => [j.name, j.everyMs]),
    [
      ['link-check', 30 * 60_000],
      ['partner-feeds', 60 * 60_000],
      ['freshness-reminders', 24 * 60 * 60_000],
      ['declaration-renewals', 24 * 60 * 60_000],
      ['check-reminders', 24 * 60 * 60_000],
      ['retention', 24 * 60 * 60_000],
    ],
  );
  // A full default batch (50 links × (1 s + 5 s)) fits in the lease.
  assert.ok(jobs[0]!.leaseMs! >= 50 * 6000);
  const off = portalJobs({ handle, config: loadConfig({ LINK_CHECK_INTERVAL_MINUTES: '0', FEEDS_INTERVAL_MINUTES: '0' }), mailer, log: recordingLog() });
  assert.deepEqual(
    off.map((j) => j.name),
    ['freshness-reminders', 'declaration-renewals', 'check-reminders', 'retention'],
  );
});

for (const dialect of testDialects()) {
  describe(`scheduler on ${dialect}`, () => {
    let t: TestDatabase;
    // A second connection pool on the same database, as a second instance would have.
    let second: DatabaseHandle;
    before(async () => {
      t = await createTestDatabase(dialect);
      second = openDatabase(t.url);
    });
    after(async () => {
      await second?.destroy();
      await t?.cleanup();
    });

    const lease = (name: string) => t.handle.db.selectFrom('job_leases').selectAll().where('name', '=', name).executeTakeFirst();

    test('of two instances, only one takes the lease; it is released when the run ends', async () => {
      const gate = deferred();
      const started = deferred();
      let runs = 0;
      const job: Job = {
        name: 'exclusive',
        everyMs: 60_000,
        run: async () => {
          runs++;
          started.resolve();
          await gate.promise;
        },
      };
      const a = startScheduler({ handle: t.handle, jobs: [job], holder: 'instance-a', log: recordingLog(), ...NO_TIMER });
      const b = startScheduler({ handle: second, jobs: [job], holder: 'instance-b', log: recordingLog(), ...NO_TIMER });
      try {
        const first = a.runOnce('exclusive');
        await started.promise;
        const held = await lease('exclusive');
        assert.equal(held?.holder, 'instance-a');
        assert.ok(held?.locked_until && held.locked_until > new Date().toISOString());
        assert.equal(await b.runOnce('exclusive'), false);
        // The same instance does not start it twice either.
        assert.equal(await a.runOnce('exclusive'), false);
        gate.resolve();
        assert.equal(await first, true);
        assert.equal(runs, 1);

        const released = await lease('exclusive');
        assert.equal(released?.locked_until, null);
        assert.ok(released?.last_finished_at);
        // Free again: the other instance may take it now.
        assert.equal(await b.runOnce('exclusive'), true);
        assert.equal(runs, 2);
        assert.equal((await lease('exclusive'))?.holder, 'instance-b');
      } finally {
        await a.stop();
        await b.stop();
      }
    });

    test('a failing run is logged, does not throw, and releases the lease', async () => {
      const log = recordingLog();
      let calls = 0;
      const s = startScheduler({
        handle: t.handle,
        jobs: [
          {
            name: 'failing',
            everyMs: 60_000,
            run: async () => {
              calls++;
              throw new Error('remote server exploded');
            },
          },
        ],
        holder: 'instance-a',
        log,
        ...NO_TIMER,
      });
      try {
        assert.equal(await s.runOnce('failing'), true);
        const row = await lease('failing');
        assert.equal(row?.locked_until, null);
        assert.ok(row?.last_finished_at);
        const err = log.entries.find((e) => e.level === 'error');
        assert.equal(err?.msg, 'job failed');
        assert.match(String((err?.obj as { err: Error }).err.message), /exploded/);
        assert.equal(await s.runOnce('failing'), true);
        assert.equal(calls, 2);
      } finally {
        await s.stop();
      }
    });

    test('an expired lease (its holder died) is taken over', async () => {
      await t.handle.db
        .insertInto('job_leases')
        .values({ name: 'orphan', holder: 'dead-instance', locked_until: '2020-01-01T00:00:00.000Z', last_finished_at: null })
        .execute();
      await t.handle.db
        .insertInto('job_leases')
        .values({ name: 'busy', holder: 'live-instance', locked_until: '2999-01-01T00:00:00.000Z', last_finished_at: null })
        .execute();
      let ran = 0;
      const run = async () => {
        ran++;
      };
      const s = startScheduler({
        handle: t.handle,
        jobs: [
          { name: 'orphan', everyMs: 60_000, run },
          { name: 'busy', everyMs: 60_000, run },
        ],
        holder: 'instance-a',
        log: recordingLog(),
        ...NO_TIMER,
      });
      try {
        assert.equal(await s.runOnce('orphan'), true);
        assert.equal(await s.runOnce('busy'), false);
        assert.equal(ran, 1);
        // A lease that is not ours is left alone.
        assert.equal((await lease('busy'))?.holder, 'live-instance');
      } finally {
        await s.stop();
      }
    });

    test('stop() aborts a running job through its signal and waits for it to end', async () => {
      const started = deferred();
      let sawAbort = false;
      let ended = false;
      const log = recordingLog();
      const s = startScheduler({
        handle: t.handle,
        jobs: [
          {
            name: 'long',
            everyMs: 60_000,
            run: (signal) =>
              new Promise<void>((resolve, reject) => {
                started.resolve();
                signal.addEventListener('abort', () => {
                  sawAbort = true;
                  // Some cleanup after the abort, which stop() must wait for.
                  setTimeout(() => {
                    ended = true;
                    reject(signal.reason);
                  }, 20);
                });
              }),
          },
        ],
        holder: 'instance-a',
        log,
        ...NO_TIMER,
      });
      const run = s.runOnce('long');
      await started.promise;
      await s.stop();
      assert.equal(sawAbort, true);
      assert.equal(ended, true);
      assert.equal(await run, true);
      assert.equal((await lease('long'))?.locked_until, null);
      assert.ok(log.entries.some((e) => e.level === 'warn' && e.msg === 'job aborted'));
      assert.equal(await s.runOnce('long'), false);
    });

    test('on their timers, two instances run a job once per interval between them', async () => {
      let runs = 0;
      const ran = deferred();
      const job: Job = {
        name: 'timed',
        everyMs: 60 * 60_000,
        run: async () => {
          runs++;
          ran.resolve();
        },
      };
      const a = startScheduler({ handle: t.handle, jobs: [job], holder: 'instance-a', log: recordingLog(), startDelayMs: () => 5 });
      const b = startScheduler({ handle: second, jobs: [job], holder: 'instance-b', log: recordingLog(), startDelayMs: () => 40 });
      // The scheduler's timers are unref()ed (in the app the HTTP server keeps the process alive): keep this test alive.
      const keepAlive = setInterval(() => {}, 1000);
      try {
        await ran.promise;
        // Let the later instance's first attempt happen: it finds the job done recently and leaves it.
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(runs, 1);
        assert.ok((await lease('timed'))?.last_finished_at);
      } finally {
        clearInterval(keepAlive);
        await a.stop();
        await b.stop();
      }
    });
  });

  describe(`freshness reminders on ${dialect}`, () => {
    let t: TestDatabase;
    let sink: SmtpSink;
    let mailer: Mailer;
    const org = new Map<string, number>();
    const initiative = new Map<string, number>();
    const item = new Map<string, number>();
    const BASE = 'https://lastmile.example.jp';
    let userNo = 0;

    async function addUser(organisation: string, p: { email: string; orgRole: string; verified?: boolean; status?: string }) {
      const at = '2024-01-01T00:00:00.000Z';
      await t.handle.db
        .insertInto('users')
        .values({
          email: p.email,
          display_name: `利用者${++userNo}`,
          password_hash: 'x',
          password_changed_at: at,
          created_at: at,
          updated_at: at,
          organisation_id: org.get(organisation)!,
          org_role: p.orgRole,
          email_verified_at: p.verified === false ? null : at,
          ...(p.status ? { status: p.status } : {}),
        })
        .execute();
    }

    async function addItem(key: string, organisation: string, slug: string, p: { createdAt: string; confirmedAt?: string; isPublic?: number }) {
      const { id } = await t.handle.db
        .insertInto('content_items')
        .values({
          kind: 'initiative',
          owner_organisation_id: org.get(organisation)!,
          public_id: initiative.get(slug)!,
          is_public: p.isPublic ?? 1,
          published_revision_id: null,
          working_revision_id: null,
          confirmed_at: p.confirmedAt ?? null,
          confirmed_by: null,
          reminded_at: null,
          created_by: null,
          created_at: p.createdAt,
          updated_at: p.createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      item.set(key, id);
    }

    before(async () => {
      t = await createTestDatabase(dialect);
      await seedCatalogue(t.handle, FIXTURE, '2026-11-01T00:00:00.000Z');
      // The seed gives every initiative a content item; these tests build their own, with chosen dates.
      await t.handle.db.deleteFrom('content_items').execute();
      for (const o of await t.handle.db.selectFrom('organisations').select(['id', 'slug']).execute()) org.set(o.slug, o.id);
      for (const i of await t.handle.db.selectFrom('initiatives').select(['id', 'slug']).execute()) initiative.set(i.slug, i.id);
      sink = await startSmtpSink();
      mailer = createMailer({ smtpUrl: sink.url, from: 'Lastmile <no-reply@lastmile.invalid>', log: { info() {} } });

      // npa: an administrator and a member — only the administrator is asked.
      await addUser('npa', { email: 'admin@npa.example.jp', orgRole: 'admin' });
      await addUser('npa', { email: 'member@npa.example.jp', orgRole: 'member' });
      await addUser('npa', { email: 'suspended-admin@npa.example.jp', orgRole: 'admin', status: 'suspended' });
      // jnsa: its only administrator never verified the address, so the verified members are asked.
      await addUser('jnsa', { email: 'unverified-admin@jnsa.example.jp', orgRole: 'admin', verified: false });
      await addUser('jnsa', { email: 'member1@jnsa.example.jp', orgRole: 'member' });
      await addUser('jnsa', { email: 'member2@jnsa.example.jp', orgRole: 'member' });
      // ipa: an administrator, whose entry was confirmed recently.
      await addUser('ipa', { email: 'admin@ipa.example.jp', orgRole: 'admin' });

      await addItem('npa-stale', 'npa', 'phishing-desk', { createdAt: '2024-03-15T09:00:00.000Z' });
      await addItem('jnsa-stale', 'jnsa', 'kansai-seminar', { createdAt: '2024-06-01T00:00:00.000Z' });
      await addItem('ipa-confirmed', 'ipa', 'school-class', { createdAt: '2024-01-01T00:00:00.000Z', confirmedAt: '2026-06-01T00:00:00.000Z' });
      await addItem('ipa-unpublished', 'ipa', 'sme-guide', { createdAt: '2024-01-01T00:00:00.000Z', isPublic: 0 });
      await addItem('nobody', 'unused', 'edu-game', { createdAt: '2024-02-01T00:00:00.000Z' });
    });
    after(async () => {
      await mailer?.close();
      await sink?.close();
      await t?.cleanup();
    });

    test('the moderators’ list shows public entries unconfirmed for 12 months, longest first', async () => {
      const list = await staleItems(t.handle.db, new Date('2026-11-02T00:00:00.000Z'));
      assert.deepEqual(
        list.map((s) => [s.itemId, s.slug, s.organisationNameJa]),
        [
          [item.get('nobody'), 'edu-game', '未使用団体'],
          [item.get('npa-stale'), 'phishing-desk', '警察庁'],
          [item.get('jnsa-stale'), 'kansai-seminar', '日本ネットワークセキュリティ協会'],
        ],
      );
      assert.equal(list[1]!.organisationNameEn, 'National Police Agency');
      assert.equal(list[1]!.titleJa, 'フィッシング詐欺の相談窓口');
      assert.equal(list[1]!.confirmedAt, null);
      assert.equal(list[1]!.createdAt, '2024-03-15T09:00:00.000Z');
    });

    test('a reminder is emailed once, in Japanese then English, to the administrators (or else the members)', async () => {
      sink.clear();
      const now = new Date('2026-11-02T00:00:00.000Z');
      const r = await sendFreshnessReminders({ handle: t.handle, mailer, baseUrl: BASE, now });
      assert.deepEqual(r, { reminded: 2, skippedNoRecipient: 1 });
      assert.deepEqual(sink.messages.map((m) => m.to.join(',')).sort(), [
        'admin@npa.example.jp',
        'member1@jnsa.example.jp',
        'member2@jnsa.example.jp',
      ]);

      const mail = await sink.waitFor((m) => m.to.includes('admin@npa.example.jp'));
      assert.match(mail.subject, /掲載内容のご確認/);
      assert.match(mail.subject, /Please confirm/);
      const ja = mail.text.indexOf('「フィッシング詐欺の相談窓口」');
      const en = mail.text.indexOf('"Phishing fraud help desk"');
      assert.ok(ja >= 0 && en > ja, mail.text);
      assert.match(mail.text, /2024-03-15/);
      assert.equal(linkIn(mail, '/my/initiatives/'), `/my/initiatives/${item.get('npa-stale')}`);
      assert.ok(mail.text.includes(`${BASE}/my/initiatives/${item.get('npa-stale')}`));

      const reminded = await t.handle.db.selectFrom('content_items').select(['id', 'reminded_at']).orderBy('id').execute();
      const at = new Map(reminded.map((x) => [x.id, x.reminded_at]));
      assert.equal(at.get(item.get('npa-stale')!), now.toISOString());
      assert.equal(at.get(item.get('jnsa-stale')!), now.toISOString());
      assert.equal(at.get(item.get('ipa-confirmed')!), null);
      assert.equal(at.get(item.get('nobody')!), null);
    });

    test('not again the next day, nor a month later while still unconfirmed', async () => {
      sink.clear();
      for (const day of ['2026-11-03T00:00:00.000Z', '2026-12-15T00:00:00.000Z']) {
        const r = await sendFreshnessReminders({ handle: t.handle, mailer, baseUrl: BASE, now: new Date(day) });
        assert.deepEqual(r, { reminded: 0, skippedNoRecipient: 1 });
      }
      assert.equal(sink.messages.length, 0);
    });

    test('a confirmation starts a new period: reminded again 12 months after it', async () => {
      sink.clear();
      await t.handle.db
        .updateTable('content_items')
        .set({ confirmed_at: '2026-11-10T00:00:00.000Z' })
        .where('id', '=', item.get('npa-stale')!)
        .execute();
      const soon = await sendFreshnessReminders({ handle: t.handle, mailer, baseUrl: BASE, now: new Date('2027-06-01T00:00:00.000Z') });
      assert.equal(soon.reminded, 0);
      const year = await sendFreshnessReminders({ handle: t.handle, mailer, baseUrl: BASE, now: new Date('2027-11-11T00:00:00.000Z') });
      // ipa's entry, confirmed on 2026-06-01, has come round too.
      assert.deepEqual(year, { reminded: 2, skippedNoRecipient: 1 });
      assert.deepEqual(sink.messages.map((m) => m.to.join(',')).sort(), ['admin@ipa.example.jp', 'admin@npa.example.jp']);
      const npa = await sink.waitFor((m) => m.to.includes('admin@npa.example.jp'));
      assert.match(npa.text, /2026-11-10/);
    });

    test('when the mail server is down nothing is marked reminded, so the next run tries again', async () => {
      // The unpublished entry gets published, still unconfirmed since 2024.
      await t.handle.db.updateTable('content_items').set({ is_public: 1 }).where('id', '=', item.get('ipa-unpublished')!).execute();
      const log = recordingLog();
      // A port nothing listens on.
      const closed = await startSmtpSink();
      const deadUrl = closed.url;
      await closed.close();
      const dead = createMailer({ smtpUrl: deadUrl, from: 'Lastmile <no-reply@lastmile.invalid>', log: { info() {} }, timeoutsMs: { connection: 500, greeting: 500, socket: 500 } });
      try {
        const now = new Date('2027-11-12T00:00:00.000Z');
        const r = await sendFreshnessReminders({ handle: t.handle, mailer: dead, baseUrl: BASE, now, log });
        assert.equal(r.reminded, 0);
        assert.ok(log.entries.some((e) => e.msg === 'freshness reminder not sent'));
        const row = await t.handle.db.selectFrom('content_items').select('reminded_at').where('id', '=', item.get('ipa-unpublished')!).executeTakeFirstOrThrow();
        assert.equal(row.reminded_at, null);

        sink.clear();
        const retry = await sendFreshnessReminders({ handle: t.handle, mailer, baseUrl: BASE, now });
        assert.equal(retry.reminded, 1);
        assert.deepEqual(
          sink.messages.map((m) => m.to.join(',')),
          ['admin@ipa.example.jp'],
        );
        assert.ok(sink.messages[0]!.text.includes(`/my/initiatives/${item.get('ipa-unpublished')}`));
      } finally {
        await dead.close();
      }
    });
  });
}
