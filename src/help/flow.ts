// The guided path's questions and rules are data: a JSON document the program office edits at
// /admin/help. This file says what a valid document is (zod shape + cross-checks, with messages in
// Japanese and English naming the JSON path at fault) and how answers lead to desks, first steps and
// materials. Pure functions: no database here (desk slugs to check against are passed in).
import { z } from 'zod';
import type { Text } from '../i18n/locale.ts';
import { DESK_AUDIENCES, DESK_TOPICS, type DeskAudience, type DeskTopic } from '../desks/model.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { jsonPath, parseJsonDocument, type DocumentIssue } from '../web/json-document.ts';

const LText = z.strictObject({ ja: z.string().trim().min(1).max(2000), en: z.string().trim().min(1).max(2000) });
/** Question ids and option values travel in URLs: short, lower case, never starting with "_" (reserved). */
const Key = z.string().regex(/^[a-z][a-z0-9_]{0,29}$/, { message: 'key' });
const Conditions = z.record(Key, z.array(z.string().min(1).max(40)).min(1).max(60));

const Option = z.strictObject({ value: Key, label: LText, hint: LText.optional() });

const Question = z.strictObject({
  id: Key,
  /** 'choice': one of the options (radios); 'prefecture': one of the 47 prefectures (a select). */
  kind: z.enum(['choice', 'prefecture']),
  /** 'audience': the options are the desks' "for whom" slugs, and the answer filters desks and materials. */
  role: z.enum(['audience']).optional(),
  text: LText,
  hint: LText.optional(),
  optional: z.boolean().optional(),
  options: z.array(Option).max(20).optional(),
  /** Asked only when every condition holds (answers to earlier questions). */
  showIf: Conditions.optional(),
});

const Rule = z.strictObject({
  id: Key,
  /** For the program office only: why the rule is there. */
  note: z.string().max(1000).optional(),
  /** Every listed question's answer must be one of its values. {} matches every set of answers. */
  when: Conditions,
  /** Applies only when no other (non-fallback) rule matched. */
  fallback: z.boolean().optional(),
  /** An urgent case: this notice and the rule's desks come first, prominently. */
  urgent: LText.optional(),
  /** Desks named by slug, in this order. */
  desks: z.array(z.string().min(1).max(60)).max(20).optional(),
  /** Desks that help with any of these topics, serve the person's audience and their prefecture (or the whole country). */
  deskTopics: z.array(z.enum(DESK_TOPICS)).max(20).optional(),
  steps: z.array(LText).max(20).optional(),
  /** Search words for the related materials (as typed in the library's search box). */
  materials: z.array(z.string().trim().min(1).max(50)).max(10).optional(),
});

export const HelpFlowSchema = z.strictObject({
  title: LText,
  intro: LText,
  questions: z.array(Question).min(1).max(12),
  rules: z.array(Rule).min(1).max(300),
});

export type HelpFlow = z.infer<typeof HelpFlowSchema>;
export type HelpQuestion = HelpFlow['questions'][number];
export type HelpRule = HelpFlow['rules'][number];
export type Answers = Record<string, string>;

export type FlowIssue = DocumentIssue;

const KEY_MESSAGE: Text = { ja: '半角英小文字で始まり、半角英小文字・数字・_ だけの30文字以内にしてください', en: 'must start with a lower-case letter and use only lower-case letters, digits and _ (at most 30)' };

/** Parses and checks a document. Returns the flow, or every problem found (shape first, then cross-references). */
export function parseHelpFlow(text: string, deskSlugs: ReadonlySet<string>): { flow: HelpFlow; issues: [] } | { flow: null; issues: FlowIssue[] } {
  const parsed = parseJsonDocument(HelpFlowSchema, text, { key: KEY_MESSAGE });
  if (!parsed.value) return { flow: null, issues: parsed.issues };
  const issues = crossCheck(parsed.value, deskSlugs);
  return issues.length ? { flow: null, issues } : { flow: parsed.value, issues: [] };
}

/** Question ids are page names under /help/: these are taken by the result and answer pages. */
export const RESERVED_IDS = ['result', 'answer'];

