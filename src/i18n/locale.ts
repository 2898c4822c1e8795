// Japanese first, English second: every page lives at /path (ja) and /en/path (en).
import type { Label } from '../taxonomy/taxonomy.ts';

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type Text = Label;

export function tr(locale: Locale, text: Text): string {
  return text[locale];
}

/** The path of the same page in the given language. `path` is the language-neutral path ("/initiatives"). */
export function localePath(locale: Locale, path: string): string {
  // A path from the request (the language switch of any page, the 404 page of /en//evil.example) must stay a
  // path: "//host" or "/\\host" is another site to a browser, which also drops tabs and newlines first.
  const second = path.charCodeAt(1);
  if (path.charCodeAt(0) !== 47 || second === 47 || second === 92 || second <= 32 || second === 127) path = '/' + path.replace(/^[/\\\x00-\x20\x7f]+/, '');
  if (locale === 'ja') return path;
  return path === '/' ? '/en/' : `/en${path}`;
}

/** Split a request URL into its language and the language-neutral path with query. */
export function splitLocale(url: string): { locale: Locale; path: string } {
  if (url === '/en' || url.startsWith('/en/') || url.startsWith('/en?')) {
    const rest = url.slice(3);
    return { locale: 'en', path: rest === '' || rest.startsWith('?') ? '/' + rest : rest };
  }
  return { locale: 'ja', path: url };
}

/** API responses speak the caller's language: English only when asked for before Japanese. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'ja';
  const langs = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((l) => l.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const l of langs) {
    if (l.tag.startsWith('ja')) return 'ja';
    if (l.tag.startsWith('en')) return 'en';
  }
  return 'ja';
}

const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Asia/Tokyo' }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Asia/Tokyo' }),
};

/** A full date for people: 令和8年11月26日 (2026-11-26) in Japanese, 26 November 2026 in English. */
export function formatDate(locale: Locale, iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00+09:00` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  const text = dateFormats[locale].format(d);
  return locale === 'ja' ? `${text}（${iso.slice(0, 10)}）` : text;
}

// Number#toLocaleString builds a formatter on every call; one per language is reused instead.
const numberFormats: Record<Locale, Intl.NumberFormat> = { ja: new Intl.NumberFormat('ja-JP'), en: new Intl.NumberFormat('en-GB') };

export function formatNumber(locale: Locale, n: number): string {
  return numberFormats[locale].format(n);
}

const timeFormats: Record<Locale, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' }),
  en: new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' }),
};

/** Date and Japan time: the history needs the order of events within a day. */
export function formatDateTime(locale: Locale, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDate(locale, iso)} ${timeFormats[locale].format(d)}`;
}

