// Sample published events for tests and the browser page sweep (never loaded by the app itself).
// They are written as the workflow writes an approved version: a content item owned by an
// organisation, revision 1 approved, and the public projection through the event handler.
import { insertItem, insertRevision, setOrganisers } from '../content/repository.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { publishEvent, EVENT_KIND, type StoredEventPayload } from './event-kind.ts';
import type { EventPayload } from './model.ts';

export const FIXTURE_NOW = '2026-11-26T03:00:00.000Z';

const base: Omit<EventPayload, 'titleJa' | 'titleEn' | 'startDate' | 'endDate' | 'startTime' | 'endTime' | 'allDay' | 'attendance' | 'prefecture' | 'audiences'> = {
  descriptionJa: 'スマートフォンの安全な使い方を、実機を使って学びます。',
  descriptionEn: 'Learn to use your smartphone safely, hands on.',
  initiativeId: null,
  venueJa: '',
  venueEn: '',
  feeYen: 0,
  capacity: null,
  registrationUrl: null,
  accessibilityJa: '',
  accessibilityEn: '',
  campaignId: null,
  cancelled: false,
};

/** `campaign: true` links the event to サイバーセキュリティ月間 2027 when that campaign is seeded. */
export const FIXTURE_EVENTS: (Omit<EventPayload, 'campaignId'> & { campaign?: boolean })[] = [
  {
    ...base,
    titleJa: '高齢者向けスマホ安全教室',
    titleEn: 'Smartphone safety class for older people',
    startDate: '2027-02-05',
    endDate: '2027-02-05',
    startTime: '13:30',
    endTime: '15:00',
    allDay: false,
    attendance: 'onsite',
    prefecture: '13',
    venueJa: '千代田区立公民館 第1会議室',
    venueEn: 'Chiyoda community hall, room 1',
    audiences: ['seniors'],
    capacity: 30,
    registrationUrl: 'https://example.org/apply',
    accessibilityJa: '車いすで入場できます。手話通訳があります。',
    accessibilityEn: 'Wheelchair accessible. Sign language interpretation.',
    campaign: true,
  },
  {
    ...base,
    titleJa: '中小企業のための情報セキュリティセミナー',
    titleEn: 'Information security seminar for SMEs',
    descriptionJa: 'SECURITY ACTIONの始め方と、取引先から求められる対策を解説します。',
    descriptionEn: 'How to start SECURITY ACTION, and the measures business partners ask for.',
    startDate: '2027-02-10',
    endDate: '2027-02-10',
    startTime: '14:00',
    endTime: '16:30',
    allDay: false,
    attendance: 'hybrid',
    prefecture: '27',
    venueJa: '大阪商工会館',
    venueEn: 'Osaka chamber of commerce hall',
    audiences: ['sme', 'micro_business'],
    feeYen: 1000,
    capacity: 100,
    campaign: true,
  },
  {
    ...base,
    titleJa: '若者のためのSNS安全講座（オンライン）',
    titleEn: 'Social media safety for young people (online)',
    descriptionJa: '知らないうちに加害者にならないために。',
    descriptionEn: 'So that you never become an offender without knowing it.',
    startDate: '2027-02-15',
    endDate: '2027-02-15',
    startTime: '19:00',
    endTime: '20:00',
    allDay: false,
    attendance: 'online',
    prefecture: null,
    venueJa: 'Zoom',
    venueEn: 'Zoom',
    audiences: ['youth'],
    campaign: true,
  },
  {
    ...base,
    titleJa: '北海道 地域セキュリティ勉強会',
    titleEn: 'Hokkaido local security study meeting',
    descriptionJa: '自治体と教育機関の担当者向けの2日間の勉強会。',
    descriptionEn: 'A two-day study meeting for local governments and schools.',
    startDate: '2027-03-01',
    endDate: '2027-03-02',
    startTime: null,
    endTime: null,
    allDay: true,
    attendance: 'onsite',
    prefecture: '01',
    venueJa: '札幌市内',
    venueEn: 'Sapporo',
    audiences: ['local_government', 'education'],
    cancelled: true,
    campaign: true,
  },
  {
    ...base,
    titleJa: '働く世代のための詐欺メール対策講座',
    titleEn: 'Spotting fraudulent email, for working adults',
    descriptionJa: '終了したイベントです。',
    descriptionEn: 'A past event.',
    startDate: '2026-10-10',
    endDate: '2026-10-10',
    startTime: '10:00',
    endTime: '12:00',
    allDay: false,
    attendance: 'onsite',
    prefecture: '40',
    venueJa: '福岡市立図書館',
    venueEn: 'Fukuoka city library',
    audiences: ['working_age'],
  },
];

/** Publishes the sample events, owned by the given organisation (the first one by default). Returns their public ids. */
export async function publishFixtureEvents(handle: DatabaseHandle, o: { ownerId?: number; now?: string } = {}): Promise<number[]> {
  const campaign = await handle.db.selectFrom('campaigns').select(['id', 'title_ja', 'title_en']).where('slug', '=', 'cybersecurity-month-2027').executeTakeFirst();
  const payloads = FIXTURE_EVENTS.map(({ campaign: inCampaign, ...e }): StoredEventPayload =>
    inCampaign && campaign ? { ...e, campaignId: campaign.id, campaignTitle: { ja: campaign.title_ja, en: campaign.title_en } } : { ...e, campaignId: null },
  );
  return publishPayloads(handle, payloads, o);
}

/** Publishes versions as approved revision 1 of new content items of one organisation. Returns the public ids, in order. */
export async function publishPayloads(handle: DatabaseHandle, payloads: StoredEventPayload[], o: { ownerId?: number; now?: string } = {}): Promise<number[]> {
  const now = o.now ?? FIXTURE_NOW;
  return handle.db.transaction().execute(async (trx) => {
    const ownerId = o.ownerId ?? (await trx.selectFrom('organisations').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
    const owner = await trx.selectFrom('organisations').select(['id', 'name_ja', 'name_en']).where('id', '=', ownerId).executeTakeFirstOrThrow();
    const ids: number[] = [];
    for (const payload of payloads) {
      const itemId = await insertItem(trx, { kind: EVENT_KIND, ownerId, createdBy: null, now });
      const revId = await insertRevision(trx, { itemId, payload, status: 'approved', authorId: null, now, reviewedAt: now });
      await setOrganisers(trx, itemId, [ownerId]);
      const publicId = await publishEvent({ db: trx, dialect: handle.dialect }, { itemId, publicId: null, payload, organisers: [{ id: owner.id, nameJa: owner.name_ja, nameEn: owner.name_en }], confirmedAt: now, now });
      await trx.updateTable('content_items').set({ public_id: publicId, is_public: 1, published_revision_id: revId, confirmed_at: now, updated_at: now }).where('id', '=', itemId).execute();
      ids.push(publicId);
    }
    return ids;
  });
}
