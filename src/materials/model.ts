// The materials library's domain: formats, licences and languages (slugs are the public contract of
// URLs and the API), the payload an organisation edits, and the published material that pages read.
import type { Text } from '../i18n/locale.ts';
import type { Audience } from '../taxonomy/taxonomy.ts';

export const MATERIAL_FORMATS = ['handbook', 'leaflet', 'poster', 'slides', 'video', 'game', 'teaching_plan', 'checklist', 'guideline', 'tool'] as const;
export type MaterialFormat = (typeof MATERIAL_FORMATS)[number];

export const MATERIAL_FORMAT_LABELS: Record<MaterialFormat, Text> = {
  handbook: { ja: 'ハンドブック・冊子', en: 'Handbook' },
  leaflet: { ja: 'リーフレット・チラシ', en: 'Leaflet' },
  poster: { ja: 'ポスター', en: 'Poster' },
  slides: { ja: '講義資料・スライド', en: 'Slides' },
  video: { ja: '動画', en: 'Video' },
  game: { ja: 'ゲーム・クイズ', en: 'Game or quiz' },
  teaching_plan: { ja: '指導案・授業案', en: 'Teaching plan' },
  checklist: { ja: 'チェックリスト', en: 'Checklist' },
  guideline: { ja: 'ガイドライン・手引き', en: 'Guideline' },
  tool: { ja: 'ツール', en: 'Tool' },
};

export const MATERIAL_LANGUAGES = ['ja', 'en', 'other'] as const;
export type MaterialLanguage = (typeof MATERIAL_LANGUAGES)[number];

export const MATERIAL_LANGUAGE_LABELS: Record<MaterialLanguage, Text> = {
  ja: { ja: '日本語', en: 'Japanese' },
  en: { ja: '英語', en: 'English' },
  other: { ja: 'その他の言語', en: 'Other languages' },
};

export const LICENCES = ['pdl-1.0', 'cc-by-4.0', 'cc-by-sa-4.0', 'cc-by-nc-4.0', 'cc0-1.0', 'gov-standard', 'all-rights-reserved'] as const;
export type Licence = (typeof LICENCES)[number];

export interface LicenceInfo {
  label: Text;
  /** Where the licence's terms are published (null: ask the owner). */
  url: string | null;
  /** Whether others may copy and share the material without asking. */
  reusable: boolean;
}

export const LICENCE_INFO: Record<Licence, LicenceInfo> = {
  'pdl-1.0': { label: { ja: '公共データ利用規約（第1.0版）PDL1.0', en: 'Public Data License (PDL) 1.0' }, url: 'https://www.digital.go.jp/resources/open_data/public_data_license_v1.0', reusable: true },
  'cc-by-4.0': { label: { ja: 'クリエイティブ・コモンズ 表示 4.0（CC BY 4.0）', en: 'Creative Commons Attribution 4.0 (CC BY 4.0)' }, url: 'https://creativecommons.org/licenses/by/4.0/deed.ja', reusable: true },
  'cc-by-sa-4.0': { label: { ja: 'クリエイティブ・コモンズ 表示-継承 4.0（CC BY-SA 4.0）', en: 'Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)' }, url: 'https://creativecommons.org/licenses/by-sa/4.0/deed.ja', reusable: true },
  'cc-by-nc-4.0': { label: { ja: 'クリエイティブ・コモンズ 表示-非営利 4.0（CC BY-NC 4.0）', en: 'Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)' }, url: 'https://creativecommons.org/licenses/by-nc/4.0/deed.ja', reusable: true },
  'cc0-1.0': { label: { ja: 'CC0（権利放棄）', en: 'CC0 (public domain dedication)' }, url: 'https://creativecommons.org/publicdomain/zero/1.0/deed.ja', reusable: true },
  'gov-standard': { label: { ja: '政府標準利用規約（第2.0版）', en: 'Government of Japan Standard Terms of Use 2.0' }, url: 'https://cio.go.jp/policy-opendata', reusable: true },
  'all-rights-reserved': { label: { ja: '著作権者に利用を確認（All rights reserved）', en: 'All rights reserved — ask the owner' }, url: null, reusable: false },
};

/** What the uploaded file of a revision is: its bytes by hash (never by name), its type from its content. */
export interface MaterialFileRef {
  sha256: string;
  size: number;
  mediaType: string;
  /** Sanitised display name. */
  name: string;
  uploadedAt: string;
}

/** The fields an organisation edits (one content revision). */
export interface MaterialPayload {
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  format: MaterialFormat;
  audiences: Audience[];
  language: MaterialLanguage;
  licence: Licence;
  attribution: string;
  version: string;
  /** YYYY-MM-DD or null. */
  issuedOn: string | null;
  url: string | null;
  file: MaterialFileRef | null;
  /** Public ids of the initiatives this material belongs to. */
  initiatives: number[];
  /** Public ids of the events this material belongs to. */
  events: number[];
}

export interface MaterialFileVersion {
  id: number;
  version: number;
  sha256: string;
  size: number;
  mediaType: string;
  name: string;
  downloads: number;
  createdAt: string;
}

export interface MaterialOrganisation {
  id: number;
  slug: string;
  nameJa: string;
  nameEn: string;
  abbreviation: string | null;
}

export interface LinkedTarget {
  kind: 'initiative' | 'event';
  id: number;
  titleJa: string;
  titleEn: string;
}

/** A published material as the library shows it. */
export interface Material {
  id: number;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  format: MaterialFormat;
  audiences: Audience[];
  language: MaterialLanguage;
  licence: Licence;
  attribution: string;
  version: string;
  issuedOn: string | null;
  url: string | null;
  organisations: MaterialOrganisation[];
  /** The current file (the approved revision's), if any. */
  file: MaterialFileVersion | null;
  /** Every published version, newest first (the current one included). */
  files: MaterialFileVersion[];
  links: LinkedTarget[];
  confirmedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const MATERIAL_SORTS = ['relevance', 'newest', 'title'] as const;
export type MaterialSort = (typeof MATERIAL_SORTS)[number];

export interface MaterialFilters {
  q: string;
  audiences: Audience[];
  formats: MaterialFormat[];
  licences: Licence[];
  languages: MaterialLanguage[];
  /** Organisation slugs. */
  orgs: string[];
}

export interface MaterialFacets {
  audience: Map<string, number>;
  format: Map<string, number>;
  licence: Map<string, number>;
  language: Map<string, number>;
  /** Organisation slug → count, with the organisation's names. */
  org: { org: MaterialOrganisation; count: number }[];
}

export interface MaterialPage {
  filters: MaterialFilters;
  sort: MaterialSort;
  page: number;
  pageSize: number;
  total: number;
  items: Material[];
  facets: MaterialFacets;
}

/** Media types the library accepts, decided from the content (src/materials/detect.ts). */
export const MEDIA_TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (PPTX)',
  'video/mp4': 'MP4',
  'text/plain': 'Text',
  'text/csv': 'CSV',
};

export function isPreviewableImage(mediaType: string): boolean {
  return mediaType === 'image/png' || mediaType === 'image/jpeg' || mediaType === 'image/gif' || mediaType === 'image/webp';
}
