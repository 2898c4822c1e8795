// Catalogue search answered from the facet index's in-memory n-gram index (src/search/posting-index.ts):
// the same ids as the SQL index, and a write (new entry, renamed organisation) is found on the next call.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, testDialects, type TestDatabase } from '../../test/support/databases.ts';
import { generateCatalogue } from '../../bench/generate.ts';
import { loadShippedSeed, seedCatalogue } from '../seed/seed.ts';
import { bumpCatalogueVersion } from './facet-index.ts';
import { insertInitiative, refreshSearchText, resolveTerms, searchCandidates } from './repository.ts';
import { evaluateFilters } from './service.ts';

const EMPTY = { audiences: [], methods: [], sectors: [], orgs: [], regions: [], measures: [] };

for (const dialect of testDialects()) {
  describe(`catalogue search from the in-memory index on ${dialect}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
      const shipped = await loadShippedSeed();
      const gen = generateCatalogue(300, 11, shipped.measures.map((m) => m.slug));
      await seedCatalogue(t.handle, { organisations: [...shipped.organisations, ...gen.organisations], measures: shipped.measures, initiatives: [...shipped.initiatives, ...gen.initiatives] });
    });
    after(async () => {
      await t?.cleanup();
    });
    const repo = () => ({ db: t.handle.db, dialect: t.handle.dialect });
    const ids = async (q: string) => (await evaluateFilters(repo(), { q, ...EMPTY }, 'relevance', 'ja', 0, Number.MAX_SAFE_INTEGER)).pageIds.sort((a, b) => a - b);

    test('finds the same initiatives as the SQL n-gram index', async () => {
      for (const q of ['詐欺', '相談', '窓', '中小企業', 'help desk', 'ＩＰＡ', 'SME', 'ランサムウェア 中高生', '存在しない言葉']) {
        const sqlIds = [...(await searchCandidates(repo(), resolveTerms(q)))].sort((a, b) => a - b);
        assert.deepEqual(await ids(q), sqlIds, q);
      }
    });

    test('relevance puts title matches first, earlier in the title first', async () => {
      const e = await evaluateFilters(repo(), { q: 'ランサムウェア', ...EMPTY }, 'relevance', 'ja', 0, 5);
      const rows = await t.handle.db.selectFrom('initiatives').select(['id', 'title_ja']).where('id', 'in', e.pageIds).execute();
      for (const r of rows) assert.match(r.title_ja, /ランサムウェア/);
    });

    test('a new initiative and a renamed organisation are found on the next search', async () => {
      assert.deepEqual(await ids('夜間電話相談会'), []);
      const org = await t.handle.db.selectFrom('organisations').select(['id', 'name_ja', 'name_en']).where('slug', '=', 'ipa').executeTakeFirstOrThrow();
      const id = await t.handle.db.transaction().execute(async (trx) => {
        const newId = await insertInitiative(
          { db: trx, dialect },
          {
            slug: 'night-calls', titleJa: '夜間電話相談会', titleEn: 'Night-time phone help', summaryJa: '', summaryEn: '', organisationIds: [org.id], organisationNames: [org.name_ja, org.name_en],
            audiences: ['seniors'], methods: ['info_desk'], sector: 'public', nationwide: true, prefectures: [], measureIds: [], url: null,
            status: 'active', judged: [], judgementNote: '', source: 'test', sourceDate: null, now: new Date().toISOString(),
          },
        );
        await bumpCatalogueVersion(trx);
        return newId;
      });
      assert.deepEqual(await ids('夜間電話相談会'), [id]);
      await t.handle.db.transaction().execute(async (trx) => {
        await trx.updateTable('organisations').set({ name_ja: '情報処理推進機構テスト改称' }).where('id', '=', org.id).execute();
        const linked = await trx.selectFrom('initiative_organisations').select('initiative_id').where('organisation_id', '=', org.id).execute();
        await refreshSearchText({ db: trx, dialect }, linked.map((l) => l.initiative_id));
        await bumpCatalogueVersion(trx);
      });
      assert.ok((await ids('テスト改称')).includes(id));
    });
  });
}
