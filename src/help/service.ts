// The guided path's flow in the database (versions, save, restore, all audited) and the result of a
// set of answers: desks, first steps and related materials.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import { DESK_AUDIENCE_TAXONOMY, type Desk } from '../desks/model.ts';
import { allDeskSlugs, findDesks, loadDesksBySlug } from '../desks/repository.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Material } from '../materials/model.ts';
import { browseMaterials } from '../materials/service.ts';
import { evaluateFlow, parseHelpFlow, type Answers, type FlowIssue, type HelpFlow, type HelpOutcome } from './flow.ts';

export const DEFAULT_FLOW_TEXT = readFileSync(new URL('./data/default-flow.json', import.meta.url), 'utf8');

export interface FlowVersion {
  version: number;
  document: string;
  note: string;
  restoredFrom: number | null;
  createdByName: string | null;
  createdAt: string;
}

const toVersion = (r: { version: number; document: string; note: string; restored_from: number | null; created_by_name: string | null; created_at: string }): FlowVersion => ({
  version: r.version,
  document: r.document,
  note: r.note,
  restoredFrom: r.restored_from,
  createdByName: r.created_by_name,
  createdAt: r.created_at,
});

export async function latestFlowVersion(db: Db): Promise<FlowVersion | undefined> {
  const r = await db.selectFrom('help_flows').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r ? toVersion(r) : undefined;
}

export async function flowVersion(db: Db, version: number): Promise<FlowVersion | undefined> {
  const r = await db.selectFrom('help_flows').selectAll().where('version', '=', version).executeTakeFirst();
  return r ? toVersion(r) : undefined;
}

export async function flowHistory(db: Db): Promise<FlowVersion[]> {
  return (await db.selectFrom('help_flows').selectAll().orderBy('version', 'desc').limit(200).execute()).map(toVersion);
}

/**
 * The flow in use: the latest saved version, or the shipped default when none was saved yet (a database
 * started without the seed). Every saved version was valid when saved; desks cannot be deleted, so it stays valid.
 */
export async function currentFlow(db: Db): Promise<{ flow: HelpFlow; version: number | null }> {
  const v = await latestFlowVersion(db);
  const text = v?.document ?? DEFAULT_FLOW_TEXT;
  const parsed = parseHelpFlow(text, new Set(await allDeskSlugs(db)));
  if (parsed.flow) return { flow: parsed.flow, version: v?.version ?? null };
  // Only reachable if a desk a saved version names was removed by hand from the database.
  const fallback = parseHelpFlow(DEFAULT_FLOW_TEXT, new Set(await allDeskSlugs(db)));
  if (!fallback.flow) throw new Error(`the shipped help flow is invalid: ${JSON.stringify(fallback.issues)}`);
  return { flow: fallback.flow, version: null };
}

export interface HelpAdminContext {
  database: DatabaseHandle;
  now: Date;
  actor: CurrentUser;
}

