// Schema validation failures, told to people: which parameter, what was wrong, what to use instead,
// in Japanese and English. The offending value is quoted (views escape it; JSON encodes it).
import type { Text } from '../i18n/locale.ts';
import type { ProblemDetail } from './problem.ts';

interface Issue {
  keyword: string;
  instancePath: string;
  params?: Record<string, unknown>;
  message?: string;
}

const NAMES: Record<string, Text> = {
  q: { ja: 'キーワード（q）', en: 'Keywords (q)' },
  audience: { ja: '対象（audience）', en: 'Audience (audience)' },
  method: { ja: '手法（method）', en: 'Method (method)' },
  sector: { ja: '区分（sector）', en: 'Sector (sector)' },
  org: { ja: '実施団体（org）', en: 'Organisation (org)' },
  region: { ja: '地域（region）', en: 'Region (region)' },
  measure: { ja: '戦略上の位置付け（measure）', en: 'Strategy measure (measure)' },
  page: { ja: 'ページ番号（page）', en: 'Page number (page)' },
  sort: { ja: '並び順（sort）', en: 'Sort order (sort)' },
  id: { ja: '番号（id）', en: 'Identifier (id)' },
};

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
  // Keep messages short and free of control characters whatever was sent.
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, '�');
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

function valueAt(input: unknown, path: string[]): unknown {
  let cur: unknown = input;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export function describeIssues(issues: Issue[], input: unknown): ProblemDetail[] {
  const out: ProblemDetail[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const path = issue.instancePath.split('/').filter(Boolean);
    const param = path[0] ?? '';
    const name = NAMES[param] ?? { ja: `「${shown(param)}」`, en: `"${shown(param)}"` };
    const value = valueAt(input, path);
    let message: Text;
    if (issue.keyword === 'invalid_type' && Array.isArray(valueAt(input, [param]))) {
      message = { ja: `${name.ja}は1つだけ指定してください。`, en: `${name.en} may be given only once.` };
    } else if (param === 'q' && issue.keyword === 'too_big') {
      message = { ja: `${name.ja}は${issue.params?.maximum}文字以内で入力してください。`, en: `${name.en} must be at most ${issue.params?.maximum} characters.` };
    } else if (param === 'q') {
      message = { ja: `${name.ja}に改行や制御文字は使えません。`, en: `${name.en} must not contain line breaks or control characters.` };
    } else if (issue.keyword === 'too_big') {
      message = { ja: `${name.ja}は一度に${issue.params?.maximum}個まで指定できます。`, en: `${name.en} accepts at most ${issue.params?.maximum} values at once.` };
    } else if (issue.keyword === 'invalid_value' && Array.isArray(issue.params?.values)) {
      const allowed = (issue.params.values as unknown[]).join(', ');
      message = {
        ja: `${name.ja}に「${shown(value)}」は使えません。使える値: ${allowed}`,
        en: `${name.en} cannot be "${shown(value)}". Use one of: ${allowed}`,
      };
    } else if (param === 'region') {
      message = {
        ja: `${name.ja}に「${shown(value)}」は使えません。nationwide（全国）か都道府県コード（01〜47）を指定してください。`,
        en: `${name.en} cannot be "${shown(value)}". Use nationwide or a prefecture code from 01 to 47.`,
      };
    } else if (param === 'org' || param === 'measure') {
      message = {
        ja: `${name.ja}に「${shown(value)}」は使えません。英小文字・数字・ハイフンの識別子を指定してください。`,
        en: `${name.en} cannot be "${shown(value)}". Identifiers are lower-case letters, digits and hyphens.`,
      };
    } else if (param === 'page') {
      message = { ja: `${name.ja}は1以上の整数で指定してください（「${shown(value)}」は使えません）。`, en: `${name.en} must be a whole number from 1 ("${shown(value)}" is not).` };
    } else {
      message = { ja: `${name.ja}の値「${shown(value)}」が正しくありません。`, en: `${name.en} has an invalid value "${shown(value)}".` };
    }
    const key = `${param}|${message.en}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ param, message });
  }
  return out;
}
