// Scoring of the self-diagnosis and of the five measures: pure functions over a definition and the
// answers (one code per item, in the definition's order, the same string that is stored).
import type { Business5, Business5Measure } from '../checks/business5-definition.ts';
import { scoreRange, type Diagnosis, type DiagnosisAnswer, type DiagnosisBand, type DiagnosisItem } from '../checks/diagnosis-definition.ts';

export interface PartScore {
  index: number;
  title: Diagnosis['parts'][number]['title'];
  score: number;
  max: number;
  items: DiagnosisItem[];
}

export interface ToFix {
  item: DiagnosisItem;
  /** 1-based position in the definition (the number shown beside the question). */
  position: number;
  answer: DiagnosisAnswer;
}

export interface DiagnosisScore {
  total: number;
  max: number;
  min: number;
  band: DiagnosisBand;
  parts: PartScore[];
  /** Items not fully done: answers worth nothing or less (not done, don't know) first, then partial ones; each group by priority, then position. */
  toFix: ToFix[];
}

/** The answer option of each code, or null when `answers` is not one valid code per item. */
export function readDiagnosisAnswers(d: Diagnosis, answers: string): DiagnosisAnswer[] | null {
  if (answers.length !== d.items.length) return null;
  const byCode = new Map(d.answers.map((a) => [a.code, a]));
  const out: DiagnosisAnswer[] = [];
  for (const c of answers) {
    const a = byCode.get(c);
    if (!a) return null;
    out.push(a);
  }
  return out;
}

export function bandOf(d: Diagnosis, total: number): DiagnosisBand {
  const band = d.bands.find((b) => total >= b.min && total <= b.max);
  // The definition's cross-checks guarantee a band for every possible total.
  if (!band) throw new Error(`no band for a total of ${total}`);
  return band;
}

export function scoreDiagnosis(d: Diagnosis, answers: string): DiagnosisScore {
  const chosen = readDiagnosisAnswers(d, answers);
  if (!chosen) throw new Error('answers do not fit the diagnosis');
  const best = Math.max(...d.answers.map((a) => a.points));
  const total = chosen.reduce((s, a) => s + a.points, 0);
  const parts = d.parts.map((p, index) => ({
    index,
    title: p.title,
    score: chosen.slice(p.from - 1, p.to).reduce((s, a) => s + a.points, 0),
    max: (p.to - p.from + 1) * best,
    items: d.items.slice(p.from - 1, p.to),
  }));
  const toFix = d.items
    .map((item, i) => ({ item, position: i + 1, answer: chosen[i]! }))
    .filter((x) => x.answer.points < best)
    .sort((a, b) => Number(a.answer.points > 0) - Number(b.answer.points > 0) || a.item.priority - b.item.priority || a.position - b.position);
  const range = scoreRange(d);
  return { total, max: range.max, min: range.min, band: bandOf(d, total), parts, toFix };
}

export interface Business5Score {
  /** Number of measures done. */
  score: number;
  done: Business5Measure[];
  notDone: { measure: Business5Measure; answer: Business5['answers'][number] }[];
}

export function readBusiness5Answers(d: Business5, answers: string): Business5['answers'] | null {
  if (answers.length !== d.measures.length) return null;
  const byCode = new Map(d.answers.map((a) => [a.code, a]));
  const out: Business5['answers'] = [];
  for (const c of answers) {
    const a = byCode.get(c);
    if (!a) return null;
    out.push(a);
  }
  return out;
}

export function scoreBusiness5(d: Business5, answers: string): Business5Score {
  const chosen = readBusiness5Answers(d, answers);
  if (!chosen) throw new Error('answers do not fit the five measures');
  const done: Business5Measure[] = [];
  const notDone: Business5Score['notDone'] = [];
  d.measures.forEach((m, i) => (chosen[i]!.done ? done.push(m) : notDone.push({ measure: m, answer: chosen[i]! })));
  return { score: done.length, done, notDone };
}
