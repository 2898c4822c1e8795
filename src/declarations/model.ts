// The registry's domain objects, as the pages, the API and the service see them (never rows).
import type { Locale, Text } from '../i18n/locale.ts';
import type { Industry, SizeBand } from '../taxonomy/attributes.ts';

export const STATUSES = ['pending', 'active', 'withdrawn', 'lapsed', 'revoked'] as const;
export type DeclarationStatus = (typeof STATUSES)[number];
/** What the public sees: everything but pending declarations. */
export const PUBLIC_STATUSES = ['active', 'withdrawn', 'lapsed', 'revoked'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export const STARS = [1, 2] as const;
export type Star = (typeof STARS)[number];

/** The star in words and as symbols: the symbol never carries the meaning alone. */
export const STAR_LABELS: Record<Star, Text & { symbol: string; short: Text; what: Text }> = {
  1: {
    ja: '一つ星',
    en: 'One star',
    symbol: '★',
    short: { ja: '★一つ星', en: '★ One star' },
    what: { ja: '「情報セキュリティ5か条」に取り組むことの宣言です。', en: 'A declaration that the business applies the 5 basic information security measures.' },
  },
  2: {
    ja: '二つ星',
    en: 'Two stars',
    symbol: '★★',
    short: { ja: '★★二つ星', en: '★★ Two stars' },
    what: {
      ja: '5か条への取組に加えて、25項目の「情報セキュリティ自社診断」を実施し、情報セキュリティ基本方針を定めて公開したことの宣言です。',
      en: 'A declaration that the business applies the 5 basic measures, completed the 25-item self-diagnosis, and wrote and published a basic security policy.',
    },
  },
};

export const STATUS_LABELS: Record<DeclarationStatus, Text> = {
  pending: { ja: 'メール確認待ち', en: 'Waiting for email confirmation' },
  active: { ja: '有効', en: 'Active' },
  withdrawn: { ja: '取り下げ済み', en: 'Withdrawn' },
  lapsed: { ja: '期限切れ（更新されていません）', en: 'Lapsed (not renewed)' },
  revoked: { ja: '事務局により取消し', en: 'Revoked by the program office' },
};

/** A declaration with what the public may see, plus the contact address for the service and the program office. */
export interface Declaration {
  id: number;
  number: string | null;
  status: DeclarationStatus;
  star: Star;
  name: string;
  nameKana: string | null;
  corporateNumber: string | null;
  prefecture: string;
  municipality: string | null;
  industry: Industry;
  sizeBand: SizeBand;
  website: string | null;
  policyUrl: string | null;
  diagnosisDone: boolean;
  locale: Locale;
  createdAt: string;
  declaredAt: string | null;
  renewedAt: string | null;
  renewalDue: string | null;
  endedAt: string | null;
  revokedReason: string | null;
}

/** The contact address is separate: only the service (emails) and the program office read it. */
export interface DeclarationWithContact extends Declaration {
  email: string;
  confirmSentAt: string | null;
}

/** What a firm types (after validation) when it declares or updates its details. */
export interface DeclarationInput {
  name: string;
  nameKana: string | null;
  /** null: none (sole proprietor and others). */
  corporateNumber: string | null;
  prefecture: string;
  municipality: string | null;
  industry: Industry;
  sizeBand: SizeBand;
  website: string | null;
  star: Star;
  diagnosisDone: boolean;
  policyUrl: string | null;
}

export type SearchSort = 'name' | 'date';
export type SearchScope = 'active' | 'all';

export interface DeclarationFilters {
  q: string;
  corporateNumber: string | null;
  prefecture: string | null;
  industry: Industry | null;
  sizeBand: SizeBand | null;
  star: Star | null;
  scope: SearchScope;
  sort: SearchSort;
}

export interface AdminFilters {
  q: string;
  corporateNumber: string | null;
  status: DeclarationStatus | null;
}

/** Counts stop here: beyond it the page says "more than 10,000" (a million-row registry must not count them all). */
export const COUNT_CAP = 10_000;
export const PAGE_SIZE = 20;
/** The last page reachable by offset (COUNT_CAP / PAGE_SIZE): narrow the filters to see further. */
export const MAX_PAGE = COUNT_CAP / PAGE_SIZE;

export interface SearchResult {
  items: Declaration[];
  /** Exact when below COUNT_CAP, else COUNT_CAP. */
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
  filters: DeclarationFilters;
}

/** The number a declaration gets when it becomes active: LM-<year>-<7 digits>. */
export const NUMBER_RE = /^LM-\d{4}-\d{7}$/;

export function formatDeclarationNumber(year: number, seq: number): string {
  return `LM-${year}-${String(seq).padStart(7, '0')}`;
}

export function isPublic(d: Declaration): boolean {
  return d.status !== 'pending' && d.number !== null;
}
