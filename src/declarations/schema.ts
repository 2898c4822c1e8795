// The registry's query parameters, shared by the search page and the API: q, corporate_number,
// prefecture, industry, size, star, status, sort, page. A mistake gets a 400 naming the parameter and
// what to use instead, in Japanese and English. The zod schema documents them in the OpenAPI document.
import { z } from 'zod';
import type { Text } from '../i18n/locale.ts';
import { INDUSTRIES, isIndustry, isSizeBand, SIZE_BANDS } from '../taxonomy/attributes.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { Problem } from '../web/problem.ts';
import { queryReader, shown } from '../web/query-reader.ts';
import { checkCorporateNumber } from './corporate-number.ts';
import { MAX_PAGE, NUMBER_RE, type AdminFilters, type DeclarationFilters, type DeclarationStatus, type Star, STATUSES } from './model.ts';

export const MAX_QUERY_LENGTH = 100;

export const DeclarationQuery = z.object({
  q: z.string().max(MAX_QUERY_LENGTH).optional().describe('Words of the business name or its kana (every word must occur; one or two characters work; hiragana and katakana match each other).'),
  corporate_number: z.string().optional().describe('Exact 13-digit corporate number (法人番号); hyphens, spaces and full-width digits are accepted.'),
  prefecture: z.string().optional().describe('JIS X 0401 prefecture code (01–47).'),
  industry: z.enum(INDUSTRIES).optional().describe('Japan Standard Industrial Classification division letter (A–T).'),
  size: z.enum(SIZE_BANDS).optional().describe(`Employees, owner included: ${SIZE_BANDS.join(', ')}.`),
  star: z.enum(['1', '2']).optional().describe('1: one star (the 5 measures); 2: two stars (self-diagnosis and a published basic policy).'),
  status: z.enum(['active', 'all']).optional().describe('active (the default): active declarations only; all: withdrawn, lapsed and revoked ones too.'),
  sort: z.enum(['name', 'date']).optional().describe('name (the default; legal forms such as 株式会社 are ignored) or date (newest declaration first).'),
  page: z.string().regex(/^[0-9]{1,6}$/).optional().describe(`Page number, 1 to ${MAX_PAGE} (20 per page). Counts stop at 10,000: narrow the filters to see further.`),
});

export const DeclarationNumberParams = z.object({ number: z.string().describe('Declaration number, such as LM-2026-0000123') });

const NAMES: Record<string, Text> = {
  q: { ja: '事業者名（q）', en: 'Business name (q)' },
  corporate_number: { ja: '法人番号（corporate_number）', en: 'Corporate number (corporate_number)' },
  prefecture: { ja: '都道府県（prefecture）', en: 'Prefecture (prefecture)' },
  industry: { ja: '業種（industry）', en: 'Industry (industry)' },
  size: { ja: '従業員規模（size）', en: 'Size (size)' },
  star: { ja: '星の数（star）', en: 'Star (star)' },
  status: { ja: '表示範囲（status）', en: 'Status (status)' },
  sort: { ja: '並び順（sort）', en: 'Sort order (sort)' },
  page: { ja: 'ページ番号（page）', en: 'Page number (page)' },
};


export const BAD_QUERY: Text = { ja: '指定された条件に誤りがあります。', en: 'The request contains an error.' };

/** Corporate-number mistakes in words, shared by the search and the declaration form. */
export function corporateNumberMessage(reason: 'empty' | 'not_digits' | 'length' | 'check_digit', digits: number): Text {
  switch (reason) {
    case 'empty':
      return { ja: '法人番号（13桁の数字）を入力してください。', en: 'Enter the corporate number (13 digits).' };
    case 'not_digits':
      return { ja: '法人番号は数字だけで入力してください（ハイフンと空白は入れても構いません）。', en: 'A corporate number has digits only (hyphens and spaces may be typed).' };
    case 'length':
      return { ja: `法人番号は13桁です（入力されたのは${digits}桁です）。`, en: `A corporate number has 13 digits (${digits} were given).` };
    case 'check_digit':
      return {
        ja: '法人番号の先頭の数字（チェックデジット）が残りの12桁と合いません。打ち間違いがないか、国税庁の法人番号公表サイトで確認してください。',
        en: "The corporate number's first digit (its check digit) does not match the other 12. Check for a typing mistake, for example on the National Tax Agency's corporate number site.",
      };
  }
}

