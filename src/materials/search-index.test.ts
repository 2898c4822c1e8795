// The library's in-memory index (search-index.ts) against the SQL it replaced — the same ids in the same
// order, the same totals and facet counts — for random filters, queries, sorts and pages (fast-check), on
// SQLite and PostgreSQL; and freshness: a material approved, edited, unpublished or changed by another
// connection is found (or not) on the very next search.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { generateMaterials } from '../../bench/generate-materials.ts';
import type { CurrentUser } from '../accounts/model.ts';
import { toCurrentUser } from '../accounts/repository.ts';
import { approve, createItem, saveDraft, submitForReview, unpublish, type ContentContext } from '../content/service.ts';
import { openDatabase } from '../db/database.ts';
import { AUDIENCES } from '../taxonomy/taxonomy.ts';
import { startTestApp, TEST_BASE_URL, type TestApp } from '../../test/support/app.ts';
import { createUser, organisationIdBySlug } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { MATERIAL_KIND } from './material-kind.ts';
import { LICENCES, MATERIAL_FORMATS, MATERIAL_LANGUAGES, MATERIAL_SORTS, type MaterialFilters, type MaterialSort } from './model.ts';
import { deleteMaterial, whereMaterials, writeMaterial, type Repo, type ResolvedMaterialFilters } from './repository.ts';
import { browseMaterials, resolveMaterialFilters } from './service.ts';
import { payloadOf } from './test-forms.ts';

// bench/search.ts's queries (1–4 characters, English, full-width), words that match few rows, several
// words, symbols, and what no material contains.
const WORDS = [
  '詐欺', '相談', '教育', '窓', 'ネット', 'セミナー', '高齢者', 'パスワード', '中小企業', 'ランサム',
  'phishing', 'SME', 'IPA', 'ＩＰＡ', 'backup', 'help desk', '対策', 'SNS', '県警', '勉強会',
  '動画', '手口', 'クイズ', 'テレワーク', 'video', '誹謗中傷',
  '吉田', '対策 詐欺', 'の', 'leaflet', '見つからない語', 'c++', '%', 'ー',
];

// ---------------------------------------------------------------- the SQL path, as the service ran it before

