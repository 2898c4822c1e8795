// What a widget shows, read through the advisories' and events' own queries (their filters are
// written once there): the newest current advisories for the audience and prefecture (with the
// nationwide ones), and the soonest upcoming events for the audience held in the prefecture or
// joinable online from anywhere.
import type { Db } from '../db/database.ts';
import type { PublicAdvisory } from '../advisories/model.ts';
import { browseAdvisories } from '../advisories/repository.ts';
import { tokyoToday } from '../advisories/time.ts';
import { NO_FILTERS, type EventFilters, type PublicEvent } from '../events/model.ts';
import { eventIds, loadEvents } from '../events/repository.ts';
import type { WidgetOptions } from './query.ts';

export interface WidgetContent {
  advisories: PublicAdvisory[] | null;
  events: PublicEvent[] | null;
}

export function widgetEventFilters(o: Pick<WidgetOptions, 'audience' | 'prefecture'>): EventFilters {
  return { ...NO_FILTERS, audiences: o.audience ? [o.audience] : [], prefectures: o.prefecture ? [o.prefecture] : [] };
}

async function upcomingEvents(db: Db, o: WidgetOptions, now: Date): Promise<PublicEvent[]> {
  const at = now.toISOString();
  const page = { limit: o.limit, offset: 0 };
  const local = widgetEventFilters(o);
  const ids = await eventIds(db, local, at, page);
  if (o.prefecture) {
    // An event anyone can join online concerns every prefecture: the soonest of those are merged in.
    const online = await eventIds(db, { ...local, prefectures: [], online: true }, at, page);
    for (const id of online) if (!ids.includes(id)) ids.push(id);
  }
  const events = await loadEvents(db, ids);
  events.sort((a, b) => (a.startAt < b.startAt ? -1 : a.startAt > b.startAt ? 1 : a.id - b.id));
  return events.slice(0, o.limit);
}

export async function widgetContent(db: Db, o: WidgetOptions, now: Date): Promise<WidgetContent> {
  const [advisories, events] = await Promise.all([
    o.kinds.includes('advisories')
      ? browseAdvisories(db, { audiences: o.audience ? [o.audience] : [], prefecture: o.prefecture, severities: [], scope: 'current' }, 1, tokyoToday(now)).then((r) => r.items.slice(0, o.limit))
      : null,
    o.kinds.includes('events') ? upcomingEvents(db, o, now) : null,
  ]);
  return { advisories, events };
}
