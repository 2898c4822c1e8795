// Domain objects of events and campaigns: what services return and views receive.
import type { Text } from '../i18n/locale.ts';
import type { RegionBlock } from '../taxonomy/prefectures.ts';
import type { Audience } from '../taxonomy/taxonomy.ts';

export const ATTENDANCES = ['onsite', 'online', 'hybrid'] as const;
export type Attendance = (typeof ATTENDANCES)[number];

export const ATTENDANCE_LABELS: Record<Attendance, Text> = {
  onsite: { ja: '会場', en: 'On site' },
  online: { ja: 'オンライン', en: 'Online' },
  hybrid: { ja: '会場とオンライン', en: 'On site and online' },
};

/** What an organisation edits: one revision of an event in the shared publishing workflow. */
export interface EventPayload {
  titleJa: string;
  titleEn: string;
  descriptionJa: string;
  descriptionEn: string;
  /** Public id of the initiative the event belongs to, if any. */
  initiativeId: number | null;
  audiences: Audience[];
  allDay: boolean;
  /** Japan dates (YYYY-MM-DD) and wall-clock times (HH:MM; null when all day). May be '' in a draft. */
  startDate: string;
  startTime: string | null;
  endDate: string;
  endTime: string | null;
  attendance: Attendance;
  venueJa: string;
  venueEn: string;
  prefecture: string | null;
  /** 0 = free. null only in an unfinished draft. */
  feeYen: number | null;
  capacity: number | null;
  registrationUrl: string | null;
  accessibilityJa: string;
  accessibilityEn: string;
  campaignId: number | null;
  cancelled: boolean;
}

export interface OrganiserRef {
  id: number;
  slug: string;
  nameJa: string;
  nameEn: string;
  abbreviation: string | null;
}

/** A published event as the public pages, the feeds and the API see it. */
export interface PublicEvent {
  id: number;
  itemId: number;
  titleJa: string;
  titleEn: string;
  descriptionJa: string;
  descriptionEn: string;
  organisers: OrganiserRef[];
  initiative: { id: number; titleJa: string; titleEn: string } | null;
  audiences: Audience[];
  allDay: boolean;
  startAt: string;
  endAt: string;
  startDate: string;
  endDate: string;
  startTime: string | null;
  endTime: string | null;
  attendance: Attendance;
  venueJa: string;
  venueEn: string;
  prefecture: string | null;
  feeYen: number;
  capacity: number | null;
  registrationUrl: string | null;
  accessibilityJa: string;
  accessibilityEn: string;
  campaign: { id: number; titleJa: string; titleEn: string } | null;
  cancelled: boolean;
  sequence: number;
  confirmedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const WHENS = ['upcoming', 'past', 'all'] as const;
export type When = (typeof WHENS)[number];

/** Filters shared by the list, the calendar, the map, the feeds and the API. */
export interface EventFilters {
  prefectures: string[];
  blocks: RegionBlock[];
  audiences: Audience[];
  /** Japan dates, both included: events overlapping [from, to]. */
  from: string | null;
  to: string | null;
  /** true: can be joined online (online or hybrid); false: on site only. */
  online: boolean | null;
  campaignId: number | null;
  when: When;
}

export const NO_FILTERS: EventFilters = { prefectures: [], blocks: [], audiences: [], from: null, to: null, online: null, campaignId: null, when: 'upcoming' };

export interface EventPage {
  filters: EventFilters;
  items: PublicEvent[];
  total: number;
  page: number;
  pageSize: number;
}

export interface CampaignTheme {
  id: number;
  position: number;
  titleJa: string;
  titleEn: string;
  descriptionJa: string;
  descriptionEn: string;
}

export const KIT_KINDS = ['banner', 'post', 'text', 'link'] as const;
export type KitKind = (typeof KIT_KINDS)[number];

export const KIT_KIND_LABELS: Record<KitKind, Text> = {
  banner: { ja: 'バナー', en: 'Banner' },
  post: { ja: 'SNS投稿例', en: 'Sample social media post' },
  text: { ja: '例文・告知文', en: 'Sample text' },
  link: { ja: '参考リンク', en: 'Link' },
};

export interface KitEntry {
  id: number;
  position: number;
  kind: KitKind;
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  url: string | null;
  materialId: number | null;
}

export const CAMPAIGN_JUDGEABLE = ['dates', 'summary', 'themes', 'kit', 'title_en'] as const;
export type CampaignJudgeable = (typeof CAMPAIGN_JUDGEABLE)[number];

export interface Campaign {
  id: number;
  slug: string | null;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  startDate: string;
  endDate: string;
  judged: CampaignJudgeable[];
  judgementNote: string;
  source: string;
  themes: CampaignTheme[];
  kit: KitEntry[];
  createdAt: string;
  updatedAt: string;
}

export interface EventReport {
  itemId: number;
  participants: number;
  audiences: Audience[];
  materialsUsed: string;
  notes: string;
  createdAt: string;
  updatedAt: string;
  updatedByName: string | null;
}
