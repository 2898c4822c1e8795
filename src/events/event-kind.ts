// Events as content of the shared publishing workflow (content/service.ts): how a version is shown
// to reviewers, how two versions differ, and how the approved version is written to (and removed
// from) the public tables that the event pages, the feeds and the API read.
import type { ContentKindHandler, FieldChange, OrganisationName, Writer } from '../content/model.ts';
import { formatNumber, type Locale, type Text } from '../i18n/locale.ts';
import { prefectureByCode } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS } from '../taxonomy/taxonomy.ts';
import { enqueueDispatch } from '../outbox/enqueue.ts';
import { normaliseEventPayload } from './form.ts';
import { ATTENDANCE_LABELS, type EventPayload } from './model.ts';
import { eventInstants, formatEventWhen, isValidDate } from './time.ts';

export const EVENT_KIND = 'event';

/** A version's payload as stored, plus the names of what its ids point at (set by the server, for reviewers). */
export type StoredEventPayload = EventPayload & { campaignTitle?: Text; initiativeTitle?: Text };

export function eventTitle(p: EventPayload): Text {
  return { ja: p.titleJa, en: p.titleEn || p.titleJa };
}

const list = (l: Locale, xs: string[]) => xs.join(l === 'ja' ? '、' : ', ');

function whenText(p: EventPayload, l: Locale): string {
  if (!isValidDate(p.startDate)) return p.startDate;
  return formatEventWhen(l, { ...p, endDate: p.endDate || p.startDate });
}

function feeText(p: EventPayload, l: Locale): string {
  if (p.feeYen === null) return '';
  if (p.feeYen === 0) return l === 'ja' ? '無料' : 'Free';
  return l === 'ja' ? `${formatNumber(l, p.feeYen)}円` : `¥${formatNumber(l, p.feeYen)}`;
}

const FIELDS: { field: string; label: Text; show: (p: StoredEventPayload, l: Locale) => string }[] = [
  { field: 'titleJa', label: { ja: 'イベント名（日本語）', en: 'Name (Japanese)' }, show: (p) => p.titleJa },
  { field: 'titleEn', label: { ja: 'イベント名（英語）', en: 'Name (English)' }, show: (p) => p.titleEn },
  { field: 'descriptionJa', label: { ja: '内容（日本語）', en: 'Description (Japanese)' }, show: (p) => p.descriptionJa },
  { field: 'descriptionEn', label: { ja: '内容（英語）', en: 'Description (English)' }, show: (p) => p.descriptionEn },
  { field: 'when', label: { ja: '日時', en: 'When' }, show: whenText },
  { field: 'attendance', label: { ja: '開催形式', en: 'Format' }, show: (p, l) => ATTENDANCE_LABELS[p.attendance]?.[l] ?? '' },
  { field: 'venueJa', label: { ja: '会場（日本語）', en: 'Venue (Japanese)' }, show: (p) => p.venueJa },
  { field: 'venueEn', label: { ja: '会場（英語）', en: 'Venue (English)' }, show: (p) => p.venueEn },
  { field: 'prefecture', label: { ja: '都道府県', en: 'Prefecture' }, show: (p, l) => (p.prefecture ? (prefectureByCode(p.prefecture)?.[l] ?? p.prefecture) : '') },
  { field: 'audiences', label: { ja: '対象', en: 'Audiences' }, show: (p, l) => list(l, p.audiences.map((a) => AUDIENCE_LABELS[a]?.[l] ?? a)) },
  { field: 'feeYen', label: { ja: '参加費', en: 'Fee' }, show: feeText },
  { field: 'capacity', label: { ja: '定員', en: 'Capacity' }, show: (p, l) => (p.capacity === null ? '' : formatNumber(l, p.capacity)) },
  { field: 'registrationUrl', label: { ja: '申込みページ', en: 'Registration page' }, show: (p) => p.registrationUrl ?? '' },
  { field: 'accessibilityJa', label: { ja: 'アクセシビリティ（日本語）', en: 'Accessibility (Japanese)' }, show: (p) => p.accessibilityJa },
  { field: 'accessibilityEn', label: { ja: 'アクセシビリティ（英語）', en: 'Accessibility (English)' }, show: (p) => p.accessibilityEn },
  { field: 'initiative', label: { ja: '関連する取組', en: 'Initiative' }, show: (p, l) => (p.initiativeId === null ? '' : (p.initiativeTitle?.[l] ?? `#${p.initiativeId}`)) },
  { field: 'campaign', label: { ja: 'キャンペーン', en: 'Campaign' }, show: (p, l) => (p.campaignId === null ? '' : (p.campaignTitle?.[l] ?? `#${p.campaignId}`)) },
  { field: 'cancelled', label: { ja: '中止', en: 'Cancelled' }, show: (p, l) => (p.cancelled ? (l === 'ja' ? '中止' : 'Cancelled') : '') },
];

export function describeEvent(p: StoredEventPayload, locale: Locale): { label: Text; value: string }[] {
  const n = { ...normaliseEventPayload(p), campaignTitle: p.campaignTitle, initiativeTitle: p.initiativeTitle };
  return FIELDS.map((f) => ({ label: f.label, value: f.show(n, locale) }));
}

export function diffEvent(before: StoredEventPayload | null, after: StoredEventPayload, locale: Locale): FieldChange[] {
  const b = before ? { ...normaliseEventPayload(before), campaignTitle: before.campaignTitle, initiativeTitle: before.initiativeTitle } : null;
  const a = { ...normaliseEventPayload(after), campaignTitle: after.campaignTitle, initiativeTitle: after.initiativeTitle };
  const out: FieldChange[] = [];
  for (const f of FIELDS) {
    const x = b ? f.show(b, locale) : '';
    const y = f.show(a, locale);
    if (x !== y) out.push({ field: f.field, label: f.label, before: x, after: y });
  }
  return out;
}

