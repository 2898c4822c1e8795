// Partner feeds: what an organisation registers (an address, what it carries, the defaults its entries
// need) and what the portal reports about each fetch. Views receive these objects, never rows.
import type { Text } from '../i18n/locale.ts';
import type { Attendance } from '../events/model.ts';
import type { Licence, MaterialFormat, MaterialLanguage } from '../materials/model.ts';
import type { Audience } from '../taxonomy/taxonomy.ts';

export const FEED_KINDS = ['events', 'materials'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const FEED_KIND_LABELS: Record<FeedKind, Text> = {
  events: { ja: 'iCalendar（.ics）→ イベント', en: 'iCalendar (.ics) → events' },
  materials: { ja: 'Atom / RSS → 教材', en: 'Atom / RSS → materials' },
};

/** What every event entry needs that an iCalendar feed does not carry. */
export interface EventDefaults {
  audiences: Audience[];
  attendance: Attendance;
  prefecture: string | null;
  feeYen: number;
}

/** What every material entry needs that an Atom/RSS feed does not carry. */
export interface MaterialDefaults {
  audiences: Audience[];
  format: MaterialFormat;
  language: MaterialLanguage;
  licence: Licence;
  attribution: string;
}

export type FeedDefaults = { kind: 'events'; events: EventDefaults } | { kind: 'materials'; materials: MaterialDefaults };

export interface FeedSettings {
  name: string;
  url: string;
  defaults: FeedDefaults;
}

export interface RefusedEntry {
  title: string;
  reason: Text;
}

export interface FeedStatus {
  lastFetchAt: string | null;
  lastResult: 'ok' | 'not_modified' | 'failed' | null;
  lastErrorCode: string | null;
  lastErrorDetail: string | null;
  seen: number;
  created: number;
  updated: number;
  cancelled: number;
  refused: number;
  refusedEntries: RefusedEntry[];
  consecutiveFailures: number;
}

export interface Feed extends FeedSettings {
  id: number;
  organisationId: number;
  createdBy: number;
  kind: FeedKind;
  status: 'active' | 'paused';
  allowPrivate: boolean;
  etag: string | null;
  lastModified: string | null;
  lastManualAt: string | null;
  state: FeedStatus;
  createdAt: string;
  updatedAt: string;
}

/** Why a fetch failed, in words the owner can act on. Stored as the key; shown in the reader's language. */
export const FETCH_ERRORS: Record<string, Text> = {
  timeout: {
    ja: '時間内に応答が終わりませんでした（応答がない、または少しずつしか届かない）。サーバーが動いているか、URLが正しいかを確認してください。',
    en: 'The answer did not finish in time (no answer, or one that trickles in). Check that the server is up and the address is right.',
  },
  too_large: {
    ja: 'フィードが大きすぎるため、上限で読むのをやめました。古い項目を減らすなど、フィードを小さくしてください。',
    en: 'The feed is too large, so reading stopped at the limit. Make it smaller, for example by leaving out old entries.',
  },
  html: {
    ja: 'このアドレスはフィードではなくウェブページを返しています。ページのURLではなく、フィード（.ics や RSS/Atom）のURLを登録してください。',
    en: 'This address answers with a web page, not a feed. Register the address of the feed itself (.ics, RSS or Atom), not of a page.',
  },
  not_feed: {
    ja: 'フィードとして読めませんでした。種類（iCalendar か Atom/RSS か）が登録と合っているか、形式が正しいかを確認してください。',
    en: 'The answer could not be read as a feed. Check that its type (iCalendar or Atom/RSS) matches what you registered and that it is well formed.',
  },
  http_status: {
    ja: 'サーバーがエラーを返しました。URLが正しいか、フィードが公開されているかを確認してください。',
    en: 'The server answered with an error. Check the address and that the feed is published.',
  },
  private_address: {
    ja: '内部ネットワークのアドレス（ループバック、プライベート、リンクローカルなど）を指しているため、取得しませんでした。インターネットから届くURLにしてください。',
    en: 'The address (or a redirect) points to an internal network address (loopback, private, link-local…), so it was not fetched. Use an address reachable from the internet.',
  },
  too_many_redirects: {
    ja: '転送（リダイレクト）が多すぎます。転送先の最終的なURLを登録してください。',
    en: 'Too many redirects. Register the final address instead.',
  },
  bad_redirect: {
    ja: '転送先のURLが正しくないか、https ではありません。転送先の最終的なURLを登録してください。',
    en: 'A redirect pointed to an invalid or non-https address. Register the final address instead.',
  },
  dns: {
    ja: 'ホスト名が見つかりません（DNSで名前を解決できません）。URLの綴りを確認してください。',
    en: 'The host name was not found (DNS does not resolve it). Check the spelling of the address.',
  },
  network: {
    ja: 'サーバーに接続できませんでした。しばらくしても続く場合は、サーバーの状態を確認してください。',
    en: 'The server could not be reached. If this goes on, check the server.',
  },
};

export function fetchErrorText(code: string | null): Text {
  return (code && FETCH_ERRORS[code]) || FETCH_ERRORS.network!;
}
