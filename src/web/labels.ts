// Localised names of taxonomy values, regions and organisations, shared by every view.
import type { OrganisationRef } from '../catalogue/model.ts';
import type { Locale } from '../i18n/locale.ts';
import { prefectureByCode } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS, METHOD_LABELS, SECTOR_LABELS, type Audience, type Method, type Sector } from '../taxonomy/taxonomy.ts';

export const audienceLabel = (l: Locale, a: Audience) => AUDIENCE_LABELS[a][l];
export const methodLabel = (l: Locale, m: Method) => METHOD_LABELS[m][l];
export const sectorLabel = (l: Locale, s: Sector) => SECTOR_LABELS[s][l];

export function regionLabel(l: Locale, code: string): string {
  if (code === 'nationwide') return l === 'ja' ? '全国' : 'Nationwide';
  return prefectureByCode(code)?.[l] ?? code;
}

export function orgName(l: Locale, o: Pick<OrganisationRef, 'nameJa' | 'nameEn'>): string {
  return l === 'ja' ? o.nameJa : o.nameEn;
}

/** The short name people know a body by (IPA, NISC), else its full name. */
export function orgShortName(l: Locale, o: OrganisationRef): string {
  return o.abbreviation ?? orgName(l, o);
}

/** "（IPA）" in Japanese text, " (IPA)" in English. */
export function parenthesised(l: Locale, text: string): string {
  return l === 'ja' ? `（${text}）` : ` (${text})`;
}
