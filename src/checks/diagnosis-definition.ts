// 5分でできる！情報セキュリティ自社診断 (IPA), the 25-item self-diagnosis for small firms, as data: the
// questions, the points of each answer, the three parts, the bands and, per item, the plain first step,
// material search words, desk topics and a priority. The program office edits it at /admin/checks; the
// checks below make sure an edited version still scores every possible set of answers into one band.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DESK_TOPICS } from '../desks/model.ts';
import { jsonPath, parseJsonDocument, type DocumentIssue, type ParsedDocument } from '../web/json-document.ts';
import type { DocumentKind } from './document-kind.ts';
import { LText, SOURCE_MESSAGES, SourceSchema } from './source-schema.ts';

/** Answers are stored one character per item, so an answer's code is one lower-case letter or digit. */
const Code = z.string().regex(/^[a-z0-9]$/, { message: 'code' });

const AnswerOption = z.strictObject({ code: Code, points: z.number().int().min(-100).max(100), label: LText });

const Item = z.strictObject({
  /** Stable number of the item (1–25 in IPA's sheet): form field names and links use it. */
  id: z.number().int().min(1).max(999),
  question: LText,
  /** What to do first, in plain words. */
  firstStep: LText,
  /** Search words for related materials (as typed in the library's search box). */
  materials: z.array(z.string().trim().min(1).max(50)).max(5),
  deskTopics: z.array(z.enum(DESK_TOPICS)).max(5),
  /** 1 = fix first, 3 = later; orders the items to fix within the same kind of answer. */
  priority: z.number().int().min(1).max(3),
});

const Part = z.strictObject({
  title: LText,
  /** Item positions (1-based, in the order of `items`), inclusive. */
  from: z.number().int().min(1),
  to: z.number().int().min(1),
});

const Band = z.strictObject({ min: z.number().int(), max: z.number().int(), title: LText, text: LText });

export const DiagnosisSchema = z.strictObject({
  title: LText,
  intro: LText,
  source: SourceSchema,
  answers: z.array(AnswerOption).min(2).max(6),
  parts: z.array(Part).min(1).max(10),
  bands: z.array(Band).min(1).max(10),
  items: z.array(Item).min(1).max(60),
});

export type Diagnosis = z.infer<typeof DiagnosisSchema>;
export type DiagnosisItem = Diagnosis['items'][number];
export type DiagnosisBand = Diagnosis['bands'][number];
export type DiagnosisAnswer = Diagnosis['answers'][number];

/** IPA's sheet has 25 items; a version with another count would not be the same diagnosis. */
export const DIAGNOSIS_ITEMS = 25;

const MESSAGES = {
  ...SOURCE_MESSAGES,
  code: { ja: '半角英小文字か数字1文字にしてください', en: 'use one lower-case letter or digit' },
};

/** The lowest and highest possible totals. */
export function scoreRange(d: Pick<Diagnosis, 'answers' | 'items'>): { min: number; max: number } {
  const pts = d.answers.map((a) => a.points);
  return { min: d.items.length * Math.min(...pts), max: d.items.length * Math.max(...pts) };
}

function crossCheck(d: Diagnosis): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  const add = (path: (string | number)[], ja: string, en: string) => out.push({ path: jsonPath(path), message: { ja, en } });

  if (d.items.length !== DIAGNOSIS_ITEMS) add(['items'], `項目はちょうど${DIAGNOSIS_ITEMS}個にしてください（いまは${d.items.length}個）。`, `There must be exactly ${DIAGNOSIS_ITEMS} items (there are ${d.items.length}).`);
  const ids = new Set<number>();
  d.items.forEach((it, i) => {
    if (ids.has(it.id)) add(['items', i, 'id'], `項目の番号 ${it.id} が重複しています。`, `The item number ${it.id} is used twice.`);
    ids.add(it.id);
  });

  const codes = new Set<string>();
  d.answers.forEach((a, i) => {
    if (codes.has(a.code)) add(['answers', i, 'code'], `回答の記号「${a.code}」が重複しています。`, `The answer code "${a.code}" is used twice.`);
    codes.add(a.code);
  });

  // Parts: in order, each from ≤ to, together covering every item exactly once.
  let next = 1;
  d.parts.forEach((p, i) => {
    if (p.from > p.to) add(['parts', i], `from（${p.from}）が to（${p.to}）より大きくなっています。`, `from (${p.from}) is greater than to (${p.to}).`);
    else if (p.from !== next) add(['parts', i, 'from'], p.from > next ? `項目 ${next}〜${p.from - 1} がどのパートにも入っていません。` : `項目 ${p.from}〜${next - 1} が前のパートと重なっています。`, p.from > next ? `Items ${next}–${p.from - 1} are in no part.` : `Items ${p.from}–${next - 1} overlap the previous part.`);
    next = Math.max(next, p.to + 1);
  });
  if (next <= d.items.length) add(['parts'], `項目 ${next}〜${d.items.length} がどのパートにも入っていません。`, `Items ${next}–${d.items.length} are in no part.`);
  else if (next - 1 > d.items.length) add(['parts', d.parts.length - 1, 'to'], `最後のパートが項目の数（${d.items.length}）を超えています。`, `The last part goes past the number of items (${d.items.length}).`);

  // Bands: every possible total in exactly one band, no gaps, no overlaps.
  const range = scoreRange(d);
  const order = d.bands.map((b, i) => ({ b, i })).sort((x, y) => x.b.min - y.b.min);
  let expect = range.min;
  for (const { b, i } of order) {
    if (b.min > b.max) {
      add(['bands', i], `min（${b.min}）が max（${b.max}）より大きくなっています。`, `min (${b.min}) is greater than max (${b.max}).`);
      continue;
    }
    if (b.min > expect) add(['bands', i, 'min'], `${expect}〜${b.min - 1}点がどの判定にも入っていません。`, `Totals ${expect} to ${b.min - 1} are in no band.`);
    else if (b.min < expect) add(['bands', i, 'min'], `${b.min}〜${Math.min(b.max, expect - 1)}点が他の判定と重なるか、取りうる範囲（${range.min}〜${range.max}点）の外です。`, `Totals ${b.min} to ${Math.min(b.max, expect - 1)} overlap another band or lie outside the possible range (${range.min} to ${range.max}).`);
    expect = Math.max(expect, b.max + 1);
  }
  if (expect <= range.max) add(['bands'], `${expect}〜${range.max}点がどの判定にも入っていません。`, `Totals ${expect} to ${range.max} are in no band.`);
  else if (expect - 1 > range.max) add(['bands'], `判定が取りうる最高点（${range.max}点）を超えています。`, `The bands go past the highest possible total (${range.max}).`);
  return out;
}

export function parseDiagnosis(text: string): ParsedDocument<Diagnosis> {
  const parsed = parseJsonDocument(DiagnosisSchema, text, MESSAGES);
  if (!parsed.value) return parsed;
  const issues = crossCheck(parsed.value);
  return issues.length ? { value: null, issues } : parsed;
}

export const diagnosisKind: DocumentKind<Diagnosis> = {
  kind: 'diagnosis',
  title: { ja: '中小企業：情報セキュリティ自社診断（25項目）', en: 'Small firms: information security self-diagnosis (25 items)' },
  defaultText: readFileSync(new URL('./data/diagnosis.json', import.meta.url), 'utf8'),
  parse: parseDiagnosis,
};
