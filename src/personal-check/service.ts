// The personal check's journey: start, answer one measure at a time, the optional "about you", complete
// (the anonymous result is stored once, in the same transaction that marks the journey completed) and
// the result: what the person already does, the plan for the rest with materials, events near them and
// desks. A journey is found by the SHA-256 of its token; the token itself never reaches the database.
import { hashToken, newToken } from '../accounts/tokens.ts';
import { tokyoToday } from '../advisories/time.ts';
import { currentDocument, documentAt } from '../checks/documents.ts';
import { personalCheckKind, scorePersonal, UNANSWERED, type PersonalCheck, type PersonalMeasure, type PersonalOutcome } from '../checks/personal-definition.ts';
import type { CheckResultWriter } from '../checks/results.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Desk, DeskTopic } from '../desks/model.ts';
import { findDesks } from '../desks/repository.ts';
import { NO_FILTERS, type PublicEvent } from '../events/model.ts';
import { browseEvents } from '../events/service.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Material } from '../materials/model.ts';
import { browseMaterials } from '../materials/service.ts';
import type { AgeBand } from '../taxonomy/attributes.ts';
import { addMonths, PROGRESS_KEEP_MONTHS, type Progress } from './model.ts';
import { findProgress, insertProgress, markCompleted, updateProgress } from './repository.ts';

export interface Journey {
  tokenHash: string;
  progress: Progress;
  definition: PersonalCheck;
}

const keepUntil = (today: string) => addMonths(today, PROGRESS_KEEP_MONTHS);

/** A new journey on the definition in use; returns the token for the cookie and the resume link. */
export async function startJourney(handle: DatabaseHandle, now: Date): Promise<string> {
  const { value, version } = await currentDocument(handle.db, personalCheckKind);
  const token = newToken();
  const today = tokyoToday(now);
  await insertProgress(handle.db, hashToken(token), { definitionVersion: version, answers: UNANSWERED.repeat(value.measures.length), today, expiresOn: keepUntil(today) });
  return token;
}

/** The journey of a token, or null when it is unknown or expired (or its definition version is gone). */
export async function loadJourney(handle: DatabaseHandle, token: string, now: Date): Promise<Journey | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  const progress = await findProgress(handle.db, tokenHash, tokyoToday(now));
  if (!progress) return null;
  const definition = await documentAt(handle.db, personalCheckKind, progress.definitionVersion);
  if (!definition || definition.measures.length !== progress.answers.length) return null;
  return { tokenHash, progress, definition };
}

/** 1-based number of the first measure not answered yet, or null when all are. */
export function firstUnanswered(p: Progress): number | null {
  const i = p.answers.indexOf(UNANSWERED);
  return i < 0 ? null : i + 1;
}

/** Where a journey continues: the first open question, "about you", the review, or the result. */
export function nextStep(j: Journey): string {
  if (j.progress.completedOn) return '/check/result';
  const open = firstUnanswered(j.progress);
  if (open !== null) return `/check/q/${open}`;
  return j.progress.aboutDone ? '/check/review' : '/check/about';
}

/** Stores one answer (the caller checked the code). False when the journey can no longer change. */
export async function saveAnswer(handle: DatabaseHandle, j: Journey, n: number, code: string, now: Date): Promise<boolean> {
  const answers = j.progress.answers.slice(0, n - 1) + code + j.progress.answers.slice(n);
  const today = tokyoToday(now);
  const ok = await updateProgress(handle.db, j.tokenHash, { answers }, today, keepUntil(today));
  if (ok) j.progress = { ...j.progress, answers };
  return ok;
}

export async function saveAbout(handle: DatabaseHandle, j: Journey, ageBand: AgeBand | null, prefecture: string | null, now: Date): Promise<boolean> {
  const today = tokyoToday(now);
  return updateProgress(handle.db, j.tokenHash, { ageBand, prefecture, aboutDone: true }, today, keepUntil(today));
}

/**
 * Stores the anonymous result and marks the journey completed, in one transaction: a second press of
 * the button (or two at once) stores nothing more. The result row gets no token, and the journey keeps
 * no reference to the result.
 */
