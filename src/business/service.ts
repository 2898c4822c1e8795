// The small firms' use cases: load a definition version, store a completed check (anonymously: only the
// columns results.ts allows), and gather what helps with the items to fix (materials and desks).
import { business5Kind, type Business5 } from '../checks/business5-definition.ts';
import { diagnosisKind, type Diagnosis } from '../checks/diagnosis-definition.ts';
import { currentDocument, documentAt } from '../checks/documents.ts';
import { policyKind, type PolicyTemplate } from '../checks/policy-definition.ts';
import type { CheckResultWriter } from '../checks/results.ts';
import { tokyoToday } from '../advisories/time.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import type { Desk, DeskTopic } from '../desks/model.ts';
import { findDesks } from '../desks/repository.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Material } from '../materials/model.ts';
import { browseMaterials } from '../materials/service.ts';
import type { Attributes } from './journey.ts';
import type { ToFix } from './scoring.ts';

export interface Versioned<T> {
  value: T;
  /** null: the shipped default (carried in pages as 0). */
  version: number | null;
}

export const currentDiagnosis = (db: Db): Promise<Versioned<Diagnosis>> => currentDocument(db, diagnosisKind);
export const currentBusiness5 = (db: Db): Promise<Versioned<Business5>> => currentDocument(db, business5Kind);
export const currentPolicyTemplate = (db: Db): Promise<Versioned<PolicyTemplate>> => currentDocument(db, policyKind);

/** The version a page carried (0 = shipped default); null when that version does not exist. */
export async function diagnosisAt(db: Db, v: number): Promise<Versioned<Diagnosis> | null> {
  const value = await documentAt(db, diagnosisKind, v === 0 ? null : v);
  return value ? { value, version: v === 0 ? null : v } : null;
}

export async function business5At(db: Db, v: number): Promise<Versioned<Business5> | null> {
  const value = await documentAt(db, business5Kind, v === 0 ? null : v);
  return value ? { value, version: v === 0 ? null : v } : null;
}

export interface CompletedCheck {
  check: 'business5' | 'diagnosis';
  version: number | null;
  answers: string;
  score: number;
  attrs: Attributes;
  now: Date;
}

/** Stores one anonymous result: check, version, answers, score, the day in Japan and the chosen attributes. */
export async function storeCompletedCheck(writer: CheckResultWriter, c: CompletedCheck): Promise<void> {
  await writer.record({
    check: c.check,
    definitionVersion: c.version,
    answers: c.answers,
    score: c.score,
    completedOn: tokyoToday(c.now),
    sizeBand: c.attrs.size,
    industry: c.attrs.industry,
    prefecture: c.attrs.pref,
  });
}

/** How many of the items to fix get their materials looked up on the result page (each costs a search). */
export const ITEMS_WITH_MATERIALS = 5;
const MATERIALS_PER_ITEM = 3;
const MAX_DESKS = 6;

export interface FixHelp {
  /** Materials found for the first items to fix, by item id. */
  materials: Map<number, Material[]>;
  /** Desks for small firms that help with the first items' topics: the firm's prefecture first, then national ones. */
  desks: Desk[];
}

export async function helpForItems(handle: DatabaseHandle, toFix: { materials: string[]; deskTopics: DeskTopic[]; id: number }[], pref: string | null, locale: Locale): Promise<FixHelp> {
  const repo = { db: handle.db, dialect: handle.dialect };
  const first = toFix.slice(0, ITEMS_WITH_MATERIALS);
  const materials = new Map<number, Material[]>();
  for (const item of first) {
    const found = new Map<number, Material>();
    for (const q of item.materials) {
      if (found.size >= MATERIALS_PER_ITEM) break;
      const page = await browseMaterials(repo, { q, audiences: [], formats: [], licences: [], languages: [], orgs: [] }, { sort: 'relevance', page: 1, locale, pageSize: MATERIALS_PER_ITEM });
      for (const m of page.items) if (found.size < MATERIALS_PER_ITEM) found.set(m.id, m);
    }
    materials.set(item.id, [...found.values()]);
  }
  const topics = [...new Set(first.flatMap((i) => i.deskTopics))];
  const desks = new Map<number, Desk>();
  for (const topic of topics) for (const d of await findDesks(handle.db, { topic, audience: 'sme', prefecture: pref })) desks.set(d.id, d);
  // Without a prefecture only national desks fit (findDesks without one lists every prefecture's).
  const fitting = [...desks.values()].filter((d) => d.prefecture === null || d.prefecture === pref);
  fitting.sort((a, b) => (a.prefecture === null ? 1 : 0) - (b.prefecture === null ? 1 : 0) || a.position - b.position || a.id - b.id);
  return { materials, desks: fitting.slice(0, MAX_DESKS) };
}

export const toFixHelpInput = (xs: ToFix[]) => xs.map((x) => ({ id: x.item.id, materials: x.item.materials, deskTopics: x.item.deskTopics }));
