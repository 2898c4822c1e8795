// Reads a fetched feed into plain entries: iCalendar with ical.js, Atom / RSS / RDF with feedsmith.
// Nothing in a feed is ever run: the parsers build data, HTML in descriptions is parsed by linkedom (which
// runs no script) only to take its text, and every text becomes plain text, cut to the form's limits
// by the mapping (feeds/mapping.ts), which then checks it with the form's own validators.
import { parseFeed } from 'feedsmith';
import ICAL from 'ical.js';
import { parseHTML } from 'linkedom';
import { addDays, tokyoDate, tokyoTime } from '../events/time.ts';

export interface EventEntry {
  id: string | null;
  title: string;
  description: string;
  location: string;
  url: string | null;
  allDay: boolean;
  startDate: string;
  startTime: string | null;
  endDate: string;
  endTime: string | null;
  cancelled: boolean;
}

export interface MaterialEntry {
  id: string | null;
  title: string;
  summary: string;
  link: string | null;
  issuedOn: string | null;
}

export type Parsed<E> = { ok: true; entries: E[] } | { ok: false; code: 'html' | 'not_feed'; detail: string };

/** Longest entry id kept; a longer one is refused (it is a key of feed_entries). */
export const MAX_ENTRY_ID = 500;

/** An HTML page where a feed was expected: the commonest mistake (the page's address instead of the feed's). */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).replace(/^\uFEFF/, '').replace(/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*/i, '').toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/** The text of a piece of HTML (or of plain text), with paragraphs and line breaks kept as new lines. */
export function plainText(s: string): string {
  let text = s;
  if (/<[a-z!/]/i.test(s)) {
    const marked = s.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|h[1-6]|tr|blockquote)>/gi, '$&\n');
    const { document } = parseHTML(`<!doctype html><html><body>${marked}</body></html>`);
    for (const el of document.querySelectorAll('script, style, template, noscript')) el.remove();
    text = document.body.textContent ?? '';
  }
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One line of text (titles, places). */
export function lineText(s: string): string {
  return plainText(s).replace(/\s*\n\s*/g, ' ');
}

