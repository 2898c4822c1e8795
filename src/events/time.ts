// Japan time for events. Japan has kept UTC+9 all year since 1951 (no summer time), so a Japan
// wall-clock time is an instant nine hours earlier in UTC. Dates are 'YYYY-MM-DD' strings, times 'HH:MM'.
import { formatDate, type Locale } from '../i18n/locale.ts';

const JST_MS = 9 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The years an event or a campaign may fall in: anything else is a typing mistake. */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** A real calendar date in the accepted years ('2027-02-30' and '1999-01-01' are not). */
export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < MIN_YEAR || y > MAX_YEAR) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Whether the string looks like a date at all (so the message can say "use YYYY-MM-DD" or "out of range"). */
export function looksLikeDate(s: string): boolean {
  return DATE_RE.test(s);
}

export function isValidTime(s: string): boolean {
  return TIME_RE.test(s);
}

export function isValidMonth(s: string): boolean {
  const m = MONTH_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return y >= MIN_YEAR && y <= MAX_YEAR && mo >= 1 && mo <= 12;
}

/** The UTC instant (ISO 8601) of a Japan date and wall-clock time. */
export function tokyoInstant(date: string, time = '00:00'): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi) - JST_MS).toISOString();
}

/** The Japan date of an instant. */
export function tokyoDate(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + JST_MS).toISOString().slice(0, 10);
}

/** The Japan wall-clock time (HH:MM) of an instant. */
export function tokyoTime(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + JST_MS).toISOString().slice(11, 16);
}

export function addDays(date: string, n: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function firstOfMonth(month: string): string {
  return `${month}-01`;
}

export function lastOfMonth(month: string): string {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
}

export function addMonths(month: string, n: number): string {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, mo - 1 + n, 1)).toISOString().slice(0, 7);
}

/**
 * Start and end instants of an event: timed events from their wall-clock times; all-day events from
 * 00:00 of the first day to 00:00 after the last day (Japan time).
 */
export function eventInstants(p: { allDay: boolean; startDate: string; endDate: string; startTime: string | null; endTime: string | null }): { startAt: string; endAt: string } {
  if (p.allDay) return { startAt: tokyoInstant(p.startDate), endAt: tokyoInstant(addDays(p.endDate, 1)) };
  return { startAt: tokyoInstant(p.startDate, p.startTime ?? '00:00'), endAt: tokyoInstant(p.endDate, p.endTime ?? '00:00') };
}

const WEEKDAYS: Record<Locale, string[]> = {
  ja: ['日', '月', '火', '水', '木', '金', '土'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

export function weekdayName(locale: Locale, date: string): string {
  return WEEKDAYS[locale][weekday(date)]!;
}

export function weekdayNames(locale: Locale): string[] {
  return WEEKDAYS[locale];
}

const WEEKDAYS_LONG: Record<Locale, string[]> = {
  ja: ['日曜日', '月曜日', '火曜日', '水曜日', '木曜日', '金曜日', '土曜日'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

export function weekdayLongNames(locale: Locale): string[] {
  return WEEKDAYS_LONG[locale];
}

/** A date for people with its weekday: 令和9年2月1日（月）（2027-02-01）, Monday 1 February 2027. */
export function formatEventDate(locale: Locale, date: string): string {
  if (locale === 'en') return `${WEEKDAYS_LONG.en[weekday(date)]} ${formatDate(locale, date)}`;
  // formatDate gives 令和9年2月1日（2027-02-01）: the weekday goes right after the day, before the Western date.
  const text = formatDate(locale, date);
  const i = text.indexOf('（');
  const wd = `（${weekdayName(locale, date)}）`;
  return i < 0 ? text + wd : text.slice(0, i) + wd + text.slice(i);
}

/** When an event takes place, in words: one day or several, with times unless it lasts all day. */
export function formatEventWhen(locale: Locale, e: { allDay: boolean; startDate: string; endDate: string; startTime: string | null; endTime: string | null }): string {
  const to = locale === 'ja' ? '〜' : '–';
  const allDay = locale === 'ja' ? '（終日）' : ' (all day)';
  const sameDay = e.startDate === e.endDate;
  // An unfinished draft may lack its times: show its days alone.
  if (!e.allDay && !(e.startTime && isValidTime(e.startTime) && e.endTime && isValidTime(e.endTime))) {
    return sameDay || !isValidDate(e.endDate) ? formatEventDate(locale, e.startDate) : `${formatEventDate(locale, e.startDate)} ${to} ${formatEventDate(locale, e.endDate)}`;
  }
  if (e.allDay) return sameDay ? `${formatEventDate(locale, e.startDate)}${allDay}` : `${formatEventDate(locale, e.startDate)} ${to} ${formatEventDate(locale, e.endDate)}${allDay}`;
  if (sameDay) return `${formatEventDate(locale, e.startDate)} ${e.startTime}${to}${e.endTime}`;
  return `${formatEventDate(locale, e.startDate)} ${e.startTime} ${to} ${formatEventDate(locale, e.endDate)} ${e.endTime}`;
}

/** A period of days (campaigns). */
export function formatPeriod(locale: Locale, startDate: string, endDate: string): string {
  return `${formatDate(locale, startDate)} ${locale === 'ja' ? '〜' : '–'} ${formatDate(locale, endDate)}`;
}

/** "2027年2月" / "February 2027" (calendar headings). */
export function formatMonth(locale: Locale, month: string): string {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  if (locale === 'en') return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, 1)));
  const era = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, 1)));
  return `${y}年${mo}月（${era}）`;
}
