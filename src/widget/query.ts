// What a widget may be asked for: one audience, one prefecture, a language, how many of each, which
// lists. Everything else in the query is ignored (partners' pages add tracking parameters); a wrong
// value is a 400 with one short sentence in the chosen language, never a 500.
import { z } from 'zod';
import type { Locale, Text } from '../i18n/locale.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';

export const WIDGET_KINDS = ['advisories', 'events'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 10;

export interface WidgetOptions {
  audience: Audience | null;
  prefecture: string | null;
  lang: Locale;
  limit: number;
  kinds: WidgetKind[];
}

/** '' (an empty select) means "not given", like a missing parameter. */
const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

// The shared query parser makes `audience` an array always (it repeats elsewhere): [] or one value.
const audience = z.preprocess(
  (v) => (Array.isArray(v) ? v.filter((x) => x !== '') : v === '' || v === undefined ? [] : [v]),
  z.array(z.enum(AUDIENCES)).max(1),
);

export const WidgetQuery = z.object({
  audience,
  prefecture: optional(z.string().refine(isPrefectureCode)),
  lang: optional(z.enum(['ja', 'en'])),
  limit: optional(z.string().regex(/^([1-9]|10)$/).transform(Number)),
  kinds: optional(
    z
      .string()
      .max(40)
      .transform((s) => s.split(','))
      .pipe(z.array(z.enum(WIDGET_KINDS)).min(1).max(2)),
  ),
});

const MESSAGES: Record<string, Text> = {
  audience: { ja: '対象（audience）の指定が正しくありません。', en: 'The audience (audience) is not valid.' },
  prefecture: { ja: '都道府県（prefecture）は 01〜47 の都道府県コードで指定してください。', en: 'The prefecture (prefecture) must be a code from 01 to 47.' },
  lang: { ja: '言語（lang）は ja か en で指定してください。', en: 'The language (lang) must be ja or en.' },
  limit: { ja: '件数（limit）は 1〜10 で指定してください。', en: 'The number of items (limit) must be from 1 to 10.' },
  kinds: { ja: '表示する内容（kinds）は advisories と events から選んでください。', en: 'The lists (kinds) must be advisories, events or both.' },
};
const GENERIC: Text = { ja: '指定が正しくありません。', en: 'The request is not valid.' };

export type WidgetParse = { ok: true; options: WidgetOptions } | { ok: false; lang: Locale; messages: Text[] };

/** The language of the answer even when other parameters are wrong (the error speaks it too). */
function langOf(query: unknown): Locale {
  const l = (query as { lang?: unknown } | null)?.lang;
  return l === 'en' ? 'en' : 'ja';
}

export function parseWidgetQuery(query: unknown): WidgetParse {
  const r = WidgetQuery.safeParse(query ?? {});
  if (!r.success) {
    const params = [...new Set(r.error.issues.map((i) => String(i.path[0] ?? '')))];
    return { ok: false, lang: langOf(query), messages: params.map((p) => MESSAGES[p] ?? GENERIC) };
  }
  const q = r.data;
  return {
    ok: true,
    options: {
      audience: q.audience[0] ?? null,
      prefecture: q.prefecture ?? null,
      lang: q.lang ?? 'ja',
      limit: q.limit ?? DEFAULT_LIMIT,
      kinds: WIDGET_KINDS.filter((k) => (q.kinds ?? WIDGET_KINDS).includes(k)),
    },
  };
}

/** The query string of a widget (for the iframe's src and the snippet), leaving out defaults. */
export function widgetSearchParams(o: Pick<WidgetOptions, 'audience' | 'prefecture' | 'lang'> & Partial<Pick<WidgetOptions, 'limit' | 'kinds'>>): URLSearchParams {
  const p = new URLSearchParams();
  if (o.audience) p.set('audience', o.audience);
  if (o.prefecture) p.set('prefecture', o.prefecture);
  p.set('lang', o.lang);
  if (o.limit !== undefined && o.limit !== DEFAULT_LIMIT) p.set('limit', String(o.limit));
  if (o.kinds && o.kinds.length !== WIDGET_KINDS.length) p.set('kinds', o.kinds.join(','));
  return p;
}
