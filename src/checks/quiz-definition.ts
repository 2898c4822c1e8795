// The knowledge quiz's bank as data the program office edits at /admin/checks: questions with 2 to 4
// options, the correct one and an explanation, in Japanese and English, marked as the editors' content.
// A quiz draws `drawCount` questions at random (src/quiz/state.ts).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { jsonPath, parseJsonDocument, type DocumentIssue, type ParsedDocument } from '../web/json-document.ts';
import type { DocumentKind } from './document-kind.ts';
import { LText, SOURCE_MESSAGES, SourceSchema } from './source-schema.ts';

const Key = z.string().regex(/^[a-z][a-z0-9_]{0,29}$/, { message: 'key' });
/** Option ids are one letter: the quiz's state and its stored answers hold one character per question. */
const OptionId = z.string().regex(/^[a-d]$/, { message: 'option' });
const Day = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, { message: 'date' });

export const MIN_QUESTIONS = 10;

const Question = z.strictObject({
  id: Key,
  /** For the office's overview (phishing, passwords…); not shown to quiz takers. */
  topic: Key,
  question: LText,
  options: z.array(z.strictObject({ id: OptionId, text: LText })).min(2).max(4),
  correct: OptionId,
  explanation: LText,
  /** Search words for related materials. */
  materials: z.array(z.string().trim().min(1).max(50)).max(5).optional(),
});

export const QuizBankSchema = z.strictObject({
  title: LText,
  intro: LText,
  source: SourceSchema,
  editorial: z.strictObject({ label: LText, date: Day, note: LText.optional() }),
  /** How many questions one quiz draws. */
  drawCount: z.number().int().min(5).max(20),
  // At most 200: the stored result holds one character per question of the bank.
  questions: z.array(Question).min(MIN_QUESTIONS).max(200),
});

export type QuizBank = z.infer<typeof QuizBankSchema>;
export type QuizQuestion = QuizBank['questions'][number];

const MESSAGES = {
  ...SOURCE_MESSAGES,
  key: { ja: '半角英小文字で始まり、半角英小文字・数字・_ だけの30文字以内にしてください', en: 'must start with a lower-case letter and use only lower-case letters, digits and _ (at most 30)' },
  option: { ja: '選択肢のidは a, b, c, d のどれかにしてください', en: 'option ids must be a, b, c or d' },
};

export function parseQuizBank(text: string): ParsedDocument<QuizBank> {
  const parsed = parseJsonDocument(QuizBankSchema, text, MESSAGES);
  if (!parsed.value) return parsed;
  const issues = crossCheck(parsed.value);
  return issues.length ? { value: null, issues } : parsed;
}

function crossCheck(b: QuizBank): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  const add = (path: (string | number)[], ja: string, en: string) => out.push({ path: jsonPath(path), message: { ja, en } });
  if (b.drawCount > b.questions.length) add(['drawCount'], `問題が${b.questions.length}問しかないので、${b.drawCount}問は出せません。`, `The bank has only ${b.questions.length} questions; it cannot draw ${b.drawCount}.`);
  const ids = new Set<string>();
  b.questions.forEach((q, i) => {
    if (ids.has(q.id)) add(['questions', i, 'id'], `問題のid「${q.id}」が重複しています。`, `The question id "${q.id}" is used twice.`);
    ids.add(q.id);
    const opts = new Set<string>();
    q.options.forEach((o, j) => {
      if (opts.has(o.id)) add(['questions', i, 'options', j, 'id'], `選択肢のid「${o.id}」が重複しています。`, `The option id "${o.id}" is used twice.`);
      opts.add(o.id);
    });
    if (!opts.has(q.correct)) add(['questions', i, 'correct'], `正解「${q.correct}」が選択肢にありません。`, `The correct answer "${q.correct}" is not one of the options.`);
  });
  return out;
}

export const DEFAULT_QUIZ_TEXT = readFileSync(new URL('./data/quiz.json', import.meta.url), 'utf8');

export const quizKind: DocumentKind<QuizBank> = {
  kind: 'quiz',
  title: { ja: '知識クイズの問題集', en: 'Knowledge quiz bank' },
  defaultText: DEFAULT_QUIZ_TEXT,
  parse: parseQuizBank,
};
