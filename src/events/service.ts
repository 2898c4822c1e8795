// Finding events: the paged list, the month calendar and the prefecture map, all from the same
// filters and the same SQL (repository.whereEvents), so their numbers agree.
import type { Db } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import { PREFECTURES } from '../taxonomy/prefectures.ts';
import { notFound, Problem } from '../web/problem.ts';
import { holidayOn } from './holidays.ts';
import type { EventFilters, EventPage, PublicEvent } from './model.ts';
import { countEvents, countsByPrefecture, countWithoutPrefecture, eventIds, loadEvents } from './repository.ts';
import { BAD_QUERY } from './schema.ts';
import { addDays, firstOfMonth, lastOfMonth, weekday } from './time.ts';

export const PAGE_SIZE = 20;
/** A feed or a calendar month never carries more than this many events. */
export const MAX_FEED_EVENTS = 2000;

/** An unknown campaign in the filters is a mistake in the request (400), not an empty list. */
export async function checkFilters(db: Db, f: EventFilters): Promise<void> {
  if (f.campaignId === null) return;
  const c = await db.selectFrom('campaigns').select('id').where('id', '=', f.campaignId).executeTakeFirst();
  if (!c) {
    throw new Problem(400, 'invalid_request', BAD_QUERY, [
      { param: 'campaign', message: { ja: `キャンペーン（campaign）「${f.campaignId}」は見つかりません。キャンペーンの一覧から選んでください。`, en: `There is no campaign ${f.campaignId}. Choose one from the list of campaigns.` } },
    ]);
  }
}

export function lastPage(total: number, pageSize = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export async function browseEvents(db: Db, f: EventFilters, page: number, now: string, pageSize = PAGE_SIZE): Promise<EventPage> {
  await checkFilters(db, f);
  const total = await countEvents(db, f, now);
  if (page > 1 && page > lastPage(total, pageSize)) {
    throw notFound({ ja: 'このページ番号には、表示するイベントがありません。', en: 'There are no events on this page number.' });
  }
  const ids = await eventIds(db, f, now, { limit: pageSize, offset: (page - 1) * pageSize });
  return { filters: f, items: await loadEvents(db, ids), total, page, pageSize };
}

/** Every event of a filtered list (feeds), up to MAX_FEED_EVENTS, in list order. */
export async function allEvents(db: Db, f: EventFilters, now: string): Promise<PublicEvent[]> {
  await checkFilters(db, f);
  return loadEvents(db, await eventIds(db, f, now, { limit: MAX_FEED_EVENTS, offset: 0 }));
}

export interface CalendarDay {
  date: string;
  inMonth: boolean;
  holiday: Text | undefined;
  events: PublicEvent[];
}

export interface CalendarMonth {
  month: string;
  filters: EventFilters;
  /** The same list as /events with from/to set to the month (past and upcoming). */
  monthFilters: EventFilters;
  weeks: CalendarDay[][];
  events: PublicEvent[];
}

/** The month's grid, Sunday first (as Japanese calendars are), each day with its holiday and events. */
export async function calendarMonth(db: Db, f: EventFilters, month: string, now: string): Promise<CalendarMonth> {
  const first = firstOfMonth(month);
  const last = lastOfMonth(month);
  const monthFilters: EventFilters = { ...f, from: first, to: last, when: 'all' };
  const events = await allEvents(db, monthFilters, now);
  const start = addDays(first, -weekday(first));
  const end = addDays(last, 6 - weekday(last));
  const weeks: CalendarDay[][] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) {
    if (weekday(d) === 0) weeks.push([]);
    const inMonth = d >= first && d <= last;
    weeks[weeks.length - 1]!.push({ date: d, inMonth, holiday: holidayOn(d), events: inMonth ? events.filter((e) => e.startDate <= d && e.endDate >= d) : [] });
  }
  return { month, filters: f, monthFilters, weeks, events };
}

export interface PrefectureCount {
  code: string;
  count: number;
}

export interface EventMap {
  filters: EventFilters;
  counts: PrefectureCount[];
  /** Matching events without a prefecture (online only): no tile can show them. */
  withoutPrefecture: number;
  total: number;
}

/** Events per prefecture under every filter but the place (each tile links to the list for that prefecture). */
export async function eventMap(db: Db, f: EventFilters, now: string): Promise<EventMap> {
  await checkFilters(db, f);
  const counts = await countsByPrefecture(db, f, now);
  const withoutPrefecture = await countWithoutPrefecture(db, f, now);
  const list = PREFECTURES.map((p) => ({ code: p.code, count: counts.get(p.code) ?? 0 }));
  return { filters: f, counts: list, withoutPrefecture, total: list.reduce((n, c) => n + c.count, 0) + withoutPrefecture };
}
