// The query parameters of every event listing: the list page, the calendar, the map, the iCalendar
// feed and the API share one definition, so they can never disagree about what a filter means.
// Mistakes get a 400 that names the parameter and says what to use instead, in Japanese and English.
import { z } from 'zod';
import type { Text } from '../i18n/locale.ts';
import { isPrefectureCode, PREFECTURES, REGION_BLOCKS, type RegionBlock } from '../taxonomy/prefectures.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { Problem, type ProblemDetail } from '../web/problem.ts';
import { WHENS, type EventFilters, type When } from './model.ts';
import { isValidDate, isValidMonth, MAX_YEAR, MIN_YEAR } from './time.ts';

export const MAX_VALUES = 50;
export const MAX_PAGE = 100_000;

/** One value or several (`prefecture=13&prefecture=14`); empty values ("no choice" in a select) are dropped. */
const oneOrMany = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).filter((x) => x !== ''))
    .pipe(z.array(item).max(MAX_VALUES));

const date = z.string().refine(isValidDate, { message: 'date' });

export const eventFilterShape = {
  prefecture: oneOrMany(z.string().refine(isPrefectureCode, { message: 'prefecture' }))
    .optional()
    .describe('JIS X 0401 prefecture codes of the venue, such as 13 (repeatable; any of them).'),
  block: oneOrMany(z.enum(REGION_BLOCKS))
    .optional()
    .describe(`Region blocks (repeatable; any of them, together with prefecture): ${REGION_BLOCKS.join(', ')}.`),
  audience: z.array(z.enum(AUDIENCES)).max(MAX_VALUES).default([]).describe('Audience slugs (repeatable; any of them).'),
  from: date.optional().describe(`Events on or after this Japan date (YYYY-MM-DD, ${MIN_YEAR}–${MAX_YEAR}); an event counts if any of it falls in the range.`),
  to: date.optional().describe('Events on or before this Japan date (YYYY-MM-DD).'),
  online: z.enum(['true', 'false']).optional().describe('true: events that can be joined online (online or hybrid); false: on site only.'),
  campaign: z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/)
    .transform(Number)
    .optional()
    .describe('Campaign id.'),
  when: z.enum(WHENS).optional().describe('upcoming (not yet ended; the default without from/to), past (ended) or all (the default with from or to).'),
};

const page = z
  .string()
  .regex(/^[0-9]{1,6}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_PAGE))
  .optional()
  .describe('Page number, from 1.');

const orderedDates = (v: { from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'order' });
};

export const EventQuery = z.object({ ...eventFilterShape, page }).superRefine(orderedDates);
export type EventQueryInput = z.output<typeof EventQuery>;

export const CalendarQuery = z
  .object({ ...eventFilterShape, month: z.string().refine(isValidMonth, { message: 'month' }).optional().describe('The month shown (YYYY-MM); this month by default.') })
  .superRefine(orderedDates);
export type CalendarQueryInput = z.output<typeof CalendarQuery>;

export const MapQuery = z.object({ ...eventFilterShape }).superRefine(orderedDates);
export type MapQueryInput = z.output<typeof MapQuery>;

/** A numeric id in a path; anything else is "no such page". */
export const EventIdParams = z.object({ id: z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number) });

export function filtersFromQuery(q: z.output<z.ZodObject<typeof eventFilterShape>>): EventFilters {
  const uniq = <T>(xs: readonly T[] | undefined) => [...new Set(xs ?? [])];
  const hasRange = q.from !== undefined || q.to !== undefined;
  return {
    prefectures: uniq(q.prefecture).sort(),
    blocks: uniq(q.block as RegionBlock[] | undefined),
    audiences: uniq(q.audience as Audience[]),
    from: q.from ?? null,
    to: q.to ?? null,
    online: q.online === undefined ? null : q.online === 'true',
    campaignId: q.campaign ?? null,
    when: (q.when ?? (hasRange ? 'all' : 'upcoming')) as When,
  };
}

/** Query-string form of filters (links that keep the current filters: views, pages, map tiles, feeds). */
export function filtersToSearchParams(f: EventFilters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const v of f.prefectures) p.append('prefecture', v);
  for (const v of f.blocks) p.append('block', v);
  for (const v of f.audiences) p.append('audience', v);
  if (f.from) p.append('from', f.from);
  if (f.to) p.append('to', f.to);
  if (f.online !== null) p.append('online', String(f.online));
  if (f.campaignId !== null) p.append('campaign', String(f.campaignId));
  const defaultWhen: When = f.from || f.to ? 'all' : 'upcoming';
  if (f.when !== defaultWhen) p.append('when', f.when);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.append(k, v);
  return p;
}

/** The prefectures a filter's place part stands for (prefectures and whole blocks together), or null for everywhere. */
export function placeCodes(f: Pick<EventFilters, 'prefectures' | 'blocks'>): string[] | null {
  if (!f.prefectures.length && !f.blocks.length) return null;
  const codes = new Set(f.prefectures);
  for (const p of PREFECTURES) if (f.blocks.includes(p.block)) codes.add(p.code);
  return [...codes].sort();
}

