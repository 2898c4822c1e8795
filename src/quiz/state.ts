// A quiz in progress lives in its URL (no cookie, no row): `s` names the bank version and the questions
// drawn, signed with an HMAC so a changed selection is refused; `a` holds the answers so far, one option
// id (a–d) per question answered, in the order drawn. Pure functions apart from the key.
//
// s = "<version>.<indexes>.<mac>": version 0 is the shipped default; indexes are the drawn questions'
// positions in the bank, two base-36 digits each; mac = HMAC-SHA256(key, "quiz\n<version>\n<indexes>"),
// first 12 bytes, base64url.
//
// The stored anonymous result (check 'quiz') has one character per question of the BANK, in the bank's
// order: the option id chosen (a–d) for a question that was drawn, '-' for one that was not. With the
// definition version beside it, every answer can be read against its question and correct option later.
// Its score is the number of correct answers (0 … drawCount).
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { QuizBank, QuizQuestion } from '../checks/quiz-definition.ts';
import type { Db } from '../db/database.ts';
import { instanceSecret } from '../outbox/secrets.ts';

export interface QuizState {
  version: number | null;
  /** Positions in the bank of the drawn questions, in the order asked. */
  indexes: number[];
  /** Option ids chosen so far. */
  answers: string;
}

export async function quizStateKey(db: Db): Promise<Buffer> {
  return Buffer.from(await instanceSecret(db, 'quiz-state-key', () => randomBytes(32).toString('base64url')), 'base64url');
}

const mac = (key: Buffer, version: number, idx: string) => createHmac('sha256', key).update(`quiz\n${version}\n${idx}`).digest().subarray(0, 12).toString('base64url');

/** `count` distinct questions of the bank, uniformly at random (partial Fisher–Yates with a CSPRNG). */
export function draw(bankSize: number, count: number): number[] {
  const all = Array.from({ length: bankSize }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + randomInt(bankSize - i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count);
}

export function encodeSelection(key: Buffer, version: number | null, indexes: number[]): string {
  const v = version ?? 0;
  const idx = indexes.map((i) => i.toString(36).padStart(2, '0')).join('');
  return `${v}.${idx}.${mac(key, v, idx)}`;
}

/** The version and indexes of a signed selection, or null when it is malformed or its signature is wrong. */
export function decodeSelection(key: Buffer, s: unknown): { version: number | null; indexes: number[] } | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{1,9})\.((?:[0-9a-z]{2}){1,40})\.([A-Za-z0-9_-]{16})$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]);
  const expected = Buffer.from(mac(key, v, m[2]!));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const indexes = m[2]!.match(/.{2}/g)!.map((x) => parseInt(x, 36));
  return { version: v === 0 ? null : v, indexes };
}

/** Whether a decoded selection fits the bank of its version, and the answers fit the questions. */
export function validState(bank: QuizBank, indexes: number[], answers: string): boolean {
  if (indexes.length !== bank.drawCount || new Set(indexes).size !== indexes.length) return false;
  if (indexes.some((i) => i >= bank.questions.length)) return false;
  if (answers.length > indexes.length || !/^[a-d]*$/.test(answers)) return false;
  return [...answers].every((a, k) => bank.questions[indexes[k]!]!.options.some((o) => o.id === a));
}

export const questionsOf = (bank: QuizBank, indexes: number[]): QuizQuestion[] => indexes.map((i) => bank.questions[i]!);

export function scoreQuiz(bank: QuizBank, indexes: number[], answers: string): number {
  return [...answers].filter((a, k) => bank.questions[indexes[k]!]!.correct === a).length;
}

/** The stored answers: one character per bank question (see the top of this file). */
export function storedAnswers(bank: QuizBank, indexes: number[], answers: string): string {
  const out = Array.from({ length: bank.questions.length }, () => '-');
  indexes.forEach((i, k) => (out[i] = answers[k] ?? '-'));
  return out.join('');
}