async function sqlTotal(repo: Repo, f: ResolvedMaterialFilters): Promise<number> {
  const r = await repo.db.selectFrom('materials as m').select((eb) => eb.fn.countAll().as('n')).where(whereMaterials(repo, f)).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function sqlPage(repo: Repo, f: ResolvedMaterialFilters, sort: MaterialSort, locale: 'ja' | 'en', offset: number, limit: number): Promise<number[]> {
  let q = repo.db.selectFrom('materials as m').select('m.id').where(whereMaterials(repo, f));
  if (sort === 'relevance' && f.terms.length) {
    const first = f.terms[0]!.text;
    q = q.orderBy(repo.dialect === 'sqlite' ? sql`instr(m.search_text, ${first})` : sql`strpos(m.search_text, ${first})`);
    q = q.orderBy('m.updated_at', 'desc');
  } else if (sort === 'title') {
    q = q.orderBy(locale === 'ja' ? 'm.title_ja' : 'm.title_en');
  } else {
    q = q.orderBy('m.updated_at', 'desc');
  }
  const rows = await q.orderBy('m.id', 'desc').offset(offset).limit(limit).execute();
  return rows.map((r) => r.id);
}

async function sqlFacets(repo: Repo, f: ResolvedMaterialFilters) {
  const db = repo.db;
  const [aud, fmt, lic, lang, org] = await Promise.all([
    db.selectFrom('material_audiences as a').innerJoin('materials as m', 'm.id', 'a.material_id').select(['a.audience as v', (eb) => eb.fn.countAll().as('n')]).where(whereMaterials(repo, f, 'audience')).groupBy('a.audience').execute(),
    db.selectFrom('materials as m').select(['m.format as v', (eb) => eb.fn.countAll().as('n')]).where(whereMaterials(repo, f, 'format')).groupBy('m.format').execute(),
    db.selectFrom('materials as m').select(['m.licence as v', (eb) => eb.fn.countAll().as('n')]).where(whereMaterials(repo, f, 'licence')).groupBy('m.licence').execute(),
    db.selectFrom('materials as m').select(['m.language as v', (eb) => eb.fn.countAll().as('n')]).where(whereMaterials(repo, f, 'language')).groupBy('m.language').execute(),
    db
      .selectFrom('material_organisations as mo')
      .innerJoin('materials as m', 'm.id', 'mo.material_id')
      .innerJoin('organisations as o', 'o.id', 'mo.organisation_id')
      .select(['o.id', 'o.slug', 'o.name_ja', 'o.name_en', 'o.abbreviation', (eb) => eb.fn.countAll().as('n')])
      .where(whereMaterials(repo, f, 'org'))
      .groupBy(['o.id', 'o.slug', 'o.name_ja', 'o.name_en', 'o.abbreviation'])
      .execute(),
  ]);
  const sorted = (rows: { v: string; n: unknown }[]) => rows.map((r) => [r.v, Number(r.n)] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return {
    audience: sorted(aud),
    format: sorted(fmt),
    licence: sorted(lic),
    language: sorted(lang),
    org: org.map((r) => ({ org: { id: r.id, slug: r.slug, nameJa: r.name_ja, nameEn: r.name_en, abbreviation: r.abbreviation }, count: Number(r.n) })).sort((a, b) => a.org.id - b.org.id),
  };
}

// ---------------------------------------------------------------- data

/** Generated materials written by the product's projection writer, with ties in dates and titles and a few crafted texts. */
async function loadLibrary(t: TestApp, count: number): Promise<void> {
  const dialect = t.db.handle.dialect;
  await t.db.handle.db.transaction().execute(async (trx) => {
    const repo = { db: trx, dialect };
    const orgs = await trx.selectFrom('organisations').select(['id', 'name_ja', 'name_en', 'abbreviation']).orderBy('id').execute();
    const names = (o: (typeof orgs)[number]) => [o.name_ja, o.name_en, ...(o.abbreviation ? [o.abbreviation] : [])];
    const gen = generateMaterials(count, orgs.map((o) => ({ nameJa: o.name_ja, nameEn: o.name_en })), 11);
    // Few distinct dates, so that "newest" and relevance fall back to id DESC often.
    const dates = ['2025-04-01T09:00:00.000Z', '2025-04-02T09:00:00.000Z', '2026-01-10T09:00:00.000Z'];
    for (const [k, m] of gen.entries()) {
      const own = [orgs[m.organisationIndex]!, ...(k % 5 === 0 ? [orgs[(m.organisationIndex + 1) % orgs.length]!] : [])];
      await writeMaterial(repo, null, {
        ...m,
        version: m.versionLabel,
        attribution: own[0]!.name_ja,
        file: null,
        organisationIds: own.map((o) => o.id),
        organisationNames: own.flatMap(names),
        initiatives: [],
        events: [],
        confirmedAt: null,
        now: dates[k % dates.length]!,
      });
    }
    // A character outside the BMP before the word: SQL counts it as one character, JavaScript as two
    // (the later id would come second if positions were counted in UTF-16 units).
    const crafted = ['吉田町の詐欺対策リーフレット', '𠮷田町の詐欺対策リーフレット', 'ＩＰＡのC++入門 100% 対策'];
    for (const titleJa of crafted) {
      await writeMaterial(repo, null, {
        titleJa, titleEn: '', summaryJa: '', summaryEn: '', format: 'leaflet', audiences: ['seniors'], language: 'ja', licence: 'pdl-1.0', attribution: '',
        version: '', issuedOn: null, url: null, file: null, organisationIds: [orgs[0]!.id], organisationNames: names(orgs[0]!), initiatives: [], events: [],
        confirmedAt: null, now: dates[0]!,
      });
    }
  });
}

for (const dialect of testDialects()) {
  describe(`materials search index on ${dialect}`, () => {
    let t: TestApp;
    let orgSlugs: string[];
    let moderator: CurrentUser;
    let owner: CurrentUser;
    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      await loadLibrary(t, 360);
      orgSlugs = (await t.db.handle.db.selectFrom('organisations').select('slug').execute()).map((o) => o.slug);
      const userRow = (id: number) => t.db.handle.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const jnsa = await organisationIdBySlug(t.db.handle, 'jnsa');
      owner = toCurrentUser(await userRow((await createUser(t.db.handle, { email: 'staff@jnsa.example', organisationId: jnsa, orgRole: 'admin' })).id));
      moderator = toCurrentUser(await userRow((await createUser(t.db.handle, { email: 'moderator@office.example', role: 'moderator', totp: true })).id));
    });
    after(async () => {
      await t?.close();
    });
    const repo = (): Repo => ({ db: t.db.handle.db, dialect });
    const ctx = (actor: CurrentUser): ContentContext => ({ database: t.db.handle, kinds: t.app.contentKinds, mailer: t.app.deps.mailer, baseUrl: TEST_BASE_URL, now: new Date(), actor, log: { error() {} } });
    const publicIdOf = async (itemId: number) => (await t.db.handle.db.selectFrom('content_items').select('public_id').where('id', '=', itemId).executeTakeFirstOrThrow()).public_id;
    const search = async (q: string) => (await t.app.inject('/api/v1/materials?q=' + encodeURIComponent(q))).json() as { total: number; items: { id: number }[] };

    test('ids, order, totals and facet counts equal the SQL answer for random filters, sorts and pages', async () => {
      const filtersArb = fc.record({
        q: fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 4, arbitrary: fc.constantFrom(...WORDS) }),
        audiences: fc.subarray([...AUDIENCES], { maxLength: 2 }),
        formats: fc.subarray([...MATERIAL_FORMATS], { maxLength: 2 }),
        licences: fc.subarray([...LICENCES], { maxLength: 3 }),
        languages: fc.subarray([...MATERIAL_LANGUAGES], { maxLength: 1 }),
        orgs: fc.subarray(orgSlugs, { maxLength: 2 }),
      }) as fc.Arbitrary<MaterialFilters>;
      await fc.assert(
        fc.asyncProperty(filtersArb, fc.constantFrom(...MATERIAL_SORTS), fc.constantFrom('ja' as const, 'en' as const), fc.constantFrom(5, 20, 10_000), fc.nat(), async (f, sort, locale, pageSize, pick) => {
          const rf = await resolveMaterialFilters(repo(), f);
          const total = await sqlTotal(repo(), rf);
          const page = 1 + (pick % Math.max(1, Math.ceil(total / pageSize)));
          const got = await browseMaterials(repo(), f, { sort, page, locale, pageSize });
          assert.equal(got.total, total, 'total');
          assert.deepEqual(
            got.items.map((m) => m.id),
            await sqlPage(repo(), rf, sort, locale, (page - 1) * pageSize, pageSize),
            `page ${page} of ${pageSize}, ${sort}, ${locale}`,
          );
          const want = await sqlFacets(repo(), rf);
          const sorted = (m: Map<string, number>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
          assert.deepEqual(
            { audience: sorted(got.facets.audience), format: sorted(got.facets.format), licence: sorted(got.facets.licence), language: sorted(got.facets.language), org: [...got.facets.org].sort((a, b) => a.org.id - b.org.id) },
            want,
          );
        }),
        { numRuns: 80, seed: 20261127 },
      );
    });

    test('relevance counts characters as SQL does (a character outside the BMP before the word)', async () => {
      const f = { q: '田町の詐欺', audiences: [], formats: [], licences: [], languages: [], orgs: [] };
      const got = await browseMaterials(repo(), f, { sort: 'relevance', page: 1, locale: 'ja' });
      const want = await sqlPage(repo(), await resolveMaterialFilters(repo(), f), 'relevance', 'ja', 0, 20);
      assert.deepEqual(got.items.map((m) => m.titleJa), ['𠮷田町の詐欺対策リーフレット', '吉田町の詐欺対策リーフレット']);
      assert.deepEqual(got.items.map((m) => m.id), want);
    });

    test('a material approved, edited and unpublished is found (or not) on the very next search', async () => {
      const itemId = await createItem(ctx(owner), MATERIAL_KIND, payloadOf({ titleJa: '鮮度確認用の蛍光ペン教材', audiences: ['youth'] }));
      assert.equal(await submitForReview(ctx(owner), itemId), 'submitted');
      assert.equal((await search('蛍光ペン')).total, 0, 'not public before approval');
      await approve(ctx(moderator), itemId, '');
      const id = (await publicIdOf(itemId))!;
      assert.deepEqual((await search('蛍光ペン')).items.map((m) => m.id), [id]);
      const facets = await browseMaterials(repo(), { q: '蛍光ペン', audiences: [], formats: [], licences: [], languages: [], orgs: [] }, { sort: 'relevance', page: 1, locale: 'ja' });
      assert.deepEqual([...facets.facets.audience], [['youth', 1]]);

      await saveDraft(ctx(owner), itemId, payloadOf({ titleJa: '鮮度確認用の水彩絵具教材', audiences: ['seniors'] }));
      assert.equal(await submitForReview(ctx(owner), itemId), 'submitted');
      assert.equal((await search('水彩絵具')).total, 0, 'the draft is not public');
      await approve(ctx(moderator), itemId, '');
      assert.equal((await search('蛍光ペン')).total, 0, 'the old title is gone');
      assert.deepEqual((await search('水彩絵具')).items.map((m) => m.id), [id]);
      const edited = await browseMaterials(repo(), { q: '水彩絵具', audiences: ['youth'], formats: [], licences: [], languages: [], orgs: [] }, { sort: 'relevance', page: 1, locale: 'ja' });
      assert.equal(edited.total, 0);
      assert.deepEqual([...edited.facets.audience], [['seniors', 1]]);

      await unpublish(ctx(moderator), itemId, '確認のため');
      assert.equal((await search('水彩絵具')).total, 0, 'unpublished');
    });

    test('a change committed through another connection is seen on the next search', async () => {
      const other = openDatabase(t.db.url);
      try {
        const otherRepo = { db: other.db, dialect: other.dialect };
        const [victim] = (await search('詐欺')).items;
        assert.ok(victim);
        await other.db.transaction().execute((trx) => deleteMaterial({ db: trx, dialect }, victim.id));
        assert.ok(!(await search('詐欺')).items.some((m) => m.id === victim.id));
        // And the other connection's own index follows writes made through the app's.
        const before = (await browseMaterials(otherRepo, { q: '別接続テスト', audiences: [], formats: [], licences: [], languages: [], orgs: [] }, { sort: 'relevance', page: 1, locale: 'ja' })).total;
        assert.equal(before, 0);
        await t.db.handle.db.transaction().execute((trx) =>
          writeMaterial({ db: trx, dialect }, null, {
            titleJa: '別接続テストの教材', titleEn: '', summaryJa: '', summaryEn: '', format: 'tool', audiences: [], language: 'ja', licence: 'cc0-1.0', attribution: '', version: '',
            issuedOn: null, url: null, file: null, organisationIds: [], organisationNames: [], initiatives: [], events: [], confirmedAt: null, now: new Date().toISOString(),
          }),
        );
        const afterWrite = await browseMaterials(otherRepo, { q: '別接続テスト', audiences: [], formats: [], licences: [], languages: [], orgs: [] }, { sort: 'relevance', page: 1, locale: 'ja' });
        assert.equal(afterWrite.total, 1);
      } finally {
        await other.destroy();
      }
    });

    test('a write that lands while the index is being rebuilt is visible to the next search', async () => {
      const add = (k: string) =>
        t.db.handle.db.transaction().execute((trx) =>
          writeMaterial({ db: trx, dialect }, null, {
            titleJa: `競合確認${k}`, titleEn: '', summaryJa: '', summaryEn: '', format: 'poster', audiences: ['youth'], language: 'ja', licence: 'cc0-1.0', attribution: '', version: '',
            issuedOn: null, url: null, file: null, organisationIds: [], organisationNames: [], initiatives: [], events: [], confirmedAt: null, now: new Date().toISOString(),
          }),
        );
      for (let round = 0; round < 5; round++) {
        await add(`a${round}`);
        // A search starts a rebuild; a second write lands while it may still be running.
        const first = search('競合確認');
        await add(`b${round}`);
        const second = await search('競合確認');
        await first;
        assert.equal(second.total, 2 * (round + 1), `round ${round}`);
      }
    });
  });
}
