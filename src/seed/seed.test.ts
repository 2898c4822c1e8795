// The shipped seed: every row of the program's reference tables, with its source and its judgements marked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../db/database.ts';
import { createTestDatabase, testDialects } from '../../test/support/databases.ts';
import { loadShippedSeed, seedIfEmpty, validateSeed } from './seed.ts';

test('the shipped seed holds the reference tables with sources and marked judgements', async () => {
  const data = await loadShippedSeed();
  validateSeed(data);
  assert.ok(data.initiatives.length >= 55, `${data.initiatives.length} initiatives`);
  const titles = data.initiatives.map((i) => i.titleJa);
  for (const t of ['e-ネットキャラバン', 'SECURITY ACTION', 'サイバーセキュリティお助け隊', 'インターネット安全教室', '情報セキュリティ安心相談窓口', 'JC3フォーラム']) {
    assert.ok(titles.some((x) => x.includes(t)), `missing ${t}`);
  }
  for (const i of data.initiatives) {
    assert.ok(i.source.length > 0 && i.sourceDate, `${i.slug} has no source`);
    assert.ok(i.audiences.length > 0 && i.methods.length > 0, `${i.slug} has no audience or method`);
    // The tables lost their audience columns: every audience is a judgement and must say so.
    assert.ok(i.judged.includes('audiences'), `${i.slug} does not mark its audiences as judged`);
  }
  const caravan = data.initiatives.find((i) => i.titleJa.includes('e-ネットキャラバン'))!;
  assert.deepEqual([...caravan.organisations].sort(), ['fmmc', 'mext', 'mic']);
  assert.ok(!titles.some((t) => /ポータルサイト/.test(t)), 'the portal itself is not an initiative');
});

for (const dialect of testDialects()) {
  test(`first start seeds once, even when two instances start together (${dialect})`, async () => {
    const db = await createTestDatabase(dialect);
    const other = openDatabase(db.url);
    try {
      const results = dialect === 'postgres' ? await Promise.all([seedIfEmpty(db.handle), seedIfEmpty(other)]) : [await seedIfEmpty(db.handle), await seedIfEmpty(other)];
      const shipped = (await loadShippedSeed()).initiatives.length;
      assert.deepEqual([...results].sort((a, b) => a - b), [0, shipped]);
      const n = await db.handle.db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), shipped);
    } finally {
      await other.destroy();
      await db.cleanup();
    }
  });
}
