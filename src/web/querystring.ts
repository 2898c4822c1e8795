// One query-string parser for every route: keys that may repeat are always arrays (so a schema can say
// "array of slugs"), other keys are strings, or arrays when repeated (which their schema then refuses).
// URLSearchParams never throws on malformed percent-encoding: it keeps the raw text, which validation refuses.
import { REPEATABLE_PARAMS } from '../catalogue/schema.ts';

const repeatable = new Set<string>(REPEATABLE_PARAMS);
/** More distinct keys than this is not a person using a form: the rest are ignored. */
const MAX_KEYS = 64;

export function parseQueryString(qs: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  let keys = 0;
  for (const [k, v] of new URLSearchParams(qs)) {
    // An empty choice ("指定しない" in a select) means no filter on that facet.
    if (v === '' && repeatable.has(k)) {
      if (out[k] === undefined && ++keys <= MAX_KEYS) out[k] = [];
      continue;
    }
    const cur = out[k];
    if (cur === undefined) {
      if (++keys > MAX_KEYS) continue;
      out[k] = repeatable.has(k) ? [v] : v;
    } else if (Array.isArray(cur)) {
      if (repeatable.has(k) || cur.length < MAX_KEYS) cur.push(v);
    } else {
      out[k] = [cur, v];
    }
  }
  return out;
}
