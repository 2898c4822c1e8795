// What the small firms' pages carry between requests, and how it is read back: the definition version
// (v), the answers so far (a: one code per item, the same string that is stored), the optional
// attributes (size, industry, pref). Everything arrives from the browser, so everything is checked
// here; nothing else of a request reaches the service (mass assignment).
import type { Business5 } from '../checks/business5-definition.ts';
import type { Diagnosis } from '../checks/diagnosis-definition.ts';
import type { Text } from '../i18n/locale.ts';
import { isIndustry, isSizeBand, type Industry, type SizeBand } from '../taxonomy/attributes.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';

type Params = Record<string, unknown>;

/** The single string value of a query or form parameter ('' when absent; the first when repeated). */
export function param(p: Params, name: string): string {
  const v = p[name];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s.trim().slice(0, 300) : '';
}

/** A definition version as carried in pages: digits, 0 for the shipped default. undefined when absent, null when malformed. */
export function readVersion(p: Params): number | null | undefined {
  const raw = param(p, 'v');
  if (raw === '') return undefined;
  return /^(0|[1-9]\d{0,8})$/.test(raw) ? Number(raw) : null;
}

export const versionParam = (version: number | null) => String(version ?? 0);
export const storedVersion = (v: number) => (v === 0 ? null : v);

export interface Attributes {
  size: SizeBand | null;
  industry: Industry | null;
  pref: string | null;
}

export const NO_ATTRIBUTES: Attributes = { size: null, industry: null, pref: null };

/** The optional attributes, and the names of those that hold something that is not a choice. */
export function readAttributes(p: Params): { attrs: Attributes; invalid: (keyof Attributes)[] } {
  const size = param(p, 'size');
  const industry = param(p, 'industry');
  const pref = param(p, 'pref');
  const invalid: (keyof Attributes)[] = [];
  if (size && !isSizeBand(size)) invalid.push('size');
  if (industry && !isIndustry(industry)) invalid.push('industry');
  if (pref && !isPrefectureCode(pref)) invalid.push('pref');
  return {
    attrs: { size: size && isSizeBand(size) ? size : null, industry: industry && isIndustry(industry) ? industry : null, pref: pref && isPrefectureCode(pref) ? pref : null },
    invalid,
  };
}

/** Query string of version, answers and attributes, in a stable order ("?v=1&a=yyp…&pref=13"). */
export function journeyQuery(version: number | null, answers: string, attrs: Attributes, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  q.set('v', versionParam(version));
  if (answers) q.set('a', answers);
  if (attrs.size) q.set('size', attrs.size);
  if (attrs.industry) q.set('industry', attrs.industry);
  if (attrs.pref) q.set('pref', attrs.pref);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return `?${q.toString()}`;
}

/** Item counts at which a part ends: [0, 5, 18, 25] for IPA's three parts. */
export function partBoundaries(d: Diagnosis): number[] {
  return [0, ...d.parts.map((p) => p.to)];
}

/**
 * Answers carried between the diagnosis' pages: one valid code per item for the parts answered so far,
 * so their length is a part boundary. null when the value was tampered with or damaged.
 */
export function readPartialAnswers(d: Diagnosis, raw: string): string | null {
  if (!partBoundaries(d).includes(raw.length)) return null;
  const codes = new Set(d.answers.map((a) => a.code));
  for (const c of raw) if (!codes.has(c)) return null;
  return raw;
}

/** The first part (0-based) not yet answered, or null when every item has an answer. */
export function firstUnansweredPart(d: Diagnosis, answers: string): number | null {
  const i = d.parts.findIndex((p) => answers.length < p.to);
  return i === -1 ? null : i;
}

export const CHOOSE_ONE: Text = { ja: '選んでください', en: 'Choose an answer' };

/** Reads the radio answer of each listed item (field q{id}); missing or unknown codes are errors. */
export function readItemAnswers(items: { id: number }[], codes: readonly string[], body: Params, prefix: string): { answers: (string | null)[]; missing: number[] } {
  const answers = items.map((it) => {
    const v = param(body, `${prefix}${it.id}`);
    return codes.includes(v) ? v : null;
  });
  return { answers, missing: items.filter((_, i) => answers[i] === null).map((it) => it.id) };
}

/** The five measures' answers: one valid code per measure, else null. */
export function readBusiness5String(d: Business5, raw: string): string | null {
  if (raw.length !== d.measures.length) return null;
  const codes = new Set(d.answers.map((a) => a.code));
  for (const c of raw) if (!codes.has(c)) return null;
  return raw;
}

/**
 * Completed forms seen lately (a random token per "check your answers" page), so a double click or a
 * resent form stores one result. In memory per process: it stops accidents, not someone determined to
 * send many results (the rate limit does that).
 */
export class RecentSubmissions {
  private readonly seen = new Map<string, number>();
  constructor(private readonly ttlMs = 60 * 60 * 1000, private readonly maxEntries = 100_000) {}

  /** True the first time a form's token is seen (within the time to live); a form without a valid token always counts as first. */
  first(form: string, token: string, now = Date.now()): boolean {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return true;
    token = `${form}:${token}`;
    const at = this.seen.get(token);
    if (at !== undefined && now - at < this.ttlMs) return false;
    if (this.seen.size >= this.maxEntries) {
      for (const [k, t] of this.seen) if (now - t >= this.ttlMs || this.seen.size >= this.maxEntries) this.seen.delete(k);
    }
    this.seen.set(token, now);
    return true;
  }
}

export const newSubmissionToken = () => crypto.randomUUID().replace(/-/g, '');
