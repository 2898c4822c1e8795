// The attributes a person or a firm may choose to give with a self-check or a declaration, shared by the
// self-checks (stored beside the anonymous answers), the declarations registry and, later, the evaluation.
// Stored as these codes; the labels are for display. Bands are coarse on purpose: together with a
// prefecture and a date they must never single anyone out.
import type { Label } from './taxonomy.ts';

export const AGE_BANDS = ['u20', '20s', '30s', '40s', '50s', '60s', '70s', '80p'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, Label> = {
  u20: { ja: '19歳以下', en: '19 or younger' },
  '20s': { ja: '20歳代', en: '20–29' },
  '30s': { ja: '30歳代', en: '30–39' },
  '40s': { ja: '40歳代', en: '40–49' },
  '50s': { ja: '50歳代', en: '50–59' },
  '60s': { ja: '60歳代', en: '60–69' },
  '70s': { ja: '70歳代', en: '70–79' },
  '80p': { ja: '80歳以上', en: '80 or older' },
};

/** Employees, including the owner. 'sole' is a sole proprietor or a one-person company. */
export const SIZE_BANDS = ['sole', '2-5', '6-20', '21-50', '51-100', '101-300', '301p'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];
export const SIZE_BAND_LABELS: Record<SizeBand, Label> = {
  sole: { ja: '1人（個人事業主など）', en: '1 (sole proprietor and similar)' },
  '2-5': { ja: '2〜5人', en: '2–5 people' },
  '6-20': { ja: '6〜20人', en: '6–20 people' },
  '21-50': { ja: '21〜50人', en: '21–50 people' },
  '51-100': { ja: '51〜100人', en: '51–100 people' },
  '101-300': { ja: '101〜300人', en: '101–300 people' },
  '301p': { ja: '301人以上', en: '301 or more people' },
};

/**
 * Industries: the 20 divisions (大分類 A–T) of the Japan Standard Industrial Classification
 * (日本標準産業分類, 総務省, 第14回改定 2023-07). Codes are the division letters.
 */
export const INDUSTRIES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T'] as const;
export type Industry = (typeof INDUSTRIES)[number];
export const INDUSTRY_LABELS: Record<Industry, Label> = {
  A: { ja: '農業，林業', en: 'Agriculture and forestry' },
  B: { ja: '漁業', en: 'Fisheries' },
  C: { ja: '鉱業，採石業，砂利採取業', en: 'Mining and quarrying of stone and gravel' },
  D: { ja: '建設業', en: 'Construction' },
  E: { ja: '製造業', en: 'Manufacturing' },
  F: { ja: '電気・ガス・熱供給・水道業', en: 'Electricity, gas, heat supply and water' },
  G: { ja: '情報通信業', en: 'Information and communications' },
  H: { ja: '運輸業，郵便業', en: 'Transport and postal activities' },
  I: { ja: '卸売業，小売業', en: 'Wholesale and retail trade' },
  J: { ja: '金融業，保険業', en: 'Finance and insurance' },
  K: { ja: '不動産業，物品賃貸業', en: 'Real estate and goods rental and leasing' },
  L: { ja: '学術研究，専門・技術サービス業', en: 'Scientific research, professional and technical services' },
  M: { ja: '宿泊業，飲食サービス業', en: 'Accommodations, eating and drinking services' },
  N: { ja: '生活関連サービス業，娯楽業', en: 'Living-related and personal services and amusement services' },
  O: { ja: '教育，学習支援業', en: 'Education, learning support' },
  P: { ja: '医療，福祉', en: 'Medical, health care and welfare' },
  Q: { ja: '複合サービス事業', en: 'Compound services' },
  R: { ja: 'サービス業（他に分類されないもの）', en: 'Services, not elsewhere classified' },
  S: { ja: '公務（他に分類されるものを除く）', en: 'Government, except elsewhere classified' },
  T: { ja: '分類不能の産業', en: 'Industries unable to classify' },
};
export const INDUSTRY_SOURCE = { ja: '日本標準産業分類（総務省、第14回改定、2023年7月）の大分類', en: 'Divisions of the Japan Standard Industrial Classification (MIC, 14th revision, July 2023)' };

export const isAgeBand = (s: unknown): s is AgeBand => typeof s === 'string' && (AGE_BANDS as readonly string[]).includes(s);
export const isSizeBand = (s: unknown): s is SizeBand => typeof s === 'string' && (SIZE_BANDS as readonly string[]).includes(s);
export const isIndustry = (s: unknown): s is Industry => typeof s === 'string' && (INDUSTRIES as readonly string[]).includes(s);