/** Saves `text` as the next version when it is valid; otherwise returns the problems and saves nothing. */
export async function saveFlow(ctx: HelpAdminContext, text: string, note: string, restoredFrom: number | null = null): Promise<{ version: number; issues: [] } | { version: null; issues: FlowIssue[] }> {
  const db = ctx.database.db;
  const parsed = parseHelpFlow(text, await allDeskSlugs(db));
  if (!parsed.flow) return { version: null, issues: parsed.issues };
  // Stored pretty-printed, so that the next editor reads it as the office wrote it (key order kept).
  const document = JSON.stringify(JSON.parse(text), null, 2);
  const now = ctx.now.toISOString();
  const version = await db.transaction().execute(async (trx) => {
    if (ctx.database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7262020)`.execute(trx);
    const last = await trx.selectFrom('help_flows').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
    const next = Number(last?.v ?? 0) + 1;
    await trx
      .insertInto('help_flows')
      .values({ version: next, document, note, restored_from: restoredFrom, created_by: ctx.actor.id, created_by_name: ctx.actor.displayName, created_at: now })
      .execute();
    await recordAudit(trx, {
      actorUserId: ctx.actor.id,
      actorName: ctx.actor.displayName,
      organisationId: null,
      subjectKind: 'help_flow',
      subjectId: next,
      action: restoredFrom === null ? 'help_flow_saved' : 'help_flow_restored',
      after: { version: next, restoredFrom },
      note: note || null,
      now,
    });
    return next;
  });
  return { version, issues: [] };
}

/** Restoring saves a copy of the earlier version as the newest one (checked again against today's desks). */
export async function restoreFlow(ctx: HelpAdminContext, version: number) {
  const v = await flowVersion(ctx.database.db, version);
  if (!v) return null;
  return saveFlow(ctx, v.document, `v${version}`, version);
}

/** First start: the shipped default becomes version 1. Idempotent; two instances starting at once insert one. */
export async function seedHelpFlow(handle: DatabaseHandle, now = new Date().toISOString()): Promise<boolean> {
  const parsed = parseHelpFlow(DEFAULT_FLOW_TEXT, await allDeskSlugs(handle.db));
  if (!parsed.flow) throw new Error(`the shipped help flow is invalid: ${parsed.issues.map((i) => `${i.path}: ${i.message.en}`).join('; ')}`);
  const r = await handle.db
    .insertInto('help_flows')
    .values({ version: 1, document: DEFAULT_FLOW_TEXT, note: '初期設定 / shipped default', restored_from: null, created_by: null, created_by_name: null, created_at: now })
    .onConflict((oc) => oc.column('version').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface HelpResult {
  outcome: HelpOutcome;
  urgentDesks: Desk[];
  desks: Desk[];
  materials: Material[];
}

export const MAX_RESULT_MATERIALS = 5;

/** Desks named by the rules (in their order), then desks by topic: the person's prefecture first, then national ones. */
export async function helpResult(handle: DatabaseHandle, flow: HelpFlow, answers: Answers, locale: Locale): Promise<HelpResult> {
  const db = handle.db;
  const outcome = evaluateFlow(flow, answers);
  const named = await loadDesksBySlug(db, [...outcome.urgentDesks, ...outcome.desks]);
  const urgentDesks = outcome.urgentDesks.map((s) => named.get(s)).filter((d): d is Desk => !!d);
  const desks: Desk[] = outcome.desks.map((s) => named.get(s)).filter((d): d is Desk => !!d);
  const seen = new Set([...urgentDesks, ...desks].map((d) => d.id));
  if (outcome.topics.length) {
    const byTopic = new Map<number, Desk>();
    for (const topic of outcome.topics) {
      for (const d of await findDesks(db, { topic, audience: outcome.audience, prefecture: outcome.prefecture })) byTopic.set(d.id, d);
    }
    // Without a prefecture, only national desks fit (findDesks without a prefecture lists every prefecture's).
    const fitting = [...byTopic.values()].filter((d) => d.prefecture === null || d.prefecture === outcome.prefecture);
    fitting.sort((a, b) => (a.prefecture === null ? 1 : 0) - (b.prefecture === null ? 1 : 0) || a.position - b.position || a.id - b.id);
    for (const d of fitting) if (!seen.has(d.id)) (seen.add(d.id), desks.push(d));
  }
  return { outcome, urgentDesks, desks, materials: await relatedMaterials(handle, outcome, locale) };
}

/** Up to five published materials: for each search word, those for the person's audience first, then any. */
async function relatedMaterials(handle: DatabaseHandle, outcome: HelpOutcome, locale: Locale): Promise<Material[]> {
  const repo = { db: handle.db, dialect: handle.dialect };
  const audiences = outcome.audience ? DESK_AUDIENCE_TAXONOMY[outcome.audience] : [];
  const out = new Map<number, Material>();
  const passes = audiences.length ? [audiences, []] : [[]];
  for (const aud of passes) {
    for (const q of outcome.materialTerms) {
      if (out.size >= MAX_RESULT_MATERIALS) break;
      const page = await browseMaterials(repo, { q, audiences: aud, formats: [], licences: [], languages: [], orgs: [] }, { sort: 'relevance', page: 1, locale, pageSize: MAX_RESULT_MATERIALS });
      for (const m of page.items) if (out.size < MAX_RESULT_MATERIALS && !out.has(m.id)) out.set(m.id, m);
    }
  }
  return [...out.values()];
}