/** What zod cannot see: ids unique, conditions naming real questions and answers, desks that exist. */
function crossCheck(flow: HelpFlow, deskSlugs: ReadonlySet<string>): FlowIssue[] {
  const out: FlowIssue[] = [];
  const add = (path: (string | number)[], ja: string, en: string) => out.push({ path: jsonPath(path), message: { ja, en } });
  const seen = new Map<string, number>();
  let prefectureQuestions = 0;
  let audienceQuestions = 0;

  const checkConditions = (conds: Record<string, string[]>, base: (string | number)[], allowed: Map<string, number>) => {
    for (const [qid, values] of Object.entries(conds)) {
      const qi = allowed.get(qid);
      if (qi === undefined) {
        add([...base, qid], `質問「${qid}」はありません（この位置より前の質問のidを指定してください）。`, `There is no question "${qid}" (use the id of a question asked before this point).`);
        continue;
      }
      const q = flow.questions[qi]!;
      values.forEach((v, vi) => {
        const ok = q.kind === 'prefecture' ? isPrefectureCode(v) : (q.options ?? []).some((o) => o.value === v);
        if (!ok)
          add(
            [...base, qid, vi],
            q.kind === 'prefecture' ? `「${v}」は都道府県コード（01〜47）ではありません。` : `質問「${qid}」に選択肢「${v}」はありません。`,
            q.kind === 'prefecture' ? `"${v}" is not a prefecture code (01–47).` : `Question "${qid}" has no option "${v}".`,
          );
      });
    }
  };

  flow.questions.forEach((q, qi) => {
    if (seen.has(q.id)) add(['questions', qi, 'id'], `質問のid「${q.id}」が重複しています。`, `The question id "${q.id}" is used twice.`);
    if (RESERVED_IDS.includes(q.id)) add(['questions', qi, 'id'], `「${q.id}」は質問のidに使えません（${RESERVED_IDS.join('、')} はページの名前です）。`, `"${q.id}" cannot be a question id (${RESERVED_IDS.join(', ')} are page names).`);
    if (q.showIf) checkConditions(q.showIf, ['questions', qi, 'showIf'], new Map(seen));
    seen.set(q.id, qi);
    if (q.kind === 'prefecture') {
      prefectureQuestions++;
      if (q.options?.length) add(['questions', qi, 'options'], '都道府県の質問には選択肢を書きません（47都道府県が自動で並びます）。', 'A prefecture question has no options (the 47 prefectures are listed automatically).');
      if (q.role) add(['questions', qi, 'role'], '都道府県の質問に role は指定できません。', 'A prefecture question cannot have a role.');
    } else {
      const opts = q.options ?? [];
      if (opts.length < 2) add(['questions', qi, 'options'], '選択肢を2つ以上書いてください。', 'Give at least two options.');
      const values = new Set<string>();
      opts.forEach((o, oi) => {
        if (values.has(o.value)) add(['questions', qi, 'options', oi, 'value'], `選択肢の値「${o.value}」が重複しています。`, `The option value "${o.value}" is used twice.`);
        values.add(o.value);
        if (q.role === 'audience' && !(DESK_AUDIENCES as readonly string[]).includes(o.value))
          add(['questions', qi, 'options', oi, 'value'], `対象の質問の選択肢は ${DESK_AUDIENCES.join(', ')} のどれかにしてください（「${o.value}」は使えません）。`, `Options of the audience question must be one of ${DESK_AUDIENCES.join(', ')} ("${o.value}" is not).`);
      });
    }
    if (q.role === 'audience') audienceQuestions++;
  });
  if (prefectureQuestions > 1) add(['questions'], '都道府県の質問（kind: "prefecture"）は1つまでです。', 'There can be at most one prefecture question (kind: "prefecture").');
  if (audienceQuestions > 1) add(['questions'], '対象の質問（role: "audience"）は1つまでです。', 'There can be at most one audience question (role: "audience").');

  const ruleIds = new Set<string>();
  flow.rules.forEach((r, ri) => {
    if (ruleIds.has(r.id)) add(['rules', ri, 'id'], `規則のid「${r.id}」が重複しています。`, `The rule id "${r.id}" is used twice.`);
    ruleIds.add(r.id);
    checkConditions(r.when, ['rules', ri, 'when'], seen);
    (r.desks ?? []).forEach((slug, di) => {
      if (!deskSlugs.has(slug)) add(['rules', ri, 'desks', di], `相談窓口「${slug}」は登録されていません（相談窓口の管理画面にある識別子を指定してください）。`, `There is no desk "${slug}" (use an identifier from the desk administration page).`);
    });
    if (!r.desks?.length && !r.deskTopics?.length && !r.steps?.length && !r.urgent)
      add(['rules', ri], 'この規則は何も案内しません。desks、deskTopics、steps、urgent のどれかを書いてください。', 'This rule shows nothing: give desks, deskTopics, steps or urgent.');
  });
  return out;
}

