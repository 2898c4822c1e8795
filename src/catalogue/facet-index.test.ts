// The in-memory facet index against the same filters written in SQL, over random catalogues and random
// filter choices (fast-check), on SQLite and PostgreSQL; and freshness: a write is visible on the next request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { generateCatalogue } from '../../bench/generate.ts';
import { loadShippedSeed } from '../seed/seed.ts';
import { PREFECTURES } from '../taxonomy/prefectures.ts';
import { AUDIENCES, METHODS, SECTORS } from '../taxonomy/taxonomy.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { testDialects } from '../../test/support/databases.ts';
import { EMPTY_FILTERS, type CatalogueFilters } from './model.ts';
import { bumpCatalogueVersion, matrixCount } from './facet-index.ts';
import { insertInitiative, listMatchingIdsSql } from './repository.ts';
import { evaluateFilters, resolveFilters } from './service.ts';

const WORDS = ['詐欺', '相談', '中小企業', 'セミナー', '県警', 'ネット', 'パスワード', 'phishing', 'SME', 'IPA', 'ＩＰＡ', '窓'];

for (const dialect of testDialects()) {
  describe(`facet index on ${dialect}`, () => {
    let t: TestApp;
    let orgSlugs: string[];
    let measureSlugs: string[];
    before(async () => {
      const shipped = await loadShippedSeed();
      measureSlugs = shipped.measures.map((m) => m.slug);
      const gen = generateCatalogue(400, 7, measureSlugs);
      orgSlugs = [...shipped.organisations, ...gen.organisations].map((o) => o.slug);
      t = await startTestApp(dialect, { organisations: [...shipped.organisations, ...gen.organisations], measures: shipped.measures, initiatives: [...shipped.initiatives, ...gen.initiatives] });
    });
    after(async () => {
      await t?.close();
    });
    const repo = () => ({ db: t.db.handle.db, dialect: t.db.handle.dialect });

    const filtersArb = () =>
      fc.record({
        q: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, fc.constantFrom(...WORDS)),
        audiences: fc.subarray([...AUDIENCES], { maxLength: 3 }),
        methods: fc.subarray([...METHODS], { maxLength: 2 }),
        sectors: fc.subarray([...SECTORS], { maxLength: 1 }),
        orgs: fc.subarray(orgSlugs, { maxLength: 2 }),
        regions: fc.subarray(['nationwide', ...PREFECTURES.map((p) => p.code)], { maxLength: 3 }),
        measures: fc.subarray(measureSlugs, { maxLength: 2 }),
      }) as fc.Arbitrary<CatalogueFilters>;

    async function sqlCount(f: CatalogueFilters): Promise<number> {
      return (await listMatchingIdsSql(repo(), await resolveFilters(repo(), f))).length;
    }

    test('lists, facet counts and matrix cells equal the SQL answer for random filters', async () => {
      await fc.assert(
        fc.asyncProperty(filtersArb(), fc.nat(), async (f, pick) => {
          const e = await evaluateFilters(repo(), f, 'title', 'ja', 0, Number.MAX_SAFE_INTEGER);
          const ids = await listMatchingIdsSql(repo(), await resolveFilters(repo(), f));
          assert.deepEqual([...e.pageIds].sort((a, b) => a - b), ids);
          // One facet value, chosen at random: its count is what selecting it alone would list.
          const facetNames = ['audiences', 'methods', 'sectors', 'orgs', 'regions', 'measures'] as const;
          const facet = facetNames[pick % facetNames.length]!;
          const key = { audiences: 'audience', methods: 'method', sectors: 'sector', orgs: 'org', regions: 'region', measures: 'measure' }[facet];
          const counts = e.facets[key as keyof typeof e.facets] as Map<string, number>;
          const values = facet === 'regions' ? ['nationwide', PREFECTURES[pick % 47]!.code] : [...counts.keys()];
          if (values.length > 0) {
            const v = values[Math.floor(pick / 7) % values.length]!;
            const shown = counts.get(v) ?? (facet === 'regions' ? e.facets.regionDefault : 0);
            assert.equal(shown, await sqlCount({ ...f, [facet]: [v] }), `${facet}=${v}`);
          }
          // One matrix cell.
          const a = AUDIENCES[pick % AUDIENCES.length]!;
          const m = METHODS[pick % METHODS.length]!;
          const s = SECTORS[pick % SECTORS.length]!;
          if ((f.audiences.length === 0 || f.audiences.includes(a)) && (f.methods.length === 0 || f.methods.includes(m)) && (f.sectors.length === 0 || f.sectors.includes(s))) {
            assert.equal(matrixCount(e, a, m, s), await sqlCount({ ...f, audiences: [a], methods: [m], sectors: [s] }), `cell ${a} × ${m} × ${s}`);
          }
        }),
        { numRuns: 60, seed: 20261126 },
      );
    });

    test('a write is visible on the very next request, with counts updated', async () => {
      const before = (await t.app.inject({ method: 'GET', url: '/api/v1/initiatives?audience=seniors&region=47' })).json().total;
      await t.db.handle.db.transaction().execute(async (trx) => {
        const org = await trx.selectFrom('organisations').select('id').where('slug', '=', 'npa').executeTakeFirstOrThrow();
        await insertInitiative(
          { db: trx, dialect },
          {
            slug: 'okinawa-seniors',
            titleJa: '沖縄の高齢者向けスマホ教室',
            titleEn: 'Smartphone class for older people in Okinawa',
            summaryJa: '公民館での講座。',
            summaryEn: 'Classes at community halls.',
            organisationIds: [org.id],
            organisationNames: ['警察庁'],
            audiences: ['seniors'],
            methods: ['events'],
            sector: 'public',
            nationwide: false,
            prefectures: ['47'],
            measureIds: [],
            url: null,
            status: 'active',
            judged: [],
            judgementNote: '',
            source: 'test',
            sourceDate: null,
            now: new Date().toISOString(),
          },
        );
        await bumpCatalogueVersion(trx);
      });
      const after = (await t.app.inject({ method: 'GET', url: '/api/v1/initiatives?audience=seniors&region=47' })).json().total;
      assert.equal(after, before + 1);
      const found = (await t.app.inject({ method: 'GET', url: '/api/v1/initiatives?q=' + encodeURIComponent('スマホ教室') })).json();
      assert.equal(found.items[0].slug, 'okinawa-seniors');
      const page = await t.app.inject({ method: 'GET', url: '/initiatives?region=47&audience=seniors&sort=updated' });
      assert.match(page.body, /沖縄の高齢者向けスマホ教室/);
    });

    test('a write that lands while the index is being rebuilt is visible to the next request', async () => {
      const db = t.db.handle.db;
      const addOne = (slug: string) =>
        db.transaction().execute(async (trx) => {
          const org = await trx.selectFrom('organisations').select('id').where('slug', '=', 'ipa').executeTakeFirstOrThrow();
          await insertInitiative(
            { db: trx, dialect },
            {
              slug, titleJa: `競合テスト${slug}`, titleEn: `Race ${slug}`, summaryJa: '', summaryEn: '', organisationIds: [org.id], organisationNames: [],
              audiences: ['youth'], methods: ['tools'], sector: 'public', nationwide: true, prefectures: [], measureIds: [], url: null,
              status: 'active', judged: [], judgementNote: '', source: 'test', sourceDate: null, now: new Date().toISOString(),
            },
          );
          await bumpCatalogueVersion(trx);
        });
      for (let round = 0; round < 5; round++) {
        await addOne(`race-a-${round}`);
        // A request starts a rebuild; a second write lands while it may still be running.
        const first = t.app.inject('/api/v1/initiatives?q=' + encodeURIComponent('競合テスト'));
        await addOne(`race-b-${round}`);
        const second = (await t.app.inject('/api/v1/initiatives?q=' + encodeURIComponent('競合テスト'))).json();
        await first;
        assert.equal(second.total, 2 * (round + 1), `round ${round}`);
      }
    });

    test('an empty filter set lists everything, with every count', async () => {
      const e = await evaluateFilters(repo(), EMPTY_FILTERS, 'title', 'en', 0, 5);
      const n = Number((await t.db.handle.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      assert.equal(e.total, n);
      assert.equal(e.pageIds.length, 5);
      const sectorSum = [...e.facets.sector.values()].reduce((a, b) => a + b, 0);
      assert.equal(sectorSum, n);
    });
  });
}
