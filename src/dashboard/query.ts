// The dashboard's query parameters: period (all | fy2026), check, dimension, prefecture, firm check.
// A mistake is a 400 page in the page's language naming the parameter and what to use instead; a
// parameter given twice is a mistake too. Unknown parameters are ignored (links may carry tracking).
import type { Text } from '../i18n/locale.ts';
import { ADOPTION_CHECKS, DIMENSIONS, parsePeriod, periodKey, type AdoptionCheck, type Dimension, type Period } from '../stats/model.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { Problem } from '../web/problem.ts';
import { queryReader } from '../web/query-reader.ts';

export const DECLARATION_DIMENSIONS = ['prefecture', 'size', 'industry'] as const;
export type DeclarationDimension = (typeof DECLARATION_DIMENSIONS)[number];
export const FIRM_CHECKS = ['business5', 'diagnosis'] as const;
export type FirmCheck = (typeof FIRM_CHECKS)[number];

/** Which dimensions each check's results can be broken down by (age for people, size and industry for firms). */
export function dimensionsFor(check: AdoptionCheck): Dimension[] {
  return DIMENSIONS.filter((d) => (check === 'personal' ? d !== 'size' && d !== 'industry' : d !== 'age'));
}

const NAMES: Record<string, Text> = {
  period: { ja: '期間（period）', en: 'Period (period)' },
  check: { ja: 'チェックの種類（check）', en: 'Check (check)' },
  dimension: { ja: '内訳（dimension）', en: 'Breakdown (dimension)' },
  prefecture: { ja: '都道府県（prefecture）', en: 'Prefecture (prefecture)' },
  firm: { ja: '企業の実施率に使うチェック（firm）', en: 'Check used for firms (firm)' },
};

export const BAD_DASHBOARD_QUERY: Text = { ja: '表示する条件に誤りがあります。', en: 'The figures asked for cannot be shown.' };


export interface DashboardQuery {
  period: Period;
  check: AdoptionCheck;
  dimension: Dimension;
  declarationDimension: DeclarationDimension;
  prefecture: string | null;
  firm: FirmCheck;
}

/** Reads every parameter the dashboard knows; throws a 400 Problem listing every mistake at once. */
export type DashboardPage = 'overview' | 'adoption' | 'declarations' | 'effort' | 'need' | 'figure';

/** Reads every parameter the dashboard knows; throws a 400 Problem listing every mistake at once. */
export function readDashboardQuery(query: unknown, page: DashboardPage): DashboardQuery {
  const { details, one, bad } = queryReader(query, NAMES);

  const periodRaw = one('period');
  const period = parsePeriod(periodRaw);
  if (period === null) bad('period', periodRaw!, { ja: '「all」（全期間）または「fy2026」のような年度を指定してください。', en: 'Use "all" (all time) or a fiscal year such as "fy2026".' });

  const checkRaw = one('check');
  let check: AdoptionCheck = 'personal';
  if (checkRaw !== null) {
    if ((ADOPTION_CHECKS as readonly string[]).includes(checkRaw)) check = checkRaw as AdoptionCheck;
    else bad('check', checkRaw, { ja: `${ADOPTION_CHECKS.join('、')}のいずれかを指定してください。`, en: `Use one of ${ADOPTION_CHECKS.join(', ')}.` });
  }

  const dimRaw = one('dimension');
  let dimension: Dimension = 'audience';
  let declarationDimension: DeclarationDimension = 'prefecture';
  if (dimRaw !== null) {
    if (page === 'declarations') {
      if ((DECLARATION_DIMENSIONS as readonly string[]).includes(dimRaw)) declarationDimension = dimRaw as DeclarationDimension;
      else bad('dimension', dimRaw, { ja: `${DECLARATION_DIMENSIONS.join('、')}のいずれかを指定してください。`, en: `Use one of ${DECLARATION_DIMENSIONS.join(', ')}.` });
    } else if (!(DIMENSIONS as readonly string[]).includes(dimRaw)) {
      bad('dimension', dimRaw, { ja: `${DIMENSIONS.join('、')}のいずれかを指定してください。`, en: `Use one of ${DIMENSIONS.join(', ')}.` });
    } else if (!dimensionsFor(check).includes(dimRaw as Dimension)) {
      bad('dimension', dimRaw, {
        ja: check === 'personal' ? '個人のセルフチェックは従業員規模・業種では分けられません（年齢層・都道府県・対象層は使えます）。' : '企業のチェックは年齢層では分けられません（従業員規模・業種・都道府県・対象層は使えます）。',
        en: check === 'personal' ? 'The personal check cannot be broken down by firm size or industry (age, prefecture and audience can).' : 'Firm checks cannot be broken down by age (size, industry, prefecture and audience can).',
      });
    } else dimension = dimRaw as Dimension;
  }

  const prefRaw = one('prefecture');
  let prefecture: string | null = null;
  if (prefRaw !== null) {
    if (isPrefectureCode(prefRaw)) prefecture = prefRaw;
    else bad('prefecture', prefRaw, { ja: '都道府県コード（01〜47）を指定してください。', en: 'Use a prefecture code (01 to 47).' });
  }

  const firmRaw = one('firm');
  let firm: FirmCheck = 'business5';
  if (firmRaw !== null) {
    if ((FIRM_CHECKS as readonly string[]).includes(firmRaw)) firm = firmRaw as FirmCheck;
    else bad('firm', firmRaw, { ja: '「business5」（5か条）または「diagnosis」（自社診断）を指定してください。', en: 'Use "business5" (the 5 measures) or "diagnosis" (the self-diagnosis).' });
  }

  if (details.length) throw new Problem(400, 'invalid_request', BAD_DASHBOARD_QUERY, details);
  return { period: period!, check, dimension, declarationDimension, prefecture, firm };
}

/** The period choices offered: all time and the current fiscal year back to FY2024, plus the chosen one. */
export function periodChoices(now: Date, chosen: Period): string[] {
  const tokyo = new Date(now.getTime() + 9 * 3600_000);
  const fy = tokyo.getUTCMonth() >= 3 ? tokyo.getUTCFullYear() : tokyo.getUTCFullYear() - 1;
  const years: string[] = [];
  for (let y = fy; y >= Math.min(2024, fy); y--) years.push(`fy${y}`);
  const key = periodKey(chosen);
  if (key !== 'all' && !years.includes(key)) years.push(key);
  return ['all', ...years];
}
