// The in-memory n-gram index gives exactly "every text that contains every word" — the SQL index's
// semantics — checked against a plain substring scan.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise, parseQuery } from './grams.ts';
import { buildPostingIndex, matchRows } from './posting-index.ts';

const TEXTS = [
  '高齢者向けフィッシング詐欺セミナー 県警察が相談窓口を紹介します',
  '中小企業の情報漏えい対策 ハンドブック',
  '中小 企業 (two separated words)',
  '企業中小 reversed bigrams',
  'ＩＰＡ help desk for SMEs',
  'helpdesk without a space',
  'パスワード管理 password management',
  '',
  'c++ and 𠮷野家 (a character outside the BMP)',
].map(normalise);

const scan = (q: string) => {
  const words = parseQuery(q).map((t) => t.text);
  return TEXTS.flatMap((t, r) => (words.length > 0 && words.every((w) => t.includes(w)) ? [r] : []));
};

describe('posting index', () => {
  const ix = buildPostingIndex(TEXTS);
  for (const q of ['詐欺', '窓', '相談', '中小企業', '企業', 'ipa', 'IPA', 'ＩＰＡ', 'help desk', 'helpdesk', 'desk help', 'パスワード', 'ワード管理', 'c++', '𠮷', '𠮷野家', 'none', '詐欺 県警', 'zz']) {
    it(`matches what a substring scan finds: ${q}`, () => {
      assert.deepEqual([...matchRows(ix, parseQuery(q))], scan(q));
    });
  }

  it('does not join words across a space (中小 企業 is not 中小企業)', () => {
    assert.deepEqual([...matchRows(ix, parseQuery('中小企業'))], [1]);
  });

  it('agrees with a substring scan on generated texts and random words', () => {
    let s = 1;
    const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = [...'相談対策詐欺窓中小企業 ab'];
    const texts = Array.from({ length: 400 }, () => Array.from({ length: 5 + Math.floor(rand() * 30) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('')).map(normalise);
    const big = buildPostingIndex(texts);
    for (let k = 0; k < 300; k++) {
      const q = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => alphabet[Math.floor(rand() * (alphabet.length - 1))]).join('');
      const words = parseQuery(q).map((t) => t.text);
      const expected = texts.flatMap((t, r) => (words.length > 0 && words.every((w) => t.includes(w)) ? [r] : []));
      assert.deepEqual([...matchRows(big, parseQuery(q))], expected, q);
    }
  });
});