// ------------------------------------------------------------------ answering

const matches = (conds: Record<string, string[]>, answers: Answers) => Object.entries(conds).every(([q, values]) => answers[q] !== undefined && values.includes(answers[q]!));

/** The questions asked for these answers (showIf evaluated against the answers to earlier questions). */
export function askedQuestions(flow: HelpFlow, answers: Answers): HelpQuestion[] {
  return flow.questions.filter((q) => !q.showIf || matches(q.showIf, answers));
}

export function isValidAnswer(q: HelpQuestion, value: string): boolean {
  return q.kind === 'prefecture' ? isPrefectureCode(value) : (q.options ?? []).some((o) => o.value === value);
}

/** Answers read from a query string: only questions of the flow, only valid values; the rest is reported. */
export function readAnswers(flow: HelpFlow, query: Record<string, unknown>): { answers: Answers; invalid: string[] } {
  const answers: Answers = {};
  const invalid: string[] = [];
  for (const q of flow.questions) {
    const v = query[q.id];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string' || !isValidAnswer(q, v)) invalid.push(q.id);
    else answers[q.id] = v;
  }
  return { answers, invalid };
}

/** The question asked after `afterId` (the first one without it); null after the last: then the result. */
export function nextQuestion(flow: HelpFlow, answers: Answers, afterId?: string): HelpQuestion | null {
  const asked = askedQuestions(flow, answers);
  if (!afterId) return asked[0] ?? null;
  const i = asked.findIndex((q) => q.id === afterId);
  return i >= 0 ? (asked[i + 1] ?? null) : null;
}

/** The question asked just before `id` (for the back link), or null for the first. */
export function previousQuestion(flow: HelpFlow, answers: Answers, id: string): HelpQuestion | null {
  const asked = askedQuestions(flow, answers);
  const i = asked.findIndex((q) => q.id === id);
  return i > 0 ? asked[i - 1]! : null;
}

export interface HelpOutcome {
  urgentNotices: Text[];
  /** Desks of urgent rules, in order: shown first, prominently. */
  urgentDesks: string[];
  /** Desks named by the other rules, in order. */
  desks: string[];
  topics: DeskTopic[];
  audience: DeskAudience | null;
  prefecture: string | null;
  steps: Text[];
  materialTerms: string[];
  matchedRules: string[];
}

/** Which rules apply to these answers and what together they advise. */
export function evaluateFlow(flow: HelpFlow, answers: Answers): HelpOutcome {
  // Answers to questions that were not asked (a changed earlier answer) do not count.
  const asked = new Set(askedQuestions(flow, answers).map((q) => q.id));
  const given: Answers = Object.fromEntries(Object.entries(answers).filter(([k]) => asked.has(k)));
  let matched = flow.rules.filter((r) => !r.fallback && matches(r.when, given));
  if (!matched.length) matched = flow.rules.filter((r) => r.fallback && matches(r.when, given));
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  const urgent = matched.filter((r) => r.urgent);
  const audienceQ = flow.questions.find((q) => q.role === 'audience');
  const prefectureQ = flow.questions.find((q) => q.kind === 'prefecture');
  const stepKey = (t: Text) => t.ja;
  const steps: Text[] = [];
  const seenSteps = new Set<string>();
  for (const r of [...urgent, ...matched.filter((x) => !x.urgent)]) {
    for (const s of r.steps ?? []) {
      if (seenSteps.has(stepKey(s))) continue;
      seenSteps.add(stepKey(s));
      steps.push(s);
    }
  }
  const urgentDesks = uniq(urgent.flatMap((r) => r.desks ?? []));
  return {
    urgentNotices: urgent.map((r) => r.urgent!),
    urgentDesks,
    desks: uniq(matched.filter((r) => !r.urgent).flatMap((r) => r.desks ?? [])).filter((d) => !urgentDesks.includes(d)),
    topics: uniq(matched.flatMap((r) => r.deskTopics ?? [])),
    audience: audienceQ && given[audienceQ.id] ? (given[audienceQ.id] as DeskAudience) : null,
    prefecture: prefectureQ && given[prefectureQ.id] ? given[prefectureQ.id]! : null,
    steps,
    materialTerms: uniq(matched.flatMap((r) => r.materials ?? [])),
    matchedRules: matched.map((r) => r.id),
  };
}
