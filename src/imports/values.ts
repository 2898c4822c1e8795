// What people type into spreadsheet cells, read leniently: Japanese dates and eras, full-width digits,
// 午後2時, 1,000円, はい/いいえ. Pure functions; the column definitions decide what a refusal means.

/** Full-width ASCII (U+FF01–FF5E) → half-width, ideographic space → space; leaves kana and kanji alone. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

function isoDate(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

interface Era {
  start: string;
  end: string | null;
}

/** First and last day of each era (the day it began is its year 1). */
const ERAS: Record<string, Era> = {
  令和: { start: '2019-05-01', end: null },
  平成: { start: '1989-01-08', end: '2019-04-30' },
  昭和: { start: '1926-12-25', end: '1989-01-07' },
  大正: { start: '1912-07-30', end: '1926-12-25' },
};
const ERA_LETTERS: Record<string, string> = { R: '令和', H: '平成', S: '昭和', T: '大正' };
const ERA_SYMBOLS: Record<string, string> = { '\u32FF': '令和', '\u337B': '平成', '\u337C': '昭和', '\u337D': '大正' };

function eraDate(eraName: string, yearText: string, m: number, d: number): string | null {
  const era = ERAS[eraName];
  if (!era) return null;
  const n = yearText === '元' ? 1 : Number(yearText);
  if (!Number.isInteger(n) || n < 1) return null;
  const iso = isoDate(Number(era.start.slice(0, 4)) + n - 1, m, d);
  if (!iso || iso < era.start || (era.end !== null && iso > era.end)) return null;
  return iso;
}

const WEEKDAY = /[(（]\s*([月火水木金土日](曜日?)?|mon|tue|wed|thu|fri|sat|sun)\.?\s*[)）]$/i;

/** → 'YYYY-MM-DD' or null. Accepts (after toHalfWidth and trim): 2027-02-01, 2027-2-1, 2027/2/1, 2027.2.1, 20270201, 2027年2月1日, 令和8年2月1日, 令和元年5月1日, R8.2.1, R8/2/1, ㋿8.2.1, 平成31年4月30日, H31.4.30, 昭和 and 大正 too, with or without spaces and 曜日 in parentheses (2027年2月1日（月）; the weekday is not checked). An Excel serial number is NOT a date here. Checks the calendar (2027-02-30 → null) and era ranges (令和 starts 2019-05-01; 平成 1989-01-08..2019-04-30; 令和1年4月 → null). */
export function parseDate(s: string): string | null {
  let t = toHalfWidth(s).trim().replace(WEEKDAY, '').replace(/\s+/g, '');
  t = t.replace(/^[\u32FF\u337B-\u337D]/, (c) => ERA_SYMBOLS[c] ?? c);
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[3]), Number(m[4]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(令和|平成|昭和|大正|[RHST])(元|\d{1,2})年(\d{1,2})月(\d{1,2})日$/i.exec(t);
  if (m) return eraDate(ERA_LETTERS[m[1]!.toUpperCase()] ?? m[1]!, m[2]!, Number(m[3]), Number(m[4]));
  m = /^(令和|平成|昭和|大正|[RHST])(元|\d{1,2})([-/.])(\d{1,2})\3(\d{1,2})$/i.exec(t);
  if (m) return eraDate(ERA_LETTERS[m[1]!.toUpperCase()] ?? m[1]!, m[2]!, Number(m[4]), Number(m[5]));
  return null;
}

function hhmm(h: number, m: number): string | null {
  if (!Number.isInteger(h) || !Number.isInteger(m) || h < 0 || h > 23 || m < 0 || m > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** → 'HH:MM' or null: 9:00, 09:00, 9:00:00, 9時, 9時30分, 9時半, 午前9時, 午後2時30分, 2:30 PM, 14:30, full-width digits. 午前12時 and 午後12時 are refused: people read them differently. */
export function parseTime(s: string): string | null {
  const t = toHalfWidth(s).trim().replace(/\s+/g, '').replace(/：/g, ':');
  const m = /^(午前|午後|am|pm)?(\d{1,2})(?::(\d{2})(?::\d{2})?|時(?:(\d{1,2})分|(半))?)(am|pm)?$/i.exec(t);
  if (!m) return null;
  const before = m[1]?.toLowerCase();
  const after = m[6]?.toLowerCase();
  if (before && after) return null;
  const half = before ?? after;
  let h = Number(m[2]);
  const min = m[5] ? 30 : Number(m[3] ?? m[4] ?? 0);
  if (m[3] !== undefined && m[3].length !== 2) return null;
  if (half) {
    if (h > 11) return null;
    if (half === '午後' || half === 'pm') h += 12;
  }
  return hhmm(h, min);
}

const FREE = new Set(['無料', 'free', '0円']);

/** → a non-negative integer or null: '1,000', '１０００', '1000円', '¥1,000', '50人', '3件', '1000.0', '無料' → 0 (for fees). Negative numbers, fractions and words are null. */
export function parseInteger(s: string): number | null {
  let t = toHalfWidth(s).trim().replace(/\s+/g, '');
  if (FREE.has(t.toLowerCase())) return 0;
  t = t.replace(/^[¥\\\uFFE5]/, '').replace(/(円|人|名|件|個|回|部|冊|枚|本|歳|才|日|分|時間)$/, '');
  if (/^\d{1,3}(,\d{3})+(\.0+)?$/.test(t)) t = t.replace(/,/g, '');
  const m = /^(\d+)(\.0+)?$/.exec(t);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

/** Splits a multi-value cell: separators ; ； 、 , ， | ｜ and newlines; trims; drops empties; keeps order; removes duplicates. */
export function splitList(s: string): string[] {
  const out: string[] = [];
  for (const part of s.split(/[;；、,，|｜\r\n]/)) {
    const v = part.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

const TRUE_WORDS = new Set(['はい', 'yes', 'y', 'true', '1', '○', '〇', '◯', '有', 'あり', '有り', '可', 'on']);
const FALSE_WORDS = new Set(['いいえ', 'no', 'n', 'false', '0', '×', '✕', 'x', '無', 'なし', '無し', '不可', 'off']);

/** はい/いいえ, yes/no, true/false, 1/0, ○/×, 有/無, あり/なし (case-insensitive, full-width ok) → boolean; '' → null; else undefined (meaning invalid). */
export function parseBoolean(s: string): boolean | null | undefined {
  const t = toHalfWidth(s).trim().toLowerCase();
  if (t === '') return null;
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

/** A date with an optional time in one cell ('2027-02-01 14:30' as read from an xlsx date-time cell, '令和9年2月1日 午後2時'). */
export function parseDateTime(s: string): { date: string; time: string | null } | null {
  const t = toHalfWidth(s).trim();
  const date = parseDate(t);
  if (date) return { date, time: null };
  const m = /^(.*?\d日?(?:\s*[(（][^)）]*[)）])?)(?:\s+|T)(.+)$/.exec(t);
  if (!m) return null;
  const d = parseDate(m[1]!);
  const time = parseTime(m[2]!);
  return d && time ? { date: d, time } : null;
}
