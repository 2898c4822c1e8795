// The program's taxonomy (PRODUCT.md, from the reference tables on pages 5–6 of the source document).
// Slugs are the public contract: URLs, API and CSV use them, so they never change once published.

export const AUDIENCES = [
  'youth',
  'working_age',
  'seniors',
  'micro_business',
  'sme',
  'large_enterprise',
  'education',
  'local_government',
] as const;
export type Audience = (typeof AUDIENCES)[number];

export const AUDIENCE_GROUPS = ['individuals', 'organisations'] as const;
export type AudienceGroup = (typeof AUDIENCE_GROUPS)[number];

export const METHODS = ['events', 'tools', 'info_desk'] as const;
export type Method = (typeof METHODS)[number];

export const SECTORS = ['public', 'private'] as const;
export type Sector = (typeof SECTORS)[number];

export const ORGANISATION_KINDS = [
  'government',
  'police',
  'independent_agency',
  'association',
  'industry_group',
  'company',
  'education',
  'municipality',
  'community',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const INITIATIVE_STATUSES = ['active', 'ended'] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

/** Fields of an initiative whose value was judged by the editors rather than read from the source. */
export const JUDGEABLE_FIELDS = ['audiences', 'methods', 'regions', 'summary', 'title_en', 'url', 'measures'] as const;
export type JudgeableField = (typeof JUDGEABLE_FIELDS)[number];

export interface Label {
  ja: string;
  en: string;
}

export const AUDIENCE_LABELS: Record<Audience, Label & { group: AudienceGroup }> = {
  youth: { ja: '若年層', en: 'Young people', group: 'individuals' },
  working_age: { ja: '就労世代', en: 'Working-age adults', group: 'individuals' },
  seniors: { ja: '高齢者', en: 'Older people', group: 'individuals' },
  micro_business: { ja: '小規模企業者', en: 'Micro businesses', group: 'organisations' },
  sme: { ja: '中小企業', en: 'SMEs', group: 'organisations' },
  large_enterprise: { ja: '大企業', en: 'Large enterprises', group: 'organisations' },
  education: { ja: '教育機関', en: 'Educational institutions', group: 'organisations' },
  local_government: { ja: '地方自治体', en: 'Local governments', group: 'organisations' },
};

export const AUDIENCE_GROUP_LABELS: Record<AudienceGroup, Label> = {
  individuals: { ja: '個人', en: 'Individuals' },
  organisations: { ja: '組織', en: 'Organisations' },
};

export const METHOD_LABELS: Record<Method, Label> = {
  events: { ja: 'セミナー、イベント等', en: 'Seminars and events' },
  tools: { ja: 'ツール・コンテンツ提供', en: 'Tools and content' },
  info_desk: { ja: 'タイムリーな情報発信・相談窓口', en: 'Timely information and help desks' },
};

export const SECTOR_LABELS: Record<Sector, Label> = {
  public: { ja: '公的機関における取組', en: 'Public sector' },
  private: { ja: '民間における取組', en: 'Private sector' },
};

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, Label> = {
  government: { ja: '府省庁・国の機関', en: 'Government ministry or agency' },
  police: { ja: '警察', en: 'Police' },
  independent_agency: { ja: '独立行政法人等', en: 'Independent administrative agency' },
  association: { ja: '団体・協議会', en: 'Association or council' },
  industry_group: { ja: '経済団体・業界団体', en: 'Industry body' },
  company: { ja: '企業', en: 'Company' },
  education: { ja: '教育機関', en: 'Educational institution' },
  municipality: { ja: '地方公共団体', en: 'Local government' },
  community: { ja: '地域コミュニティ', en: 'Regional community' },
};

export const INITIATIVE_STATUS_LABELS: Record<InitiativeStatus, Label> = {
  active: { ja: '実施中', en: 'Active' },
  ended: { ja: '終了', en: 'Ended' },
};

export const JUDGEABLE_FIELD_LABELS: Record<JudgeableField, Label> = {
  audiences: { ja: '対象', en: 'Audiences' },
  methods: { ja: '手法', en: 'Methods' },
  regions: { ja: '地域', en: 'Regions' },
  summary: { ja: '概要', en: 'Summary' },
  title_en: { ja: '英語名', en: 'English title' },
  url: { ja: 'URL', en: 'URL' },
  measures: { ja: '戦略上の位置付け', en: 'Strategy measures' },
};
