// 情報セキュリティ5か条 (IPA; the SECURITY ACTION one star) as data: for each measure what it means, what
// to do, related material search words and desk topics, and the answers a firm can give.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DESK_TOPICS } from '../desks/model.ts';
import { jsonPath, parseJsonDocument, type DocumentIssue, type ParsedDocument } from '../web/json-document.ts';
import type { DocumentKind } from './document-kind.ts';
import { LText, SOURCE_MESSAGES, SourceSchema } from './source-schema.ts';

const Code = z.string().regex(/^[a-z0-9]$/, { message: 'code' });

const Measure = z.strictObject({
  id: z.number().int().min(1).max(99),
  title: LText,
  means: LText,
  todo: z.array(LText).min(1).max(8),
  materials: z.array(z.string().trim().min(1).max(50)).max(5),
  deskTopics: z.array(z.enum(DESK_TOPICS)).max(5),
});

export const Business5Schema = z.strictObject({
  title: LText,
  intro: LText,
  source: SourceSchema,
  /** `done`: the answer counts as doing the measure (the score is the number of measures done). */
  answers: z.array(z.strictObject({ code: Code, done: z.boolean(), label: LText })).min(2).max(6),
  measures: z.array(Measure).min(1).max(20),
});

export type Business5 = z.infer<typeof Business5Schema>;
export type Business5Measure = Business5['measures'][number];

export const BUSINESS5_MEASURES = 5;

function crossCheck(d: Business5): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  const add = (path: (string | number)[], ja: string, en: string) => out.push({ path: jsonPath(path), message: { ja, en } });
  if (d.measures.length !== BUSINESS5_MEASURES) add(['measures'], `5か条なので、ちょうど${BUSINESS5_MEASURES}個にしてください（いまは${d.measures.length}個）。`, `There must be exactly ${BUSINESS5_MEASURES} measures (there are ${d.measures.length}).`);
  const ids = new Set<number>();
  d.measures.forEach((m, i) => {
    if (ids.has(m.id)) add(['measures', i, 'id'], `番号 ${m.id} が重複しています。`, `The number ${m.id} is used twice.`);
    ids.add(m.id);
  });
  const codes = new Set<string>();
  d.answers.forEach((a, i) => {
    if (codes.has(a.code)) add(['answers', i, 'code'], `回答の記号「${a.code}」が重複しています。`, `The answer code "${a.code}" is used twice.`);
    codes.add(a.code);
  });
  if (!d.answers.some((a) => a.done)) add(['answers'], '「できている」にあたる回答（done: true）を1つ以上置いてください。', 'At least one answer must count as done (done: true).');
  if (d.answers.every((a) => a.done)) add(['answers'], '「できていない」にあたる回答（done: false）を1つ以上置いてください。', 'At least one answer must count as not done (done: false).');
  return out;
}

export function parseBusiness5(text: string): ParsedDocument<Business5> {
  const parsed = parseJsonDocument(Business5Schema, text, { ...SOURCE_MESSAGES, code: { ja: '半角英小文字か数字1文字にしてください', en: 'use one lower-case letter or digit' } });
  if (!parsed.value) return parsed;
  const issues = crossCheck(parsed.value);
  return issues.length ? { value: null, issues } : parsed;
}

export const business5Kind: DocumentKind<Business5> = {
  kind: 'business5',
  title: { ja: '中小企業：情報セキュリティ5か条', en: 'Small firms: the five information security principles' },
  defaultText: readFileSync(new URL('./data/business5.json', import.meta.url), 'utf8'),
  parse: parseBusiness5,
};
