// Business names as the registry compares, sorts and searches them. The search follows
// src/search/grams.ts (NFKC + lower case, unigrams and bigrams); on top of that hiragana is folded to
// katakana, so a firm registered as カブシキ is found by かぶしき and the reverse.
import { normalise } from '../search/grams.ts';

/** Hiragana (ぁ..ゖ, ゝゞ) to the katakana at the same place in the code chart. */
export function foldKana(s: string): string {
  return s.replace(/[\u3041-\u3096\u309d\u309e]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/** For search: the same normalisation on both sides (text and query). */
export function searchNormalise(s: string): string {
  return foldKana(normalise(s));
}

/** The duplicate key of sole proprietors: spaces and the middle dot do not make another business. */
export function nameKey(name: string): string {
  return searchNormalise(name).replace(/[\s・･.,、。]/gu, '');
}

// The legal forms that open or close most names; sorting by the rest puts 株式会社山田 beside 山田商店.
// Names without a reading sort after those with one when they start with kanji (code point order).
// After NFKC, ㈱ is (株) and （株） is (株).
const LEGAL_FORMS = [
  '株式会社', '有限会社', '合同会社', '合名会社', '合資会社', '一般社団法人', '一般財団法人', '公益社団法人', '公益財団法人',
  '特定非営利活動法人', 'npo法人', '社会福祉法人', '医療法人社団', '医療法人財団', '医療法人', '学校法人', '協同組合', '事業協同組合',
  '(株)', '(有)', '(同)', '(社)', '(財)', '(医)', '(学)', '(福)',
  // Readings of the legal forms, for keys made from the kana.
  'カブシキガイシャ', 'カブシキカイシャ', 'ユウゲンガイシャ', 'ユウゲンカイシャ', 'ゴウドウガイシャ', 'ゴウドウカイシャ', 'ゴウメイガイシャ', 'ゴウシガイシャ',
];
/** Latin legal forms only after a space or comma ("zinc" keeps its "inc"). */
const LATIN_FORM = /[\s,]+(?:co\.?,?\s*ltd\.?|inc\.?|llc|ltd\.?|k\.k\.|g\.k\.|corp\.?|co\.)$/u;

/**
 * What "sort by name" orders by: the reading when the firm gave one (so names sort in 五十音 order,
 * which code points of kanji do not give), else the name; legal forms removed either way.
 */
export function sortKey(name: string, kana: string | null = null): string {
  let s = kana ? searchNormalise(kana).replace(/[\s・]/gu, '') : searchNormalise(name);
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of LEGAL_FORMS) {
      if (s.startsWith(f) && s.length > f.length) {
        s = s.slice(f.length).replace(/^[\s,・]+/u, '');
        changed = true;
      } else if (s.endsWith(f) && s.length > f.length) {
        s = s.slice(0, s.length - f.length).replace(/[\s,・]+$/u, '');
        changed = true;
      }
    }
  }
  s = s.replace(LATIN_FORM, '');
  return s.slice(0, 200);
}

/** Name and kana, normalised: the text the n-gram index is built from and the substring test reads. */
export function searchText(name: string, kana: string | null): string {
  return [searchNormalise(name), kana ? searchNormalise(kana) : ''].filter(Boolean).join(' ');
}