/**
 * Writes the approved version into the public tables inside the caller's transaction: a new row, or
 * the same id updated (or restored, after unpublishing). Every publication raises the iCalendar
 * SEQUENCE, so calendar apps replace the copy they hold.
 */
export async function publishEvent(
  w: Writer,
  args: { itemId: number; publicId: number | null; payload: StoredEventPayload; organisers: OrganisationName[]; confirmedAt: string | null; now: string; ownerSubmitted?: boolean; baseUrl?: string },
): Promise<number> {
  const p = normaliseEventPayload(args.payload);
  const endDate = p.endDate || p.startDate;
  const { startAt, endAt } = eventInstants({ ...p, endDate });
  const row = {
    item_id: args.itemId,
    title_ja: p.titleJa,
    title_en: p.titleEn || p.titleJa,
    description_ja: p.descriptionJa,
    description_en: p.descriptionEn || p.descriptionJa,
    initiative_id: p.initiativeId,
    start_at: startAt,
    end_at: endAt,
    start_date: p.startDate,
    end_date: endDate,
    all_day: p.allDay ? 1 : 0,
    start_time: p.allDay ? null : p.startTime,
    end_time: p.allDay ? null : p.endTime,
    attendance: p.attendance,
    venue_ja: p.venueJa,
    venue_en: p.venueEn || p.venueJa,
    prefecture: p.prefecture ?? null,
    fee_yen: p.feeYen ?? 0,
    capacity: p.capacity,
    registration_url: p.registrationUrl,
    accessibility_ja: p.accessibilityJa,
    accessibility_en: p.accessibilityEn || p.accessibilityJa,
    campaign_id: p.campaignId,
    cancelled: p.cancelled ? 1 : 0,
    confirmed_at: args.confirmedAt,
    updated_at: args.now,
  };
  const db = w.db;
  let id: number;
  const existing = args.publicId !== null ? await db.selectFrom('events').select('id').where('id', '=', args.publicId).executeTakeFirst() : undefined;
  if (existing) {
    id = existing.id;
    await db.updateTable('events').set(row).where('id', '=', id).execute();
    await db.deleteFrom('event_organisations').where('event_id', '=', id).execute();
    await db.deleteFrom('event_audiences').where('event_id', '=', id).execute();
  } else {
    // A first publication gets a new id; a return after unpublishing keeps the id it had.
    const inserted = await db
      .insertInto('events')
      .values({ ...(args.publicId !== null ? { id: args.publicId } : {}), ...row, created_at: args.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = inserted.id;
  }
  const orgIds = [...new Set(args.organisers.map((o) => o.id))];
  if (orgIds.length) await db.insertInto('event_organisations').values(orgIds.map((organisation_id, position) => ({ event_id: id, organisation_id, position }))).execute();
  const audiences = [...new Set(p.audiences)];
  if (audiences.length) await db.insertInto('event_audiences').values(audiences.map((audience) => ({ event_id: id, audience }))).execute();
  const seq = await db.selectFrom('event_sequences').select('sequence').where('event_id', '=', id).executeTakeFirst();
  if (seq) await db.updateTable('event_sequences').set({ sequence: seq.sequence + 1, updated_at: args.now }).where('event_id', '=', id).execute();
  else await db.insertInto('event_sequences').values({ event_id: id, sequence: 0, updated_at: args.now }).execute();
  // A new event reaches the subscribers who asked for events, in the same transaction (outbox).
  // Events joined online (online, hybrid) concern the whole country; on-site ones their prefecture.
  if (args.publicId === null && args.ownerSubmitted) {
    const url = { ja: `${args.baseUrl ?? ''}/events/${id}`, en: `${args.baseUrl ?? ''}/en/events/${id}` };
    const online = p.attendance !== 'onsite';
    await enqueueDispatch(
      db,
      {
        topic: 'event',
        action: 'published',
        subjectId: id,
        title: { ja: row.title_ja, en: row.title_en },
        summary: { ja: `${whenText(p, 'ja')}\n${[row.venue_ja, online ? 'オンライン参加可' : ''].filter(Boolean).join('・')}`, en: `${whenText(p, 'en')}\n${[row.venue_en, online ? 'Can be joined online' : ''].filter(Boolean).join(', ')}` },
        url,
        audiences,
        prefectures: p.prefecture ? [p.prefecture] : [],
        nationwide: online || p.prefecture === null,
        publishedAt: args.now,
        startsAt: startAt,
      },
      args.now,
    );
  }
  return id;
}

/** Takes the event off the public pages and feeds; its sequence number stays for a later return. */
export async function unpublishEvent(w: Writer, publicId: number): Promise<void> {
  await w.db.deleteFrom('events').where('id', '=', publicId).execute();
}

export const eventHandler: ContentKindHandler<StoredEventPayload> = {
  kind: EVENT_KIND,
  label: { ja: 'イベント', en: 'event' },
  title: eventTitle,
  describe: describeEvent,
  diff: diffEvent,
  publicPath: (id) => `/events/${id}`,
  ownerPath: (id) => `/my/events/${id}`,
  publish: publishEvent,
  unpublish: unpublishEvent,
  async confirm(w, publicId, at) {
    await w.db.updateTable('events').set({ confirmed_at: at }).where('id', '=', publicId).execute();
  },
};
