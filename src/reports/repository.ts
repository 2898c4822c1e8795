// Reports' rows ↔ domain objects. An issued report is never updated: every write below is guarded by
// status = 'draft' in its WHERE clause, so even two requests at the same moment cannot change one.
import type { Db } from '../db/database.ts';
import type { ReportsTable } from '../kpis/tables.ts';
import type { Report, ReportKind, ReportSnapshot } from './model.ts';

type Row = { [K in keyof ReportsTable]: ReportsTable[K] extends import('kysely').Generated<infer T> ? T : ReportsTable[K] };

function parseSnapshot(s: string | null): ReportSnapshot | null {
  if (!s) return null;
  try {
    return JSON.parse(s) as ReportSnapshot;
  } catch {
    return null;
  }
}

function toReport(r: Row, replacedById: number | null): Report {
  return {
    id: r.id,
    kind: r.kind as ReportKind,
    fiscalYear: r.fiscal_year,
    campaignId: r.campaign_id,
    title: { ja: r.title_ja, en: r.title_en },
    status: r.status === 'issued' ? 'issued' : 'draft',
    assessment: { ja: r.assessment_ja, en: r.assessment_en },
    revisions: { ja: r.revisions_ja, en: r.revisions_en },
    replacesId: r.replaces_id,
    replacedById,
    snapshot: parseSnapshot(r.snapshot),
    issuedAt: r.issued_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function loadReport(db: Db, id: number): Promise<Report | undefined> {
  const r = await db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const by = await db.selectFrom('reports').select('id').where('replaces_id', '=', id).where('status', '=', 'issued').orderBy('issued_at', 'desc').executeTakeFirst();
  return toReport(r as Row, by?.id ?? null);
}

/** Report headers (no snapshot), newest first; issued only unless `all`. */
export async function listReports(db: Db, opts: { all: boolean }): Promise<Report[]> {
  let q = db
    .selectFrom('reports')
    .select(['id', 'kind', 'fiscal_year', 'campaign_id', 'title_ja', 'title_en', 'status', 'assessment_ja', 'assessment_en', 'revisions_ja', 'revisions_en', 'replaces_id', 'issued_at', 'issued_by', 'issued_by_name', 'created_by', 'created_at', 'updated_at'])
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc');
  if (!opts.all) q = q.where('status', '=', 'issued');
  const rows = await q.execute();
  const replacedBy = new Map<number, number>();
  for (const r of rows) if (r.replaces_id !== null && r.status === 'issued' && !replacedBy.has(r.replaces_id)) replacedBy.set(r.replaces_id, r.id);
  return rows.map((r) => toReport({ ...r, snapshot: null } as Row, replacedBy.get(r.id) ?? null));
}

export async function insertReport(db: Db, r: { kind: ReportKind; fiscalYear: number | null; campaignId: number | null; titleJa: string; titleEn: string; replacesId: number | null; createdBy: number; now: string }): Promise<number> {
  const row = await db
    .insertInto('reports')
    .values({
      kind: r.kind,
      fiscal_year: r.fiscalYear,
      campaign_id: r.campaignId,
      title_ja: r.titleJa,
      title_en: r.titleEn,
      status: 'draft',
      replaces_id: r.replacesId,
      snapshot: null,
      issued_at: null,
      issued_by: null,
      issued_by_name: null,
      created_by: r.createdBy,
      created_at: r.now,
      updated_at: r.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Saves a draft's texts; false when the report is issued (or gone). */
export async function updateDraftTexts(db: Db, id: number, t: { assessmentJa: string; assessmentEn: string; revisionsJa: string; revisionsEn: string; now: string }): Promise<boolean> {
  const r = await db
    .updateTable('reports')
    .set({ assessment_ja: t.assessmentJa, assessment_en: t.assessmentEn, revisions_ja: t.revisionsJa, revisions_en: t.revisionsEn, updated_at: t.now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Issues a draft with its snapshot; false when it was issued already (or is gone). */
export async function markIssued(db: Db, id: number, s: { snapshot: ReportSnapshot; issuedBy: number; issuedByName: string; now: string }): Promise<boolean> {
  const r = await db
    .updateTable('reports')
    .set({ status: 'issued', snapshot: JSON.stringify(s.snapshot), issued_at: s.now, issued_by: s.issuedBy, issued_by_name: s.issuedByName, updated_at: s.now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
