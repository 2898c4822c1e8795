// iCalendar (RFC 5545) feeds of events, for calendar apps: stable UIDs (event-{id}@{host}), a
// SEQUENCE raised at every approved revision so an update replaces the earlier copy, DTSTAMP and
// LAST-MODIFIED from the approval, and cancelled events kept with STATUS:CANCELLED. Unpublished events
// are simply no longer there. Timed events are written in UTC (…Z): the instants stored for the
// Japan times, which every calendar app shows in its own zone. (ical-generator would write a TZID
// time from the server process's local clock, which makes the output depend on the TZ variable.)
// All-day events are dates (DTEND the day after the last day), which have no zone.
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { formatNumber, localePath, type Locale } from '../i18n/locale.ts';
import { prefectureByCode } from '../taxonomy/prefectures.ts';
import { AUDIENCE_LABELS } from '../taxonomy/taxonomy.ts';
import { ATTENDANCE_LABELS, type PublicEvent } from './model.ts';
import { addDays } from './time.ts';

function dateOnly(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function eventUid(id: number, baseUrl: string): string {
  return `event-${id}@${new URL(baseUrl).hostname}`;
}

function describe(e: PublicEvent, locale: Locale, pageUrl: string): string {
  const t = (ja: string, en: string) => (locale === 'ja' ? ja : en);
  const sep = t('、', ', ');
  const lines = [
    locale === 'ja' ? e.descriptionJa : e.descriptionEn,
    '',
    `${t('主催', 'Organisers')}: ${e.organisers.map((o) => (locale === 'ja' ? o.nameJa : o.nameEn)).join(sep)}`,
    `${t('対象', 'Audiences')}: ${e.audiences.map((a) => AUDIENCE_LABELS[a][locale]).join(sep)}`,
    `${t('開催形式', 'Format')}: ${ATTENDANCE_LABELS[e.attendance][locale]}`,
    `${t('参加費', 'Fee')}: ${e.feeYen === 0 ? t('無料', 'Free') : locale === 'ja' ? `${formatNumber(locale, e.feeYen)}円` : `¥${formatNumber(locale, e.feeYen)}`}`,
  ];
  if (e.capacity !== null) lines.push(`${t('定員', 'Capacity')}: ${formatNumber(locale, e.capacity)}`);
  if (e.registrationUrl) lines.push(`${t('申込み', 'Registration')}: ${e.registrationUrl}`);
  const access = locale === 'ja' ? e.accessibilityJa : e.accessibilityEn;
  if (access) lines.push(`${t('アクセシビリティ', 'Accessibility')}: ${access}`);
  lines.push('', pageUrl);
  return lines.join('\n');
}

function location(e: PublicEvent, locale: Locale): string {
  const venue = locale === 'ja' ? e.venueJa : e.venueEn;
  const pref = e.prefecture ? (prefectureByCode(e.prefecture)?.[locale] ?? '') : '';
  const place = venue && pref ? (locale === 'ja' ? `${venue}（${pref}）` : `${venue}, ${pref}`) : venue || pref;
  if (e.attendance === 'onsite') return place;
  const online = ATTENDANCE_LABELS.online[locale];
  return place ? `${place} / ${online}` : online;
}

export function eventsCalendar(events: PublicEvent[], o: { baseUrl: string; locale: Locale; name: string }): string {
  const cal = ical({
    name: o.name,
    prodId: { company: 'lastmile', product: 'events', language: o.locale === 'ja' ? 'JA' : 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 3600,
  });
  for (const e of events) {
    const pageUrl = o.baseUrl + localePath(o.locale, `/events/${e.id}`);
    const title = o.locale === 'ja' ? e.titleJa : e.titleEn;
    cal.createEvent({
      id: eventUid(e.id, o.baseUrl),
      sequence: e.sequence,
      stamp: new Date(e.updatedAt),
      created: new Date(e.createdAt),
      lastModified: new Date(e.updatedAt),
      summary: e.cancelled ? `${o.locale === 'ja' ? '【中止】' : '[Cancelled] '}${title}` : title,
      description: describe(e, o.locale, pageUrl),
      location: location(e, o.locale) || null,
      url: pageUrl,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      transparency: ICalEventTransparency.TRANSPARENT,
      ...(e.allDay
        ? { allDay: true, start: dateOnly(e.startDate), end: dateOnly(addDays(e.endDate, 1)) }
        : { start: new Date(e.startAt), end: new Date(e.endAt) }),
    });
  }
  return cal.toString();
}
