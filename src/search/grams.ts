// Japanese-aware search without extensions (ENGINEERING.md, "Japanese search").
//
// Most Japanese words are one or two characters (詐欺, 相談, 教育), which trigram indexes cannot find.
// So every searchable text is normalised (NFKC + lower case: ＩＰＡ = IPA = ipa) and indexed as the set
// of its character unigrams and bigrams. A query is normalised the same way and cut into words with
// Intl.Segmenter; each word must occur in the text as a substring:
//   - a word of one or two characters is itself a gram: one index lookup, exact;
//   - a longer word needs all its bigrams (index lookup), then a substring check confirms the candidates.
// The result is exactly "every text that contains every word", with the index doing the narrowing,
// on SQLite (FTS5, unicode61) and PostgreSQL (GIN over to_tsvector('simple', …)) alike.
// Grams are stored hex-encoded ("g" + code points) so that no tokenizer can split or fold them.

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

function encode(codePoints: readonly string[]): string {
  return 'g' + codePoints.map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join('');
}

/** The space-separated gram tokens of a normalised text (deduplicated). */
export function gramsOf(normalisedText: string): string {
  const out = new Set<string>();
  for (const chunk of normalisedText.split(' ')) {
    const cps = Array.from(chunk);
    for (let i = 0; i < cps.length; i++) {
      out.add(encode([cps[i]!]));
      if (i + 1 < cps.length) out.add(encode([cps[i]!, cps[i + 1]!]));
    }
  }
  return [...out].join(' ');
}

export interface SearchTerm {
  /** The normalised word, matched as a substring of the normalised text. */
  text: string;
  /** Gram tokens that every matching text must contain. */
  grams: string[];
  /** True when the grams alone prove a match (one or two characters); otherwise confirm with a substring test. */
  exact: boolean;
}

/** Upper bound on words taken from one query, so that one request cannot build an unbounded SQL query. */
export const MAX_TERMS = 12;

export function parseQuery(query: string): SearchTerm[] {
  const norm = normalise(query);
  if (norm === '') return [];
  const words: string[] = [];
  for (const part of norm.split(' ')) {
    const segs = [...segmenter.segment(part)].filter((s) => s.isWordLike).map((s) => s.segment);
    // A part made only of symbols ("c++" keeps "c"; "!!!" keeps nothing) is searched as typed.
    words.push(...(segs.length > 0 ? segs : [part]));
  }
  const unique = [...new Set(words)].slice(0, MAX_TERMS);
  return unique.map((text) => {
    const cps = Array.from(text);
    if (cps.length <= 2) return { text, grams: [encode(cps)], exact: true };
    const grams = new Set<string>();
    for (let i = 0; i + 1 < cps.length; i++) grams.add(encode([cps[i]!, cps[i + 1]!]));
    return { text, grams: [...grams], exact: false };
  });
}

/** Escape LIKE wildcards; used with ESCAPE '\'. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}
