// The coverage matrix agrees with the catalogue, cell by cell, and its CSV and the catalogue's CSV parse
// back to the same figures and rows as the API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadShippedSeed } from '../seed/seed.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

type Cell = { audience: string; method: string; sector: string; count: number; level: string };

for (const dialect of testDialects()) {
  describe(`coverage matrix on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, await loadShippedSeed());
    });
    after(async () => {
      await t?.close();
    });
    const get = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
      return res;
    };

    test("every cell's count is exactly what the catalogue lists for the same filters", async () => {
      for (const qs of ['', 'region=27', 'sector=private', 'q=%E7%9B%B8%E8%AB%87', 'org=ipa', 'measure=' + FIXTURE.measures[0]!.slug]) {
        // A measure slug from the fixture does not exist in the shipped seed: that must be a 400, not a silent 0.
        if (qs.startsWith('measure=')) {
          const res = await t.app.inject({ method: 'GET', url: `/api/v1/matrix?${qs}` });
          assert.equal(res.statusCode, 400);
          continue;
        }
        const cells: Cell[] = (await get(`/api/v1/matrix?${qs}`)).json().items;
        assert.equal(cells.length, qs.startsWith('sector=') ? 24 : 48);
        for (const c of cells) {
          const list = (await get(`/api/v1/initiatives?${qs}${qs ? '&' : ''}audience=${c.audience}&method=${c.method}&sector=${c.sector}`)).json();
          assert.equal(c.count, list.total, `${c.audience} × ${c.method} × ${c.sector} under "${qs}"`);
          assert.equal(c.level, c.count === 0 ? 'gap' : c.count < 3 ? 'thin' : 'served');
        }
      }
    });

    test('the page shows the same counts, links each to its catalogue list, and marks gaps in words', async () => {
      const cells: Cell[] = (await get('/api/v1/matrix')).json().items;
      const html = (await get('/matrix')).body;
      for (const c of cells) {
        const href = `/initiatives?audience=${c.audience}&amp;method=${c.method}&amp;sector=${c.sector}`;
        const i = html.indexOf(`href="${href}"`);
        assert.ok(i > 0, `no link for ${href}`);
        const count = html.slice(i).match(/<span class="cell-count">([\d,]+)<\/span>/)![1];
        assert.equal(Number(count), c.count, href);
      }
      const gaps = cells.filter((c) => c.level === 'gap').length;
      assert.equal((html.match(/✕ 空白<\/span>/g) ?? []).length >= gaps, true);
      assert.match(html, /<caption/);
      assert.match((await get('/en/matrix')).body, /✕ Gap/);
    });

    test('the matrix CSV parses back to the API figures, with a BOM for Excel', async () => {
      const res = await get('/matrix.csv?sector=public');
      assert.match(res.headers['content-type'] as string, /text\/csv/);
      assert.equal(res.rawPayload[0], 0xef);
      assert.equal(res.rawPayload[1], 0xbb);
      assert.equal(res.rawPayload[2], 0xbf);
      const rows = parse(res.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
      const cells: Cell[] = (await get('/api/v1/matrix?sector=public')).json().items;
      assert.deepEqual(
        rows.map((r) => ({ audience: r.audience, method: r.method, sector: r.sector, count: Number(r.count), level: r.level })),
        cells,
      );
      assert.equal(rows[0]!.audience_ja, '若年層');
    });

    test('the catalogue CSV parses back to the same rows as the API, for the same filters', async () => {
      const qs = 'audience=seniors&sort=title';
      const res = await get(`/initiatives.csv?${qs}`);
      // Cells that Excel would run as formulas (=, +, -, @ first) are exported with a leading apostrophe.
      const unneutralise = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
      const rows = (parse(res.rawPayload, { bom: true, columns: true }) as Record<string, string>[]).map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, unneutralise(v)])),
      );
      const items = (await get(`/api/v1/initiatives?${qs}`)).json().items;
      assert.equal(rows.length, items.length);
      rows.forEach((r, idx) => {
        const i = items[idx];
        assert.equal(Number(r.id), i.id);
        assert.equal(r.title_ja, i.title.ja);
        assert.equal(r.title_en, i.title.en);
        assert.equal(r.summary_ja, i.summary.ja);
        assert.deepEqual(r.audiences!.split(';'), i.audiences);
        assert.deepEqual(r.methods!.split(';'), i.methods);
        assert.equal(r.sector, i.sector);
        assert.deepEqual(r.organisations!.split(';'), i.organisations.map((o: { slug: string }) => o.slug));
        assert.equal(r.regions, i.regions.join(';'));
      });
      const all = parse((await get('/initiatives.csv')).rawPayload, { bom: true, columns: true }) as Record<string, string>[];
      assert.ok(all.some((r) => r.title_en === "'@police"), 'a title starting with @ is neutralised in the export');
      assert.equal(all.length, (await get('/api/v1/initiatives')).json().total);
      const bad = await t.app.inject({ method: 'GET', url: '/initiatives.csv?org=nobody' });
      assert.equal(bad.statusCode, 400);
    });
  });
}
