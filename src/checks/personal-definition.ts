// The personal check's definition: the 9 basic measures (インターネットを安全に利用するための情報セキュリティ対策
// ９か条, NISC・IPA 2015-02) as data the program office edits at /admin/checks. Each measure has its official
// wording, a plain question, the plan step for those who do not do it yet, search words for materials and
// the desk topics that help. Which wording the editors wrote (and not the source) is listed per measure
// (`judged`) and shown to readers as such. Pure functions: parsing, cross-checks and scoring.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DESK_TOPICS } from '../desks/model.ts';
import { jsonPath, parseJsonDocument, type DocumentIssue, type ParsedDocument } from '../web/json-document.ts';
import type { DocumentKind } from './document-kind.ts';
import { LText, SOURCE_MESSAGES, SourceSchema } from './source-schema.ts';

/** Ids are stable names (not shown); answer codes are one lower-case letter, stored one per measure. */
const Key = z.string().regex(/^[a-z][a-z0-9_]{0,29}$/, { message: 'key' });
const Code = z.string().regex(/^[a-z]$/, { message: 'code' });
const Day = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, { message: 'date' });

/** The fields of a measure whose wording may be the editors' rather than the source's. */
export const JUDGEABLE_FIELDS = ['official.en', 'question', 'hint', 'plan'] as const;
export type JudgeableField = (typeof JUDGEABLE_FIELDS)[number];

const Answer = z.strictObject({
  code: Code,
  label: LText,
  /** Counts as "already done" (in the score, and no plan step). */
  done: z.boolean(),
  /** Shown above the plan step of a measure given this answer. */
  note: LText.optional(),
});

const Measure = z.strictObject({
  id: Key,
  official: LText,
  question: LText,
  /** One or two plain sentences explaining a term (OS, アップデート). */
  hint: LText.optional(),
  /** What to do, in plain words: 2 to 4 concrete actions. */
  plan: z.array(LText).min(2).max(4),
  /** Search words for related materials (as typed in the library's search box). */
  materials: z.array(z.string().trim().min(1).max(50)).max(5),
  /** Desks that help with any of these topics are listed when the measure is not done. */
  deskTopics: z.array(z.enum(DESK_TOPICS)).max(DESK_TOPICS.length),
  /** List desks even when the measure is done (measure 9: ask for help). */
  alwaysDesks: z.boolean().optional(),
  judged: z.array(z.enum(JUDGEABLE_FIELDS)).max(JUDGEABLE_FIELDS.length),
});

export const PersonalCheckSchema = z.strictObject({
  title: LText,
  intro: LText,
  source: SourceSchema,
  /** How the editors' wording is labelled to readers, and as of when. */
  editorial: z.strictObject({ label: LText, date: Day, note: LText.optional() }),
  answers: z.array(Answer).min(2).max(6),
  // At most 200: the anonymous result stores one character per measure in 200 characters.
  measures: z.array(Measure).min(1).max(200),
});

export type PersonalCheck = z.infer<typeof PersonalCheckSchema>;
export type PersonalMeasure = PersonalCheck['measures'][number];
export type PersonalAnswer = PersonalCheck['answers'][number];

const MESSAGES = {
  ...SOURCE_MESSAGES,
  key: { ja: '半角英小文字で始まり、半角英小文字・数字・_ だけの30文字以内にしてください', en: 'must start with a lower-case letter and use only lower-case letters, digits and _ (at most 30)' },
  code: { ja: '半角英小文字1文字にしてください', en: 'must be one lower-case letter' },
};

export function parsePersonalCheck(text: string): ParsedDocument<PersonalCheck> {
  const parsed = parseJsonDocument(PersonalCheckSchema, text, MESSAGES);
  if (!parsed.value) return parsed;
  const issues = crossCheck(parsed.value);
  return issues.length ? { value: null, issues } : parsed;
}

/** What zod cannot see: unique ids and codes, both a "done" and a "not done" answer, no field judged twice. */
function crossCheck(d: PersonalCheck): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  const add = (path: (string | number)[], ja: string, en: string) => out.push({ path: jsonPath(path), message: { ja, en } });
  const codes = new Set<string>();
  d.answers.forEach((a, i) => {
    if (codes.has(a.code)) add(['answers', i, 'code'], `回答のコード「${a.code}」が重複しています。`, `The answer code "${a.code}" is used twice.`);
    codes.add(a.code);
  });
  if (!d.answers.some((a) => a.done)) add(['answers'], '「できている」（done: true）の回答が1つもありません。', 'No answer counts as done (done: true).');
  if (!d.answers.some((a) => !a.done)) add(['answers'], '「まだできていない」（done: false）の回答が1つもありません。', 'No answer counts as not done (done: false).');
  const ids = new Set<string>();
  d.measures.forEach((m, i) => {
    if (ids.has(m.id)) add(['measures', i, 'id'], `対策のid「${m.id}」が重複しています。`, `The measure id "${m.id}" is used twice.`);
    ids.add(m.id);
    if (new Set(m.judged).size !== m.judged.length) add(['measures', i, 'judged'], '同じ項目が2回書かれています。', 'A field is listed twice.');
    if (m.judged.includes('hint') && !m.hint) add(['measures', i, 'judged'], '説明（hint）がないのに、judged に hint があります。', 'judged lists hint, but the measure has no hint.');
  });
  return out;
}

export const DEFAULT_PERSONAL_TEXT = readFileSync(new URL('./data/personal.json', import.meta.url), 'utf8');

export const personalCheckKind: DocumentKind<PersonalCheck> = {
  kind: 'personal',
  title: { ja: '個人向けチェック（9か条）', en: 'Personal check (the 9 measures)' },
  defaultText: DEFAULT_PERSONAL_TEXT,
  parse: parsePersonalCheck,
};

// ---------------------------------------------------------------- scoring

/** The code stored for a measure not answered yet (progress only; a completed check has every answer). */
export const UNANSWERED = '-';

export interface PersonalOutcome {
  /** Measures answered with a "done" answer, in the definition's order. */
  done: PersonalMeasure[];
  /** The rest, each with the answer given, in the definition's order: the action plan. */
  todo: { measure: PersonalMeasure; answer: PersonalAnswer }[];
  /** How many are done (the stored score). */
  score: number;
  total: number;
}

export const answerByCode = (d: PersonalCheck, code: string): PersonalAnswer | undefined => d.answers.find((a) => a.code === code);

/** `answers`: one code per measure, all answered. Throws on a code the definition does not have. */
export function scorePersonal(d: PersonalCheck, answers: string): PersonalOutcome {
  if (answers.length !== d.measures.length) throw new Error(`expected ${d.measures.length} answers, got ${answers.length}`);
  const done: PersonalMeasure[] = [];
  const todo: PersonalOutcome['todo'] = [];
  d.measures.forEach((m, i) => {
    const a = answerByCode(d, answers[i]!);
    if (!a) throw new Error(`unknown answer code ${answers[i]} for ${m.id}`);
    if (a.done) done.push(m);
    else todo.push({ measure: m, answer: a });
  });
  return { done, todo, score: done.length, total: d.measures.length };
}
