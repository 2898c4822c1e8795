// The home page puts help first and shows the current advisories (not withdrawn ones), on both databases.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { publishSampleAdvisories } from '../advisories/fixture.ts';

for (const dialect of testDialects()) {
  describe(`home page (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
    });
    after(async () => t?.close());

    test('before any advisory: the help path and a plain "no current advisories"', async () => {
      const res = await t.app.inject('/');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /href="\/help"[^>]*>困ったときは（質問に答える）/);
      assert.match(res.body, /現在、発信中の注意喚起はありません。/);
      const en = await t.app.inject('/en/');
      assert.match(en.body, /href="\/en\/help"[^>]*>Get help/);
    });

    test('current advisories are listed with their severity; a withdrawn one is not', async () => {
      await publishSampleAdvisories(t.app);
      const res = await t.app.inject('/');
      const section = res.body.slice(res.body.indexOf('id="home-advisories-title"'), res.body.indexOf('home-search'));
      const titles = [...section.matchAll(/href="\/advisories\/(\d+)"/g)].map((m) => Number(m[1]));
      assert.ok(titles.length >= 1 && titles.length <= 3, section);
      assert.ok(!titles.includes(3), 'the withdrawn sample (id 3) is not on the home page');
      assert.match(section, /緊急|警戒|注意|情報/);
    });
  });
}