function reader(query: unknown) {
  const { details, one, bad } = queryReader(query, NAMES);
  const text = (): string => {
    const v = one('q');
    if (v === null) return '';
    if (v.length > MAX_QUERY_LENGTH) details.push({ param: 'q', message: { ja: `${NAMES.q!.ja}は${MAX_QUERY_LENGTH}文字以内で入力してください。`, en: `${NAMES.q!.en} must be at most ${MAX_QUERY_LENGTH} characters.` } });
    else if (/[\u0000-\u001f\u007f]/.test(v)) details.push({ param: 'q', message: { ja: `${NAMES.q!.ja}に改行や制御文字は使えません。`, en: `${NAMES.q!.en} must not contain line breaks or control characters.` } });
    else return v.trim();
    return '';
  };
  const corporate = (): string | null => {
    const v = one('corporate_number');
    if (v === null) return null;
    const c = checkCorporateNumber(v.slice(0, 40));
    if (c.ok) return c.value;
    if (c.reason === 'empty') return null;
    const m = corporateNumberMessage(c.reason, c.digits);
    details.push({ param: 'corporate_number', message: { ja: `${NAMES.corporate_number!.ja}：${m.ja}`, en: `${NAMES.corporate_number!.en}: ${m.en}` } });
    return null;
  };
  const page = (): number => {
    const v = one('page');
    if (v === null) return 1;
    if (!/^[0-9]{1,6}$/.test(v) || Number(v) < 1 || Number(v) > MAX_PAGE) {
      details.push({ param: 'page', message: { ja: `${NAMES.page!.ja}は1から${MAX_PAGE}までの整数で指定してください（「${shown(v)}」は使えません）。それより先は条件を絞り込んでください。`, en: `${NAMES.page!.en} must be a whole number from 1 to ${MAX_PAGE} ("${shown(v)}" is not). Narrow the filters to see further.` } });
      return 1;
    }
    return Number(v);
  };
  const done = () => {
    if (details.length) throw new Problem(400, 'invalid_request', BAD_QUERY, details);
  };
  return { one, bad, text, corporate, page, done };
}

/** The public filters and page, or the 400 that explains every mistake. Empty values mean "any". */
export function filtersFromQuery(query: unknown): { filters: DeclarationFilters; page: number } {
  const r = reader(query);
  const q = r.text();
  const corporateNumber = r.corporate();
  const prefecture = r.one('prefecture');
  if (prefecture !== null && !isPrefectureCode(prefecture)) r.bad('prefecture', prefecture, { ja: '都道府県コード（01〜47、例：東京都は 13）を指定してください。', en: 'Use a prefecture code from 01 to 47 (Tokyo is 13).' });
  const industry = r.one('industry');
  if (industry !== null && !isIndustry(industry)) r.bad('industry', industry, { ja: `使える値: ${INDUSTRIES.join(', ')}`, en: `Use one of: ${INDUSTRIES.join(', ')}` });
  const size = r.one('size');
  if (size !== null && !isSizeBand(size)) r.bad('size', size, { ja: `使える値: ${SIZE_BANDS.join(', ')}`, en: `Use one of: ${SIZE_BANDS.join(', ')}` });
  const star = r.one('star');
  if (star !== null && star !== '1' && star !== '2') r.bad('star', star, { ja: '使える値: 1, 2', en: 'Use 1 or 2.' });
  const status = r.one('status');
  if (status !== null && status !== 'active' && status !== 'all') r.bad('status', status, { ja: '使える値: active, all', en: 'Use active or all.' });
  const sort = r.one('sort');
  if (sort !== null && sort !== 'name' && sort !== 'date') r.bad('sort', sort, { ja: '使える値: name, date', en: 'Use name or date.' });
  const page = r.page();
  r.done();
  return {
    filters: {
      q,
      corporateNumber,
      prefecture,
      industry: industry as DeclarationFilters['industry'],
      sizeBand: size as DeclarationFilters['sizeBand'],
      star: star ? (Number(star) as Star) : null,
      scope: status === 'all' ? 'all' : 'active',
      sort: sort === 'date' ? 'date' : 'name',
    },
    page,
  };
}

export function filtersToSearchParams(f: DeclarationFilters, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.corporateNumber) p.set('corporate_number', f.corporateNumber);
  if (f.prefecture) p.set('prefecture', f.prefecture);
  if (f.industry) p.set('industry', f.industry);
  if (f.sizeBand) p.set('size', f.sizeBand);
  if (f.star) p.set('star', String(f.star));
  if (f.scope !== 'active') p.set('status', f.scope);
  if (f.sort !== 'name') p.set('sort', f.sort);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.set(k, v);
  return p;
}

/** The program office's list: name, corporate number, any status (pending included). */
export function adminFiltersFromQuery(query: unknown): { filters: AdminFilters; page: number } {
  const r = reader(query);
  const q = r.text();
  const corporateNumber = r.corporate();
  const status = r.one('status');
  if (status !== null && !(STATUSES as readonly string[]).includes(status)) r.bad('status', status, { ja: `使える値: ${STATUSES.join(', ')}`, en: `Use one of: ${STATUSES.join(', ')}` });
  const page = r.page();
  r.done();
  return { filters: { q, corporateNumber, status: status as DeclarationStatus | null }, page };
}

export function isDeclarationNumber(s: unknown): s is string {
  return typeof s === 'string' && NUMBER_RE.test(s);
}