function decode(body: Buffer): string {
  // XML may name its encoding (Shift_JIS feeds exist); iCalendar is UTF-8 by definition.
  const declared = /^\s*<\?xml[^>]*encoding=["']([A-Za-z0-9_.-]+)["']/.exec(body.subarray(0, 200).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

// ---------------------------------------------------------------- iCalendar

interface Wall {
  date: string;
  time: string | null;
}

/**
 * The Japan date and wall-clock time of an iCalendar time. Times in UTC or in a zone the calendar defines
 * are converted; floating times (and a TZID the calendar does not define, usually Asia/Tokyo) are taken
 * as Japan time, which is what a Japanese organiser's calendar means.
 */
function wallOf(t: ICAL.Time): Wall {
  if (t.isDate) return { date: t.toString().slice(0, 10), time: null };
  const tzid = t.zone?.tzid;
  if (tzid && tzid !== 'floating') {
    const d = t.toJSDate();
    return { date: tokyoDate(d), time: tokyoTime(d) };
  }
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return { date: `${p(t.year, 4)}-${p(t.month)}-${p(t.day)}`, time: `${p(t.hour)}:${p(t.minute)}` };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function parseICalendar(body: Buffer): Parsed<EventEntry> {
  const text = decode(body);
  if (looksLikeHtml(text)) return { ok: false, code: 'html', detail: 'HTML instead of iCalendar' };
  let root: ICAL.Component;
  try {
    const jcal = ICAL.parse(text);
    if (!Array.isArray(jcal) || jcal[0] !== 'vcalendar') return { ok: false, code: 'not_feed', detail: 'no VCALENDAR' };
    root = new ICAL.Component(jcal as any);
  } catch (err) {
    return { ok: false, code: 'not_feed', detail: `iCalendar: ${String((err as Error).message ?? err).slice(0, 150)}` };
  }
  const entries: EventEntry[] = [];
  for (const ve of root.getAllSubcomponents('vevent')) {
    try {
      const ev = new ICAL.Event(ve);
      const uid = str(ev.uid).trim();
      const rid = ev.recurrenceId ? ev.recurrenceId.toString() : '';
      const start = wallOf(ev.startDate);
      const allDay = ev.startDate.isDate;
      let end: Wall = ev.endDate ? wallOf(ev.endDate) : start;
      // An all-day DTEND is the day after the last day.
      if (allDay) end = { date: end.date > start.date ? addDays(end.date, -1) : start.date, time: null };
      const url = str(ve.getFirstPropertyValue('url')).trim();
      entries.push({
        id: uid ? (rid ? `${uid}#${rid}` : uid) : null,
        title: lineText(str(ev.summary)),
        description: plainText(str(ev.description)),
        location: lineText(str(ev.location)),
        url: /^https?:\/\//i.test(url) ? url : null,
        allDay,
        startDate: start.date,
        startTime: start.time,
        endDate: end.date,
        endTime: end.time,
        cancelled: str(ve.getFirstPropertyValue('status')).toUpperCase() === 'CANCELLED',
      });
    } catch {
      // An event without a start cannot be placed; it is listed as refused under its title.
      entries.push({ id: str(ve.getFirstPropertyValue('uid')) || null, title: lineText(str(ve.getFirstPropertyValue('summary'))), description: '', location: '', url: null, allDay: false, startDate: '', startTime: null, endDate: '', endTime: null, cancelled: false });
    }
  }
  return { ok: true, entries };
}

// ---------------------------------------------------------------- Atom / RSS / RDF

/** feedsmith gives text constructs as strings or as { value }. */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'string') return (v as { value: string }).value;
  return '';
}

function dateOf(...values: unknown[]): string | null {
  for (const v of values) {
    const s = textOf(v);
    if (!s) continue;
    const ms = Date.parse(s);
    if (Number.isFinite(ms)) return tokyoDate(new Date(ms));
  }
  return null;
}

function httpLink(s: string): string | null {
  const t = s.trim();
  return /^https?:\/\//i.test(t) ? t : null;
}

export function parseNewsFeed(body: Buffer): Parsed<MaterialEntry> {
  const text = decode(body);
  if (looksLikeHtml(text)) return { ok: false, code: 'html', detail: 'HTML instead of Atom/RSS' };
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(text);
  } catch (err) {
    return { ok: false, code: 'not_feed', detail: `Atom/RSS: ${String((err as Error).message ?? err).slice(0, 150)}` };
  }
  const entries: MaterialEntry[] = [];
  if (parsed.format === 'atom') {
    for (const e of (parsed.feed as any).entries ?? []) {
      const links: { href?: string; rel?: string }[] = Array.isArray(e.links) ? e.links : [];
      const link = links.find((l) => !l.rel || l.rel === 'alternate')?.href ?? links[0]?.href ?? '';
      const id = textOf(e.id).trim() || link.trim();
      entries.push({ id: id || null, title: lineText(textOf(e.title)), summary: plainText(textOf(e.summary) || textOf(e.content)), link: httpLink(link), issuedOn: dateOf(e.published, e.updated) });
    }
  } else if (parsed.format === 'rss' || parsed.format === 'rdf') {
    for (const i of (parsed.feed as any).items ?? []) {
      const link = textOf(i.link);
      const id = textOf(i.guid).trim() || textOf(i.rdf?.about).trim() || link.trim();
      entries.push({ id: id || null, title: lineText(textOf(i.title)), summary: plainText(textOf(i.description) || textOf(i.content?.encoded)), link: httpLink(link), issuedOn: dateOf(i.pubDate, i.dc?.date, i.dc?.dates?.[0]) });
    }
  } else {
    return { ok: false, code: 'not_feed', detail: `${parsed.format} is not Atom or RSS` };
  }
  return { ok: true, entries };
}
