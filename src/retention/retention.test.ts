// Retention on SQLite and PostgreSQL: rows past their period are gone, recent ones stay, the counts say what
// went, nothing else is touched, and a second run finds nothing more.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { testConfig } from '../../test/support/app.ts';
import type { Db } from '../db/database.ts';
import { runRetention } from './retention.ts';

const NOW = new Date('2026-11-26T00:00:00.000Z');
const DAY = 24 * 3_600_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

async function dispatch(db: Db, daysAgo: number, statuses: string[], subscriptionId: number): Promise<number> {
  const at = ago(daysAgo);
  const d = await db.insertInto('dispatches').values({ topic: 'advisory', subject_id: daysAgo, action: 'published', payload: '{}', created_at: at }).returning('id').executeTakeFirstOrThrow();
  const id = Number(d.id);
  for (const status of statuses) {
    await db.insertInto('deliveries').values({ dispatch_id: id, subscription_id: subscriptionId, channel: 'email', status, attempts: 1, next_attempt_at: at, delivered_at: status === 'delivered' ? at : null }).execute();
  }
  return id;
}

async function emailSubscription(db: Db, email: string, status: string, updatedDaysAgo: number, channel = 'email'): Promise<number> {
  const at = ago(updatedDaysAgo);
  const r = await db
    .insertInto('subscriptions')
    .values({ channel, status, locale: 'ja', prefecture: null, all_audiences: 0, email: channel === 'email' ? email : null, webhook_url: channel === 'webhook' ? 'https://93.184.215.14/h' : null, webhook_secret: channel === 'webhook' ? 'whsec_x' : null, confirm_sent_at: at, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('subscription_audiences').values({ subscription_id: r.id, audience: 'seniors' }).execute();
  return r.id;
}

for (const dialect of testDialects()) {
  describe(`retention (${dialect})`, () => {
    let d: TestDatabase;
    before(async () => {
      d = await createTestDatabase(dialect);
    });
    after(async () => {
      await d?.cleanup();
    });

    test('old rows are deleted, recent ones kept, the counts returned; a second run deletes nothing', async () => {
      const db = d.handle.db;
      const uploads = mkdtempSync(join(tmpdir(), 'lastmile-retention-'));
      const config = testConfig({ RETENTION_DELIVERY_DAYS: '90', RETENTION_SESSION_DAYS: '30', RETENTION_PENDING_SUBSCRIPTION_DAYS: '7', SESSION_IDLE_MINUTES: '30', UPLOAD_DIR: uploads, IMPORT_PREVIEW_HOURS: '24' });

      // Sheets uploaded for an import: one preview nobody confirmed for two days, one from an hour ago.
      mkdirSync(join(uploads, 'imports'));
      const sheet = (name: string) => {
        writeFileSync(join(uploads, 'imports', name), 'ID,取組名（日本語）\n');
        return name;
      };
      const preview = (stored: string, createdAt: string) => ({ organisation_id: null, user_id: null, kind: 'initiatives', file_name: 'x.csv', stored_name: stored, format: 'csv', encoding: 'utf-8', status: 'previewed', plan_hash: 'h', summary: '{}', created_at: createdAt, applied_at: null });
      const staleSheet = sheet(`${'a'.repeat(32)}.sheet`);
      const freshSheet = sheet(`${'b'.repeat(32)}.sheet`);
      await db.insertInto('imports').values([preview(staleSheet, ago(2)), preview(freshSheet, new Date(NOW.getTime() - 3_600_000).toISOString())]).execute();

      // Subscriptions: who stays, who is erased.
      const active = await emailSubscription(db, 'active@example.jp', 'active', 400);
      const pendingOld = await emailSubscription(db, 'pending.old@example.jp', 'pending', 8);
      const pendingNew = await emailSubscription(db, 'pending.new@example.jp', 'pending', 2);
      const bounced = await emailSubscription(db, 'bounced@example.jp', 'disabled', 10);
      const unsubscribed = await emailSubscription(db, 'left@example.jp', 'unsubscribed', 0);
      const webhook = await emailSubscription(db, '', 'disabled', 400, 'webhook');

      // The delivery log: a message of 120 days ago still has a pending delivery, one of 100 days ago is all
      // settled, one of 10 days ago is recent.
      const old = await dispatch(db, 120, ['delivered', 'dead', 'cancelled', 'pending'], active);
      const settled = await dispatch(db, 100, ['delivered', 'delivered'], active);
      const recent = await dispatch(db, 10, ['delivered', 'dead'], active);
      await dispatch(db, 1, ['pending'], unsubscribed);

      // Accounts.
      const now = NOW.toISOString();
      const user = await db.insertInto('users').values({ email: 'staff@example.org', display_name: 'staff', password_hash: 'x', email_verified_at: now, password_changed_at: now, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      const session = (hash: string, lastSeen: string, expires: string) => ({ id_hash: hash, user_id: user.id, created_at: lastSeen, last_seen_at: lastSeen, expires_at: expires, user_agent: 'UA', ip: '203.0.113.9' });
      await db.insertInto('sessions').values([session('long-ended', ago(41), ago(40)), session('recently-ended', ago(11), ago(10)), session('live', now, new Date(NOW.getTime() + DAY).toISOString())]).execute();
      const token = (hash: string, expires: string, used: string | null) => ({ purpose: 'reset_password', token_hash: hash, user_id: user.id, organisation_id: null, email: 'staff@example.org', org_role: null, created_by: null, expires_at: expires, used_at: used, created_at: ago(50) });
      await db.insertInto('user_tokens').values([token('used-long-ago', ago(39), ago(40)), token('expired-long-ago', ago(40), null), token('used-recently', ago(4), ago(5)), token('live', new Date(NOW.getTime() + DAY).toISOString(), null)]).execute();
      await db.insertInto('login_failures').values([{ email: 'staff@example.org', client_key: 'ip:203.0.113.9', created_at: ago(31) }, { email: 'staff@example.org', client_key: 'ip:203.0.113.9', created_at: ago(1) }]).execute();
      const organisations = await db.selectFrom('organisations').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();

      const counts = await runRetention({ handle: d.handle, config, now: NOW });
      assert.deepEqual(counts, { deliveries: 5, dispatches: 1, sessions: 1, userTokens: 2, loginFailures: 1, subscriptions: 3, importPreviews: 1 });
      assert.deepEqual(readdirSync(join(uploads, 'imports')), [freshSheet], "the stale preview's sheet is deleted, the fresh one kept");
      assert.deepEqual((await db.selectFrom('imports').select('status').orderBy('id').execute()).map((r) => r.status), ['expired', 'previewed']);
      rmSync(uploads, { recursive: true, force: true });

      // Delivery log: the old message keeps only its pending delivery; the settled one is gone with its deliveries.
      const deliveries = await db.selectFrom('deliveries').select(['dispatch_id', 'status', 'subscription_id']).orderBy('id').execute();
      assert.deepEqual(
        deliveries.map((x) => [Number(x.dispatch_id), x.status]),
        [
          [old, 'pending'],
          [recent, 'delivered'],
          [recent, 'dead'],
          // Queued for an unsubscribed address: cancelled when the address was erased.
          [Number((await db.selectFrom('dispatches').select('id').where('subject_id', '=', 1).executeTakeFirstOrThrow()).id), 'cancelled'],
        ],
      );
      const dispatches = (await db.selectFrom('dispatches').select('id').orderBy('id').execute()).map((x) => Number(x.id));
      assert.ok(dispatches.includes(old) && dispatches.includes(recent) && !dispatches.includes(settled));

      // Subscriptions: the addresses are gone, with their audiences.
      const subs = (await db.selectFrom('subscriptions').select('id').orderBy('id').execute()).map((x) => x.id);
      assert.deepEqual(subs, [active, pendingNew, webhook]);
      const emails = (await db.selectFrom('subscriptions').select('email').execute()).map((x) => x.email);
      for (const erased of ['pending.old@example.jp', 'bounced@example.jp', 'left@example.jp']) assert.ok(!emails.includes(erased));
      const audiences = (await db.selectFrom('subscription_audiences').select('subscription_id').orderBy('subscription_id').execute()).map((x) => x.subscription_id);
      assert.deepEqual(audiences, [active, pendingNew, webhook]);
      assert.ok(![pendingOld, bounced, unsubscribed].some((id) => subs.includes(id)));

      // Accounts: only what stopped counting more than 30 days ago.
      assert.deepEqual((await db.selectFrom('sessions').select('id_hash').orderBy('id_hash').execute()).map((x) => x.id_hash), ['live', 'recently-ended']);
      assert.deepEqual((await db.selectFrom('user_tokens').select('token_hash').orderBy('token_hash').execute()).map((x) => x.token_hash), ['live', 'used-recently']);
      assert.deepEqual((await db.selectFrom('login_failures').select('created_at').execute()).map((x) => x.created_at), [ago(1)]);

      // Nothing else touched.
      assert.ok(await db.selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst());
      assert.deepEqual(await db.selectFrom('organisations').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(), organisations);

      // Idempotent.
      assert.deepEqual(await runRetention({ handle: d.handle, config, now: NOW }), { deliveries: 0, dispatches: 0, sessions: 0, userTokens: 0, loginFailures: 0, subscriptions: 0, importPreviews: 0 });
    });
  });
}
