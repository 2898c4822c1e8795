// The n-gram index of src/search/grams.ts held in memory, for lists that are already held in memory
// (the catalogue's facet index). Same semantics as the SQL index: a word of one or two characters is its
// own gram (exact); a longer word needs all its bigrams, then a substring test on the normalised text
// confirms. Why: with 70,000 initiatives a common word (相談, 対策, 中小企業) matches tens of thousands of
// rows, and fetching that many ids from the database cost 100–1,000 ms per search (PostgreSQL read the
// wide grams rows, or chose a sequential scan that decompresses every tsvector); intersecting sorted
// arrays in memory costs well under a millisecond (bench/search.ts measures both).
//
// Grams are numbers, not strings: a code point for a unigram, c1 × 0x110000 + c2 for a bigram (below
// 2^53, exact). Posting lists are sorted row numbers (rows are added in order), deduplicated per row.
import type { SearchTerm } from './grams.ts';

const PLANE = 0x110000;

export interface PostingIndex {
  n: number;
  lists: Map<number, Int32Array>;
  /** The normalised search text of each row, for confirming words of three characters or more. */
  texts: string[];
}

/** Builds the index over normalised texts (row r = texts[r]). */
export function buildPostingIndex(texts: string[]): PostingIndex {
  const grow = new Map<number, number[]>();
  const add = (key: number, r: number) => {
    const list = grow.get(key);
    if (list === undefined) grow.set(key, [r]);
    else if (list[list.length - 1] !== r) list.push(r);
  };
  for (let r = 0; r < texts.length; r++) {
    const text = texts[r]!;
    let prev = -1;
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      if (c === 0x20) {
        // Grams never span a space (gramsOf splits the text on spaces).
        prev = -1;
        continue;
      }
      add(c, r);
      if (prev >= 0) add(prev * PLANE + c, r);
      prev = c;
    }
  }
  const lists = new Map<number, Int32Array>();
  for (const [k, v] of grow) lists.set(k, Int32Array.from(v));
  return { n: texts.length, lists, texts };
}

function keysOf(word: string): number[] {
  const cps = Array.from(word, (ch) => ch.codePointAt(0)!);
  if (cps.length === 1) return [cps[0]!];
  const keys = new Set<number>();
  for (let i = 0; i + 1 < cps.length; i++) keys.add(cps[i]! * PLANE + cps[i + 1]!);
  return [...keys];
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[k++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, k);
}

const EMPTY = new Int32Array(0);

/** Rows (ascending) whose text contains every word of the query. */
export function matchRows(ix: PostingIndex, terms: readonly SearchTerm[]): Int32Array {
  // Shortest lists first: each intersection is then bounded by the rarest gram.
  const lists: Int32Array[] = [];
  for (const t of terms) {
    for (const key of keysOf(t.text)) {
      const list = ix.lists.get(key);
      if (!list) return EMPTY;
      lists.push(list);
    }
  }
  if (lists.length === 0) return EMPTY;
  lists.sort((a, b) => a.length - b.length);
  let rows = lists[0]!;
  for (let i = 1; i < lists.length && rows.length > 0; i++) rows = intersect(rows, lists[i]!);
  const confirm = terms.filter((t) => !t.exact).map((t) => t.text);
  if (confirm.length === 0) return rows;
  const out = new Int32Array(rows.length);
  let k = 0;
  for (const r of rows) {
    const text = ix.texts[r]!;
    if (confirm.every((w) => text.includes(w))) out[k++] = r;
  }
  return out.subarray(0, k);
}