export async function completeJourney(results: CheckResultWriter, j: Journey, now: Date): Promise<boolean> {
  const outcome = scorePersonal(j.definition, j.progress.answers);
  const today = tokyoToday(now);
  return results.record(
    {
      check: 'personal',
      definitionVersion: j.progress.definitionVersion,
      answers: j.progress.answers,
      score: outcome.score,
      completedOn: today,
      ageBand: j.progress.ageBand,
      prefecture: j.progress.prefecture,
    },
    (trx) => markCompleted(trx, j.tokenHash, today, keepUntil(today)),
  );
}

// ---------------------------------------------------------------- the result

export interface PlanStep {
  measure: PersonalMeasure;
  /** The code given (p, n, u…) and its note. */
  answer: PersonalOutcome['todo'][number]['answer'];
  materials: Material[];
}

export interface PersonalResult {
  definition: PersonalCheck;
  outcome: PersonalOutcome;
  plan: PlanStep[];
  events: PublicEvent[];
  /** Events in the person's prefecture, or (without one) events that can be joined online. */
  eventsScope: { prefecture: string } | { online: true };
  desks: Desk[];
  prefecture: string | null;
  ageBand: AgeBand | null;
}

export const MATERIALS_PER_STEP = 2;
export const MAX_EVENTS = 3;
export const MAX_DESKS = 6;

/** Topics whose desks the result lists: those of every measure not done, and of measures that always list desks. */
export function deskTopicsFor(d: PersonalCheck, outcome: PersonalOutcome): DeskTopic[] {
  const topics = new Set<DeskTopic>();
  for (const { measure } of outcome.todo) for (const t of measure.deskTopics) topics.add(t);
  for (const m of d.measures) if (m.alwaysDesks) for (const t of m.deskTopics) topics.add(t);
  return [...topics];
}

export async function personalResult(handle: DatabaseHandle, j: Journey, locale: Locale, now: Date): Promise<PersonalResult> {
  const d = j.definition;
  const outcome = scorePersonal(d, j.progress.answers);
  const prefecture = j.progress.prefecture;
  const repo = { db: handle.db, dialect: handle.dialect };

  // Materials per step: each search word in turn until the step has enough; a material is shown once.
  const seen = new Set<number>();
  const plan: PlanStep[] = [];
  for (const { measure, answer } of outcome.todo) {
    const materials: Material[] = [];
    for (const q of measure.materials) {
      if (materials.length >= MATERIALS_PER_STEP) break;
      const page = await browseMaterials(repo, { q, audiences: [], formats: [], licences: [], languages: [], orgs: [] }, { sort: 'relevance', page: 1, locale, pageSize: 5 });
      for (const m of page.items) if (materials.length < MATERIALS_PER_STEP && !seen.has(m.id)) (seen.add(m.id), materials.push(m));
    }
    plan.push({ measure, answer, materials });
  }

  const eventsScope = prefecture ? { prefecture } : ({ online: true } as const);
  const events = (
    await browseEvents(handle.db, { ...NO_FILTERS, ...(prefecture ? { prefectures: [prefecture] } : { online: true }) }, 1, now.toISOString(), MAX_EVENTS)
  ).items;

  // Desks for individuals: the person's prefecture first, then national ones (as the guided path).
  const byId = new Map<number, Desk>();
  for (const topic of deskTopicsFor(d, outcome)) {
    for (const desk of await findDesks(handle.db, { topic, audience: 'individuals', prefecture })) byId.set(desk.id, desk);
  }
  const desks = [...byId.values()]
    .filter((x) => x.prefecture === null || x.prefecture === prefecture)
    .sort((a, b) => (a.prefecture === null ? 1 : 0) - (b.prefecture === null ? 1 : 0) || a.position - b.position || a.id - b.id)
    .slice(0, MAX_DESKS);

  return { definition: d, outcome, plan, events, eventsScope, desks, prefecture, ageBand: j.progress.ageBand };
}
