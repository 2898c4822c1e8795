// KPI targets and the strategy measures' implementation status: reading and writing rows, returning
// plain domain objects. Every function takes a connection or a transaction.
import type { Db } from '../db/database.ts';
import { isMeasureStatus, type KpiTarget, type MeasureStatus, type MeasureStatusRecord } from './model.ts';

function toTarget(r: { id: number; indicator: string; period: string; target: number; note: string; set_at: string }): KpiTarget {
  return { id: r.id, indicator: r.indicator, period: r.period, target: Number(r.target), note: r.note, setAt: r.set_at };
}

/** Targets of one period ('fy2026' or 'all'), by indicator key. */
export async function targetsFor(db: Db, period: string): Promise<Map<string, KpiTarget>> {
  const rows = await db.selectFrom('kpi_targets').select(['id', 'indicator', 'period', 'target', 'note', 'set_at']).where('period', '=', period).execute();
  return new Map(rows.map((r) => [r.indicator, toTarget(r)]));
}

export async function findTarget(db: Db, indicator: string, period: string): Promise<KpiTarget | undefined> {
  const r = await db.selectFrom('kpi_targets').select(['id', 'indicator', 'period', 'target', 'note', 'set_at']).where('indicator', '=', indicator).where('period', '=', period).executeTakeFirst();
  return r ? toTarget(r) : undefined;
}

/** Periods that have at least one target, newest first ('all' last). */
export async function periodsWithTargets(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('kpi_targets').select('period').distinct().execute();
  return rows.map((r) => r.period).sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : b.localeCompare(a)));
}

/** Insert or replace the target of (indicator, period); returns the row id. */
export async function upsertTarget(db: Db, t: { indicator: string; period: string; target: number; note: string; setBy: number | null; now: string }): Promise<number> {
  const row = await db
    .insertInto('kpi_targets')
    .values({ indicator: t.indicator, period: t.period, target: t.target, note: t.note, set_by: t.setBy, set_at: t.now })
    .onConflict((oc) => oc.columns(['indicator', 'period']).doUpdateSet({ target: t.target, note: t.note, set_by: t.setBy, set_at: t.now }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteTarget(db: Db, id: number): Promise<void> {
  await db.deleteFrom('kpi_targets').where('id', '=', id).execute();
}

export async function measureStatuses(db: Db): Promise<Map<string, MeasureStatusRecord>> {
  const rows = await db.selectFrom('strategy_measure_status').selectAll().execute();
  return new Map(
    rows.map((r) => [
      r.measure_slug,
      { slug: r.measure_slug, status: (isMeasureStatus(r.status) ? r.status : 'not_started') as MeasureStatus, note: { ja: r.note_ja, en: r.note_en }, updatedAt: r.updated_at },
    ]),
  );
}

export async function upsertMeasureStatus(db: Db, m: { slug: string; status: MeasureStatus; noteJa: string; noteEn: string; updatedBy: number | null; now: string }): Promise<void> {
  const values = { status: m.status, note_ja: m.noteJa, note_en: m.noteEn, updated_by: m.updatedBy, updated_at: m.now };
  await db
    .insertInto('strategy_measure_status')
    .values({ measure_slug: m.slug, ...values })
    .onConflict((oc) => oc.column('measure_slug').doUpdateSet(values))
    .execute();
}
