// Reading a page's query string by hand when every mistake must be listed at once (a 400 naming each
// parameter, in both languages): the parameter given once, the value shown back safely.
import type { Text } from '../i18n/locale.ts';
import type { ProblemDetail } from './problem.ts';

/** A value as it may be quoted back in a message: control characters replaced, at most 40 characters. */
export function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, '�');
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

/**
 * `one(name)`: the parameter's value, null when absent or empty (a repeated parameter is a mistake);
 * `bad(name, value, allowed)`: records that the value cannot be used, and what can.
 * Mistakes collect in `details`, named by `names` (the parameter's name in each language).
 */
export function queryReader(query: unknown, names: Record<string, Text>) {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const details: ProblemDetail[] = [];
  const one = (name: string): string | null => {
    const v = q[name];
    if (v === undefined || v === '') return null;
    if (typeof v !== 'string') {
      details.push({ param: name, message: { ja: `${names[name]!.ja}は1つだけ指定してください。`, en: `${names[name]!.en} may be given only once.` } });
      return null;
    }
    return v;
  };
  const bad = (name: string, v: string, allowed: Text) =>
    details.push({ param: name, message: { ja: `${names[name]!.ja}に「${shown(v)}」は使えません。${allowed.ja}`, en: `${names[name]!.en} cannot be "${shown(v)}". ${allowed.en}` } });
  return { q, details, one, bad };
}
