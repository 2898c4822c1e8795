// What a search of the register costs at a million declarations: generates N invented declarations
// (names from common surnames, trade words and legal forms; prefectures weighted towards Tokyo) in a
// fresh database, then times the public search's queries (page of 20 + capped count) for the common
// filters and for name searches of one to four characters.
//   npx tsx src/declarations/bench.ts sqlite 1000000
//   npx tsx src/declarations/bench.ts postgres 1000000   (LASTMILE_TEST_PG=postgres://… admin URL)
import { sql, type Insertable } from 'kysely';
import { createTestDatabase } from '../../test/support/databases.ts';
import { gramsOf } from '../search/grams.ts';
import { INDUSTRIES, SIZE_BANDS } from '../taxonomy/attributes.ts';
import type { DeclarationFilters } from './model.ts';
import { nameKey, searchText, sortKey } from './names.ts';
import { searchPublic } from './repository.ts';
import type { DeclarationsTable } from './tables.ts';

const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const N = Number(process.argv[3] ?? 1_000_000);

const SURNAMES = ['山田', '田中', '佐藤', '鈴木', '高橋', '伊藤', '渡辺', '中村', '小林', '加藤', '吉田', '山本', '松本', '井上', '木村', '林', '清水', '山口', '森', '池田', '橋本', '阿部', '石川', '前田', '藤田', '小川', '岡田', '後藤', '長谷川', '村上', 'あおば', 'みどり', 'ひかり', 'さくら', 'ABC', 'Tokyo', 'Sun', 'Blue'];
const WORDS = ['商店', '工業', '建設', '電機', '印刷', '運送', '設計', '食品', '不動産', 'システム', 'デザイン', '薬局', '歯科', 'ネット', '技研', '製作所', '商事', '会計事務所', 'クリニック', 'Trading', 'Works', 'Lab'];
const FORMS = ['株式会社', '有限会社', '合同会社', '', '', ''];

/** A seeded generator (mulberry32): repeatable runs, and no pattern between successive picks. */
function rnd(n: number, seed: { s: number }): number {
  seed.s = (seed.s + 0x6d2b79f5) | 0;
  let x = Math.imul(seed.s ^ (seed.s >>> 15), 1 | seed.s);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
}

async function main() {
  const tdb = await createTestDatabase(dialect);
  const h = tdb.handle;
  const seed = { s: 42 };
  const t0 = Date.now();
  const BATCH = 1000;
  for (let start = 0; start < N; start += BATCH) {
    await h.db.transaction().execute(async (trx) => {
      const rows: Insertable<DeclarationsTable>[] = [];
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        const form = FORMS[rnd(FORMS.length, seed)]!;
        const name = `${form}${SURNAMES[rnd(SURNAMES.length, seed)]}${WORDS[rnd(WORDS.length, seed)]}${i % 7 === 0 ? i : ''}`;
        const pref = rnd(3, seed) === 0 ? '13' : String(1 + rnd(47, seed)).padStart(2, '0');
        const at = new Date(Date.UTC(2024, 0, 1) + rnd(900, seed) * 86_400_000).toISOString();
        rows.push({
          number: `LM-2026-${String(i + 1).padStart(7, '0')}`,
          status: rnd(10, seed) === 0 ? 'lapsed' : 'active',
          star: rnd(4, seed) === 0 ? 2 : 1,
          name,
          name_kana: null,
          name_key: nameKey(name),
          sort_key: sortKey(name),
          search_text: searchText(name, null),
          corporate_number: i % 3 === 0 ? null : String(1_000_000_000_000 + i),
          prefecture: pref,
          industry: INDUSTRIES[rnd(INDUSTRIES.length, seed)]!,
          size_band: SIZE_BANDS[rnd(SIZE_BANDS.length, seed)]!,
          email: `firm${i}@example.jp`,
          locale: 'ja',
          created_at: at,
          updated_at: at,
          declared_at: at,
          renewal_due: at.slice(0, 10),
        });
      }
      const ids = await trx.insertInto('declarations').values(rows).returning('id').execute();
      if (dialect === 'sqlite') {
        for (let k = 0; k < ids.length; k++) await sql`insert into declaration_grams (rowid, grams) values (${ids[k]!.id}, ${gramsOf(String(rows[k]!.search_text))})`.execute(trx);
      } else {
        await trx.insertInto('declaration_grams').values(ids.map((r, k) => ({ declaration_id: r.id, grams: gramsOf(String(rows[k]!.search_text)) }))).execute();
      }
    });
  }
  if (dialect === 'postgres') await sql`analyze`.execute(h.db);
  else await sql`analyze`.execute(h.db);
  console.log(`${dialect}: ${N} declarations generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  const base: DeclarationFilters = { q: '', corporateNumber: null, prefecture: null, industry: null, sizeBand: null, star: null, scope: 'active', sort: 'name' };
  const cases: [string, Partial<DeclarationFilters>, number?][] = [
    ['no filter, by name', {}],
    ['no filter, newest first', { sort: 'date' }],
    ['no filter, page 500', {}, 9980],
    ['prefecture=13 (Tokyo, ~1/3)', { prefecture: '13' }],
    ['prefecture=31 (small)', { prefecture: '31' }],
    ['prefecture=13 & industry=E', { prefecture: '13', industry: 'E' }],
    ['star=2', { star: 2 }],
    ['size=sole', { sizeBand: 'sole' }],
    ['corporate number (exact)', { corporateNumber: '1000000000500' }],
    ['q=林 (1 char)', { q: '林' }],
    ['q=山 (1 char, very common)', { q: '山' }],
    ['q=電機 (2 chars)', { q: '電機' }],
    ['q=長谷川 (3 chars)', { q: '長谷川' }],
    ['q=山田商店 (4 chars)', { q: '山田商店' }],
    ['q=trading', { q: 'trading' }],
    ['q=山田 & prefecture=31', { q: '山田', prefecture: '31' }],
    ['q=zzz (no match)', { q: 'zzz' }],
  ];
  const repo = { db: h.db, dialect };
  for (const [label, f, offset] of cases) {
    const times: number[] = [];
    let total = 0;
    for (let r = 0; r < 5; r++) {
      const s = performance.now();
      const res = await searchPublic(repo, { ...base, ...f }, offset ?? 0, 20);
      times.push(performance.now() - s);
      total = res.exact ? res.total : -1;
    }
    times.sort((a, b) => a - b);
    console.log(`${label.padEnd(34)} median ${times[2]!.toFixed(1).padStart(7)} ms  max ${times[4]!.toFixed(1).padStart(7)} ms  total ${total === -1 ? '>10000' : total}`);
  }
  await tdb.cleanup();
}

await main();
