// The data versions the page cache keys by: every table is either versioned or left out on purpose (so a
// later migration cannot forget one), every writer moves them, and on PostgreSQL a crowd shares reads
// without ever getting an answer older than its request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { CONTENT_TABLES_0014, STATS_TABLES_0014 } from '../db/migrations/0014_data_versions.ts';
import { DatabaseVersions } from './versions.ts';

/**
 * Tables whose writes do not move any version: none of them is shown on a cached page, or it changes too
 * often to be worth it and what it feeds is refreshed by PAGE_CACHE_TTL_SECONDS (deliveries).
 */
const NOT_VERSIONED = new Set([
  'audit_events', // the audit trail: office pages only
  'catalogue_state', // moved in the same transactions as the catalogue's tables
  'check_progress', 'check_reminders', // one person's saved check and reminder: personal
  'check_stats', // the maintained figures: written with check_results (versioned) in the same transaction; a rebuild changes no figure
  'collaboration_messages', 'collaboration_requests', // between two organisations: private
  'data_versions',
  'declarations', 'declaration_mail_quota', 'declaration_sequence', // the registry's pages are not cached; declaration_stats is
  'deliveries', // the delivery log: a million rows per advisory; dispatches (versioned) mark each sending
  'event_sequences',
  'content_external_ids', 'imports', // bulk import: an organisation's own pages and exports (never cached); the items it writes move 'content'
  'feeds', 'feed_entries', // partner feeds: the owner's pages only; the items they write move 'content' through the content tables
  'declaration_grams', 'initiative_grams', 'material_grams', // search terms (PostgreSQL tables), written with their versioned base rows
  'instance_secrets', 'job_leases', 'kysely_migration', 'kysely_migration_lock',
  'link_checks', 'material_link_checks', // link checker results: moderation pages only
  'login_failures', 'recovery_codes', 'sessions', 'user_tokens', 'users', // accounts: never public
]);

async function tablesOf(d: TestDatabase): Promise<string[]> {
  if (d.handle.dialect === 'sqlite') {
    // FTS5 tables (…_grams and their shadow tables) follow their base tables.
    return d.handle.sqlite!.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_grams%' ORDER BY name").pluck().all() as string[];
  }
  const r = await sql<{ tablename: string }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(d.handle.db);
  return r.rows.map((x) => x.tablename);
}

for (const dialect of testDialects()) {
  describe(`data versions (${dialect})`, () => {
    let d: TestDatabase;
    before(async () => {
      d = await createTestDatabase(dialect);
    });
    after(async () => d.cleanup());

    test('every table is either versioned or left out on purpose', async () => {
      const versioned = new Set<string>([...CONTENT_TABLES_0014, ...STATS_TABLES_0014, 'material_files']);
      const unaccounted = (await tablesOf(d)).filter((t) => !versioned.has(t) && !NOT_VERSIONED.has(t));
      assert.deepEqual(unaccounted, [], 'a new table needs version triggers (versionTriggerStatements) or a place in NOT_VERSIONED with the reason');
    });

    test('a committed write moves its domain; a rolled-back one moves nothing', async () => {
      const v = new DatabaseVersions(d.handle);
      const content = await v.current(['content']);
      const stats = await v.current(['stats']);
      await d.handle.db.insertInto('organisations').values({ slug: 'version-test', name_ja: '版テスト', name_en: 'Version test', kind: 'association', sector: 'private', created_at: '2026-11-26T00:00:00Z', updated_at: '2026-11-26T00:00:00Z' } as never).execute();
      assert.notEqual(await v.current(['content']), content);
      assert.equal(await v.current(['stats']), stats);
      const moved = await v.current(['content']);
      let seenInside = '';
      await assert.rejects(
        d.handle.db.transaction().execute(async (trx) => {
          await trx.updateTable('organisations').set({ name_en: 'never' }).where('slug', '=', 'version-test').execute();
          // A request served meanwhile (SQLite: on the same process) keys its page by committed versions only:
          // the bump of this transaction, which is about to be rolled back, must not key a page.
          seenInside = await v.current(['content']);
          throw new Error('roll back');
        }),
      );
      assert.equal(seenInside, moved, 'an open transaction does not move the version others read');
      assert.equal(await v.current(['content']), moved, 'a rolled-back write leaves the version');
      await d.handle.db.updateTable('organisations').set({ name_en: 'Version test 2' }).where('slug', '=', 'version-test').execute();
      assert.notEqual(await v.current(['content']), moved, 'the next committed write moves it');
    });

    test('a download moves the figures only; a new file version moves the library', async () => {
      const v = new DatabaseVersions(d.handle);
      const now = '2026-11-26T00:00:00Z';
      const m = await d.handle.db
        .insertInto('materials')
        .values({ title_ja: '版', title_en: 'v', summary_ja: '', summary_en: '', format: 'leaflet', language: 'ja', licence: 'cc-by-4.0', attribution: 'x', version_label: '1', search_text: '版', created_at: now, updated_at: now } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      const f = await d.handle.db
        .insertInto('material_files')
        .values({ material_id: m.id, version: 1, sha256: 'a'.repeat(64), size: 1, media_type: 'application/pdf', name: 'a.pdf', created_at: now } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      const content = await v.current(['content']);
      const stats = await v.current(['stats']);
      await d.handle.db.updateTable('material_files').set((eb) => ({ download_count: eb('download_count', '+', 1) })).where('id', '=', f.id).execute();
      assert.equal(await v.current(['content']), content, 'a download leaves the cached pages and the library index');
      assert.notEqual(await v.current(['stats']), stats, 'and moves the figures (downloads)');
      await d.handle.db.updateTable('material_files').set({ name: 'b.pdf' }).where('id', '=', f.id).execute();
      assert.notEqual(await v.current(['content']), content);
    });

    if (dialect === 'postgres') {
      test('a crowd shares reads, and no answer predates the request it answers', async () => {
        const v = new DatabaseVersions(d.handle);
        const before = v.queries;
        const answers = await Promise.all(Array.from({ length: 200 }, () => v.current(['content'])));
        assert.equal(new Set(answers).size, 1);
        assert.ok(v.queries - before <= 2, `200 concurrent requests cost ${v.queries - before} queries`);

        // Writes committed while reads are in flight: every read that began after a commit sees it.
        for (let round = 0; round < 20; round++) {
          const inflight = v.current(['content']);
          await d.handle.db.updateTable('organisations').set({ name_en: `round ${round}` }).where('slug', '=', 'version-test').execute();
          const committed = (await d.handle.db.selectFrom('data_versions').select('version').where('domain', '=', 'content').executeTakeFirstOrThrow()).version;
          const after = await v.current(['content']);
          assert.ok(Number(after) >= Number(committed), `round ${round}: read after the commit gave ${after}, committed ${committed}`);
          await inflight;
        }
      });
    }
  });
}
