// The query parameters of every advisory listing: the list page, the Atom feed and the API share one
// definition, so they can never disagree about what a filter means. Mistakes get a 400 that names the
// parameter and says what to use instead, in Japanese and English.
import { z } from 'zod';
import type { Text } from '../i18n/locale.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import { Problem, type ProblemDetail } from '../web/problem.ts';
import { SCOPES, SEVERITIES, type AdvisoryFilters, type Severity } from './model.ts';

const MAX_VALUES = 20;

/** One value or several (`severity=warning&severity=emergency`); empty values ("no choice") are dropped. */
const oneOrMany = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).filter((x) => x !== ''))
    .pipe(z.array(item).max(MAX_VALUES));

export const advisoryFilterShape = {
  audience: oneOrMany(z.enum(AUDIENCES)).optional().describe('Audience slugs (repeatable; any of them). Advisories for everyone always match.'),
  prefecture: z
    .string()
    .refine((s) => s === '' || isPrefectureCode(s), { message: 'prefecture' })
    .optional()
    .describe("JIS X 0401 prefecture code, such as 13: that prefecture's advisories and the nationwide ones."),
  severity: oneOrMany(z.enum(SEVERITIES)).optional().describe(`Severities (repeatable; any of them): ${SEVERITIES.join(', ')}.`),
  scope: z.enum(SCOPES).optional().describe('current (the default): neither withdrawn nor past their last day; all: expired and withdrawn ones too.'),
};

const page = z
  .string()
  .regex(/^[0-9]{1,6}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(100_000))
  .optional()
  .describe('Page number, from 1.');

export const AdvisoryQuery = z.object({ ...advisoryFilterShape, page });
export type AdvisoryQueryInput = z.output<typeof AdvisoryQuery>;
export const AdvisoryFeedQuery = z.object({ ...advisoryFilterShape });

/** A numeric id in a path; anything else is "no such page". */
export const AdvisoryIdParams = z.object({ id: z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number) });

export function filtersFromQuery(q: z.output<z.ZodObject<typeof advisoryFilterShape>>): AdvisoryFilters {
  return {
    audiences: [...new Set(q.audience ?? [])] as Audience[],
    prefecture: q.prefecture ? q.prefecture : null,
    severities: SEVERITIES.filter((s) => (q.severity ?? []).includes(s)) as Severity[],
    scope: q.scope ?? 'current',
  };
}

export function filtersToSearchParams(f: AdvisoryFilters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  for (const a of f.audiences) p.append('audience', a);
  if (f.prefecture) p.append('prefecture', f.prefecture);
  for (const s of f.severities) p.append('severity', s);
  if (f.scope !== 'current') p.append('scope', f.scope);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.append(k, v);
  return p;
}

const NAMES: Record<string, Text> = {
  audience: { ja: '対象（audience）', en: 'Audience (audience)' },
  prefecture: { ja: '都道府県（prefecture）', en: 'Prefecture (prefecture)' },
  severity: { ja: '深刻度（severity）', en: 'Severity (severity)' },
  scope: { ja: '表示範囲（scope）', en: 'Scope (scope)' },
  page: { ja: 'ページ番号（page）', en: 'Page number (page)' },
};

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, '�');
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

export function describeAdvisoryQueryIssues(issues: z.core.$ZodIssue[], input: unknown): ProblemDetail[] {
  const out: ProblemDetail[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const param = String(issue.path[0] ?? '');
    const name = NAMES[param] ?? { ja: `「${shown(param)}」`, en: `"${shown(param)}"` };
    const raw = (input as Record<string, unknown> | null)?.[param];
    const at = issue.path[1];
    const value = shown(Array.isArray(raw) && typeof at === 'number' ? raw[at] : raw);
    let message: Text;
    if (issue.code === 'too_big') message = { ja: `${name.ja}は一度に${MAX_VALUES}個まで指定できます。`, en: `${name.en} accepts at most ${MAX_VALUES} values at once.` };
    else if (Array.isArray(raw) && (param === 'prefecture' || param === 'scope' || param === 'page')) message = { ja: `${name.ja}は1つだけ指定してください。`, en: `${name.en} may be given only once.` };
    else if (param === 'prefecture') message = { ja: `${name.ja}に「${value}」は使えません。都道府県コード（01〜47、例：東京都は 13）を指定してください。`, en: `${name.en} cannot be "${value}". Use a prefecture code from 01 to 47 (Tokyo is 13).` };
    else if (param === 'audience' || param === 'severity' || param === 'scope') {
      const allowed = param === 'audience' ? AUDIENCES : param === 'severity' ? SEVERITIES : SCOPES;
      message = { ja: `${name.ja}に「${value}」は使えません。使える値: ${allowed.join(', ')}`, en: `${name.en} cannot be "${value}". Use one of: ${allowed.join(', ')}` };
    } else if (param === 'page') message = { ja: `${name.ja}は1以上の整数で指定してください（「${value}」は使えません）。`, en: `${name.en} must be a whole number from 1 ("${value}" is not).` };
    else message = { ja: `${name.ja}の値「${value}」が正しくありません。`, en: `${name.en} has an invalid value "${value}".` };
    const key = `${param}|${message.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ param, message });
  }
  return out;
}

export const BAD_QUERY: Text = { ja: '指定された条件に誤りがあります。', en: 'The request contains an error.' };

export function parseAdvisoryQuery<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new Problem(400, 'invalid_request', BAD_QUERY, describeAdvisoryQueryIssues(r.error.issues, input));
}
