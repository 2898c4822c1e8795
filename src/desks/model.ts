// Consultation desks (相談窓口): what they help with, for whom, how to reach them. The topic and
// "for whom" slugs are the public contract of URLs, the API and the guided path's rules.
import type { Text } from '../i18n/locale.ts';
import type { Audience } from '../taxonomy/taxonomy.ts';

export const DESK_TOPICS = [
  'fraud',
  'phishing',
  'spam_email',
  'account_takeover',
  'malware',
  'targeted_attack',
  'data_leak',
  'sns_harassment',
  'company_incident',
  'consumer_trouble',
  'general',
] as const;
export type DeskTopic = (typeof DESK_TOPICS)[number];

export const DESK_TOPIC_LABELS: Record<DeskTopic, Text> = {
  fraud: { ja: '詐欺・お金の被害', en: 'Fraud and money taken' },
  phishing: { ja: 'フィッシング（偽サイト・偽メッセージ）', en: 'Phishing (fake sites and messages)' },
  spam_email: { ja: '迷惑メール', en: 'Unwanted email' },
  account_takeover: { ja: 'アカウントの乗っ取り・不正アクセス', en: 'Account taken over, unauthorised access' },
  malware: { ja: 'ウイルス・ランサムウェア', en: 'Viruses and ransomware' },
  targeted_attack: { ja: '標的型攻撃', en: 'Targeted attacks' },
  data_leak: { ja: '個人情報の漏えい', en: 'Personal data leaks' },
  sns_harassment: { ja: 'SNSでの誹謗中傷', en: 'Harassment on social media' },
  company_incident: { ja: '会社・組織のセキュリティ事故', en: 'Security incidents at a company or organisation' },
  consumer_trouble: { ja: '消費者トラブル（契約・請求）', en: 'Consumer trouble (contracts, bills)' },
  general: { ja: 'セキュリティの一般的な相談', en: 'General security questions' },
};

/** For whom a desk is: the program's audiences grouped as people ask about them. */
export const DESK_AUDIENCES = ['individuals', 'sme', 'large_enterprise', 'education', 'local_government'] as const;
export type DeskAudience = (typeof DESK_AUDIENCES)[number];

export const DESK_AUDIENCE_LABELS: Record<DeskAudience, Text> = {
  individuals: { ja: '個人', en: 'Individuals' },
  sme: { ja: '中小企業・小規模事業者', en: 'Small firms (SMEs)' },
  large_enterprise: { ja: '大企業', en: 'Large firms' },
  education: { ja: '学校・教育機関', en: 'Schools' },
  local_government: { ja: '地方自治体', en: 'Municipalities' },
};

/** The program's audiences (taxonomy) each "for whom" stands for: materials are tagged with those. */
export const DESK_AUDIENCE_TAXONOMY: Record<DeskAudience, Audience[]> = {
  individuals: ['youth', 'working_age', 'seniors'],
  sme: ['micro_business', 'sme'],
  large_enterprise: ['large_enterprise'],
  education: ['education'],
  local_government: ['local_government'],
};

export const isDeskTopic = (s: string): s is DeskTopic => (DESK_TOPICS as readonly string[]).includes(s);
export const isDeskAudience = (s: string): s is DeskAudience => (DESK_AUDIENCES as readonly string[]).includes(s);

/** The fields of a desk the program office edits (and the seed supplies). */
export interface DeskInput {
  slug: string;
  operatorJa: string;
  operatorEn: string;
  nameJa: string;
  nameEn: string;
  summaryJa: string;
  summaryEn: string;
  topics: DeskTopic[];
  audiences: DeskAudience[];
  phone: string | null;
  webUrl: string | null;
  email: string | null;
  hoursJa: string;
  hoursEn: string;
  /** JIS X 0401 code, or null for a national desk. */
  prefecture: string | null;
  sourceName: string;
  sourceUrl: string | null;
  /** YYYY-MM-DD. */
  checkedOn: string;
  judged: boolean;
  judgementNote: string;
  position: number;
}

export interface Desk extends DeskInput {
  id: number;
  createdAt: string;
  updatedAt: string;
}

export interface DeskFilters {
  topic: DeskTopic | null;
  audience: DeskAudience | null;
  /** A prefecture shows its own desks and the national ones. */
  prefecture: string | null;
}

/** A phone number as a tel: URI ('#' must be escaped there: #9110 → tel:%239110). */
export function telHref(phone: string): string {
  return 'tel:' + phone.replace(/[^0-9#+*]/g, '').replace(/#/g, '%23');
}