// ---------------------------------------------------------------- messages

const NAMES: Record<string, Text> = {
  prefecture: { ja: '都道府県（prefecture）', en: 'Prefecture (prefecture)' },
  block: { ja: '地方（block）', en: 'Region block (block)' },
  audience: { ja: '対象（audience）', en: 'Audience (audience)' },
  from: { ja: '開始日（from）', en: 'Start date (from)' },
  to: { ja: '終了日（to）', en: 'End date (to)' },
  online: { ja: 'オンライン参加（online）', en: 'Online (online)' },
  campaign: { ja: 'キャンペーン（campaign）', en: 'Campaign (campaign)' },
  when: { ja: '時期（when）', en: 'Time (when)' },
  page: { ja: 'ページ番号（page）', en: 'Page number (page)' },
  month: { ja: '月（month）', en: 'Month (month)' },
  id: { ja: '番号（id）', en: 'Identifier (id)' },
};

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, '�');
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const p of path) {
    // A single value stands for a list of one (prefecture=99 is the first of the prefectures).
    if (typeof p === 'number' && !Array.isArray(cur)) return p === 0 ? cur : undefined;
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p as string];
  }
  return cur;
}

/** What each failed parameter means to a person, and what to use instead. */
export function describeEventQueryIssues(issues: z.core.$ZodIssue[], input: unknown): ProblemDetail[] {
  const out: ProblemDetail[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const param = String(issue.path[0] ?? '');
    const name = NAMES[param] ?? { ja: `「${shown(param)}」`, en: `"${shown(param)}"` };
    const value = shown(valueAt(input, issue.path));
    const raw = (input as Record<string, unknown> | null)?.[param];
    let message: Text;
    if (issue.code === 'invalid_type' && Array.isArray(raw)) {
      message = { ja: `${name.ja}は1つだけ指定してください。`, en: `${name.en} may be given only once.` };
    } else if (issue.code === 'too_big') {
      message = { ja: `${name.ja}は一度に${MAX_VALUES}個まで指定できます。`, en: `${name.en} accepts at most ${MAX_VALUES} values at once.` };
    } else if (param === 'to' && issue.code === 'custom' && issue.message === 'order') {
      message = { ja: `${name.ja}は開始日（from）と同じか、それより後の日付にしてください。`, en: `${name.en} must be the same as or later than the start date (from).` };
    } else if (param === 'prefecture') {
      message = { ja: `${name.ja}に「${value}」は使えません。都道府県コード（01〜47、例：東京都は 13）を指定してください。`, en: `${name.en} cannot be "${value}". Use a prefecture code from 01 to 47 (Tokyo is 13).` };
    } else if (param === 'block' || param === 'audience' || param === 'when' || param === 'online') {
      const allowed = param === 'block' ? REGION_BLOCKS : param === 'audience' ? AUDIENCES : param === 'when' ? WHENS : ['true', 'false'];
      message = { ja: `${name.ja}に「${value}」は使えません。使える値: ${allowed.join(', ')}`, en: `${name.en} cannot be "${value}". Use one of: ${allowed.join(', ')}` };
    } else if (param === 'from' || param === 'to') {
      message = {
        ja: `${name.ja}「${value}」は使えません。${MIN_YEAR}年から${MAX_YEAR}年までの実在する日付を 2027-02-01 のように指定してください。`,
        en: `${name.en} cannot be "${value}". Use a real date between ${MIN_YEAR} and ${MAX_YEAR} written like 2027-02-01.`,
      };
    } else if (param === 'month') {
      message = { ja: `${name.ja}「${value}」は使えません。${MIN_YEAR}-01 から ${MAX_YEAR}-12 までの月を 2027-02 のように指定してください。`, en: `${name.en} cannot be "${value}". Use a month from ${MIN_YEAR}-01 to ${MAX_YEAR}-12 written like 2027-02.` };
    } else if (param === 'campaign') {
      message = { ja: `${name.ja}は番号（1以上の整数）で指定してください（「${value}」は使えません）。`, en: `${name.en} must be a number from 1 ("${value}" is not).` };
    } else if (param === 'page') {
      message = { ja: `${name.ja}は1以上の整数で指定してください（「${value}」は使えません）。`, en: `${name.en} must be a whole number from 1 ("${value}" is not).` };
    } else {
      message = { ja: `${name.ja}の値「${value}」が正しくありません。`, en: `${name.en} has an invalid value "${value}".` };
    }
    const key = `${param}|${message.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ param, message });
  }
  return out;
}

export const BAD_QUERY: Text = { ja: '指定された条件に誤りがあります。', en: 'The request contains an error.' };

/** Parses query parameters with a schema, or throws the 400 that explains every mistake. */
export function parseQuery<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new Problem(400, 'invalid_request', BAD_QUERY, describeEventQueryIssues(r.error.issues, input));
}
