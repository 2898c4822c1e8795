// The basic information security policy (情報セキュリティ基本方針) template as data: a preamble, numbered
// sections whose paragraphs may depend on optional clauses the firm chooses, the closing lines, and how to
// publish it. Texts may use the placeholders {company}, {representative_title}, {representative} and {date}.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { jsonPath, parseJsonDocument, type DocumentIssue, type ParsedDocument } from '../web/json-document.ts';
import type { DocumentKind } from './document-kind.ts';
import { LText, SOURCE_MESSAGES, SourceSchema } from './source-schema.ts';

const Key = z.string().regex(/^[a-z][a-z0-9_]{0,29}$/, { message: 'key' });

const Paragraph = z.strictObject({ text: LText, option: Key.optional() });

export const PolicySchema = z.strictObject({
  title: LText,
  intro: LText,
  source: SourceSchema,
  options: z.array(z.strictObject({ key: Key, label: LText, hint: LText.optional(), default: z.boolean() })).max(20),
  preamble: LText,
  sections: z.array(z.strictObject({ id: Key, heading: LText, option: Key.optional(), paragraphs: z.array(Paragraph).min(1).max(20) })).min(1).max(30),
  closing: z.strictObject({ ja: z.array(z.string().trim().min(1).max(500)).min(1).max(6), en: z.array(z.string().trim().min(1).max(500)).min(1).max(6) }),
  publishing: z.array(LText).min(1).max(10),
});

export type PolicyTemplate = z.infer<typeof PolicySchema>;

export const POLICY_PLACEHOLDERS = ['company', 'representative_title', 'representative', 'date'] as const;
export type PolicyPlaceholder = (typeof POLICY_PLACEHOLDERS)[number];

/** Every {…} in a text, and whether the braces are balanced. */
function placeholdersIn(text: string): { names: string[]; unbalanced: boolean } {
  const names = [...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  const stripped = text.replace(/\{[^{}]*\}/g, '');
  return { names, unbalanced: /[{}]/.test(stripped) };
}

function crossCheck(d: PolicyTemplate): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  const add = (path: (string | number)[], ja: string, en: string) => out.push({ path: jsonPath(path), message: { ja, en } });
  const known = new Set<string>(POLICY_PLACEHOLDERS);
  const used = new Set<string>();
  const texts: [(string | number)[], string][] = [];
  for (const l of ['ja', 'en'] as const) {
    texts.push([['preamble', l], d.preamble[l]]);
    d.sections.forEach((s, si) => {
      texts.push([['sections', si, 'heading', l], s.heading[l]]);
      s.paragraphs.forEach((p, pi) => texts.push([['sections', si, 'paragraphs', pi, 'text', l], p.text[l]]));
    });
    d.closing[l].forEach((c, ci) => texts.push([['closing', l, ci], c]));
  }
  for (const [path, text] of texts) {
    const { names, unbalanced } = placeholdersIn(text);
    if (unbalanced) add(path, '{ と } の対応が取れていません。', 'The braces { } do not match.');
    for (const n of names) {
      if (!known.has(n)) add(path, `「{${n}}」は使えません（使えるのは ${POLICY_PLACEHOLDERS.map((p) => `{${p}}`).join('、')}）。`, `"{${n}}" is not a placeholder (use ${POLICY_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}).`);
      used.add(n);
    }
  }
  for (const p of ['company', 'date'] as const) if (!used.has(p)) add([], `{${p}} がどこにも使われていません。`, `{${p}} is not used anywhere.`);

  const keys = new Set<string>();
  d.options.forEach((o, i) => {
    if (keys.has(o.key)) add(['options', i, 'key'], `選択項目「${o.key}」が重複しています。`, `The option "${o.key}" is listed twice.`);
    keys.add(o.key);
  });
  const referenced = new Set<string>();
  const ids = new Set<string>();
  d.sections.forEach((s, si) => {
    if (ids.has(s.id)) add(['sections', si, 'id'], `節のid「${s.id}」が重複しています。`, `The section id "${s.id}" is used twice.`);
    ids.add(s.id);
    const check = (key: string | undefined, path: (string | number)[]) => {
      if (key === undefined) return;
      referenced.add(key);
      if (!keys.has(key)) add(path, `選択項目「${key}」は options にありません。`, `There is no option "${key}" in options.`);
    };
    check(s.option, ['sections', si, 'option']);
    s.paragraphs.forEach((p, pi) => check(p.option, ['sections', si, 'paragraphs', pi, 'option']));
    if (s.option === undefined && s.paragraphs.every((p) => p.option !== undefined)) add(['sections', si, 'paragraphs'], '必ず入る節には、選択項目によらない段落を1つ以上置いてください。', 'A section that is always included needs at least one paragraph that does not depend on an option.');
  });
  d.options.forEach((o, i) => {
    if (!referenced.has(o.key)) add(['options', i, 'key'], `選択項目「${o.key}」はどの節・段落にも使われていません。`, `The option "${o.key}" is not used by any section or paragraph.`);
  });
  return out;
}

export function parsePolicy(text: string): ParsedDocument<PolicyTemplate> {
  const parsed = parseJsonDocument(PolicySchema, text, {
    ...SOURCE_MESSAGES,
    key: { ja: '半角英小文字で始まり、半角英小文字・数字・_ だけの30文字以内にしてください', en: 'must start with a lower-case letter and use only lower-case letters, digits and _ (at most 30)' },
  });
  if (!parsed.value) return parsed;
  const issues = crossCheck(parsed.value);
  return issues.length ? { value: null, issues } : parsed;
}

export const policyKind: DocumentKind<PolicyTemplate> = {
  kind: 'policy',
  title: { ja: '中小企業：情報セキュリティ基本方針のひな形', en: 'Small firms: basic information security policy template' },
  defaultText: readFileSync(new URL('./data/policy.json', import.meta.url), 'utf8'),
  parse: parsePolicy,
};
