// Documents the program office edits as JSON (the guided path's flow, the self-checks' definitions):
// parse, check the shape with zod, and report every problem with the JSON path at fault, in Japanese and
// English. A capability adds its own cross-checks on the parsed value.
import { z } from 'zod';
import type { Text } from '../i18n/locale.ts';

export interface DocumentIssue {
  /** JSON path of the value at fault: rules[3].desks[0]. */
  path: string;
  message: Text;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(p)) ? (s ? '.' : '') + String(p) : `[${JSON.stringify(String(p))}]`;
  return s;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

const KIND_NAMES: Record<string, Text> = {
  string: { ja: '文字列', en: 'a string' },
  number: { ja: '数値', en: 'a number' },
  object: { ja: 'オブジェクト（{ }）', en: 'an object ({ })' },
  array: { ja: '配列（[ ]）', en: 'an array ([ ])' },
  boolean: { ja: 'true か false', en: 'true or false' },
};

/** "Required field missing" in plain words, instead of zod's "expected string, received undefined". */
function missing(raw: unknown, issue: z.core.$ZodIssue): Text | null {
  if (issue.code !== 'invalid_type') return null;
  let cur: unknown = raw;
  for (const p of issue.path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[p as string] : undefined;
  if (cur !== undefined) return null;
  const kind = KIND_NAMES[String(issue.expected)];
  return kind ? { ja: `必須の項目がありません（${kind.ja}を書いてください）。`, en: `This required field is missing (write ${kind.en}).` } : { ja: '必須の項目がありません。', en: 'This required field is missing.' };
}

export type ParsedDocument<T> = { value: T; issues: [] } | { value: null; issues: DocumentIssue[] };

/**
 * Parses `text` as JSON and checks it against `schema`. A schema may use a custom message that is a key
 * of `messages` (e.g. 'key') to get a bilingual message instead of zod's.
 */
export function parseJsonDocument<S extends z.ZodType>(schema: S, text: string, messages: Record<string, Text> = {}): ParsedDocument<z.infer<S>> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? lineAndColumn(text, Number(pos[1])) : null;
    return {
      value: null,
      issues: [
        {
          path: '',
          message: where
            ? { ja: `JSONとして読めません（${where.line}行目、${where.column}文字目付近）：${msg}`, en: `This is not valid JSON (near line ${where.line}, column ${where.column}): ${msg}` }
            : { ja: `JSONとして読めません：${msg}`, en: `This is not valid JSON: ${msg}` },
        },
      ],
    };
  }
  const ja = schema.safeParse(raw, { error: z.locales.ja().localeError });
  if (ja.success) return { value: ja.data, issues: [] };
  const en = schema.safeParse(raw, { error: z.locales.en().localeError });
  const enIssues = en.success ? [] : en.error.issues;
  return {
    value: null,
    issues: ja.error.issues.slice(0, 50).map((i, n) => ({
      path: jsonPath(i.path),
      message: messages[i.message] ?? missing(raw, i) ?? { ja: i.message, en: enIssues[n]?.message ?? i.message },
    })),
  };
}
