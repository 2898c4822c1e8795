// Kysely queries of external survey figures. Every function takes a connection or a transaction
// (surveyFiguresFor takes the handle, as the dashboard's other figure functions do).
import type { DatabaseHandle, Db } from '../db/database.ts';
import { AUDIENCE_LABELS, AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import type { SurveyAudience, SurveyFigure, SurveyImport, SurveyUnit, SurveyValueInput } from './model.ts';
import type { SurveyValuesTable } from './tables.ts';

type Row = Omit<SurveyValuesTable, 'id'> & { id: number };

function toFigure(r: Row): SurveyFigure {
  return {
    id: r.id,
    survey: r.survey,
    surveyEn: r.survey_en,
    year: Number(r.year),
    question: r.question,
    questionEn: r.question_en,
    audience: r.audience as SurveyAudience,
    value: Number(r.value),
    unit: r.unit as SurveyUnit,
    sampleSize: r.sample_size === null ? null : Number(r.sample_size),
    source: r.source,
    fieldwork: r.fieldwork,
    measure: r.measure,
    note: r.note,
    updatedAt: r.updated_at,
  };
}

/** Code-point order, the same on both databases (PostgreSQL's collation would sort Japanese differently from SQLite). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const keyOf = (v: { survey: string; year: number; question: string; audience: string }) => JSON.stringify([v.survey, Number(v.year), v.question, v.audience]);

/**
 * Inserts new figures and updates those whose (survey, year, question, audience) is already stored.
 * Written as an upsert, so two imports racing on PostgreSQL cannot make duplicates; the counts come
 * from the keys present before.
 */
export async function upsertSurveyValues(db: Db, rows: SurveyValueInput[], importId: number, now: string): Promise<{ inserted: number; updated: number }> {
  const existing = new Set<string>();
  const surveys = [...new Set(rows.map((r) => r.survey))];
  for (let i = 0; i < surveys.length; i += 500) {
    const found = await db.selectFrom('survey_values').select(['survey', 'year', 'question', 'audience']).where('survey', 'in', surveys.slice(i, i + 500)).execute();
    for (const f of found) existing.add(keyOf(f));
  }
  // 18 columns a row: 100 rows stay far below SQLite's 32,766 bound parameters.
  for (let i = 0; i < rows.length; i += 100) {
    const values = rows.slice(i, i + 100).map((r) => ({
      survey: r.survey,
      survey_en: r.surveyEn,
      year: r.year,
      question: r.question,
      question_en: r.questionEn,
      audience: r.audience,
      value: r.value,
      unit: r.unit,
      sample_size: r.sampleSize,
      source: r.source,
      fieldwork: r.fieldwork,
      measure: r.measure,
      note: r.note,
      import_id: importId,
      created_at: now,
      updated_at: now,
    }));
    await db
      .insertInto('survey_values')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['survey', 'year', 'question', 'audience']).doUpdateSet((eb) => ({
          survey_en: eb.ref('excluded.survey_en'),
          question_en: eb.ref('excluded.question_en'),
          value: eb.ref('excluded.value'),
          unit: eb.ref('excluded.unit'),
          sample_size: eb.ref('excluded.sample_size'),
          source: eb.ref('excluded.source'),
          fieldwork: eb.ref('excluded.fieldwork'),
          measure: eb.ref('excluded.measure'),
          note: eb.ref('excluded.note'),
          import_id: eb.ref('excluded.import_id'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  const updated = rows.filter((r) => existing.has(keyOf(r))).length;
  return { inserted: rows.length - updated, updated };
}

export async function insertSurveyImport(db: Db, v: { now: string; actorUserId: number | null; actorName: string | null; fileName: string; rowCount: number }): Promise<number> {
  const r = await db
    .insertInto('survey_imports')
    .values({ created_at: v.now, actor_user_id: v.actorUserId, actor_name: v.actorName, file_name: v.fileName, row_count: v.rowCount, inserted: 0, updated: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function setImportCounts(db: Db, id: number, counts: { inserted: number; updated: number }): Promise<void> {
  await db.updateTable('survey_imports').set(counts).where('id', '=', id).execute();
}

/** Whether the shipped baseline was ever imported (by the system, not a person). */
export async function baselineImported(db: Db, fileName: string): Promise<boolean> {
  const r = await db.selectFrom('survey_imports').select('id').where('file_name', '=', fileName).where('actor_user_id', 'is', null).limit(1).executeTakeFirst();
  return !!r;
}

export async function listSurveyImports(db: Db, limit = 20): Promise<SurveyImport[]> {
  const rows = await db.selectFrom('survey_imports').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, actorName: r.actor_name, fileName: r.file_name, rowCount: Number(r.row_count), inserted: Number(r.inserted), updated: Number(r.updated) }));
}

/** Every stored figure, by survey, year and order of import. */
export async function listSurveyValues(db: Db): Promise<SurveyFigure[]> {
  const rows = await db.selectFrom('survey_values').selectAll().execute();
  return rows.map(toFigure).sort((a, b) => cmp(a.survey, b.survey) || a.year - b.year || a.id - b.id);
}

/** The audiences a figure about `audience` may come from: itself, its group, and everyone surveyed. */
export function audiencesCovering(audience: string): string[] {
  if (!(AUDIENCES as readonly string[]).includes(audience)) return [audience];
  return [audience, AUDIENCE_LABELS[audience as Audience].group, 'all'];
}

/**
 * Survey figures to show beside the portal's own: those linked to a portal measure ('personal:5'), and/or
 * about an audience. A figure about 'individuals' or 'all' is included for each individual audience (the
 * row's own audience says what it is about). Plain objects, ordered by survey, question and year.
 */
export async function surveyFiguresFor(handle: DatabaseHandle, f: { measure?: string; audience?: string } = {}): Promise<SurveyFigure[]> {
  let q = handle.db.selectFrom('survey_values').selectAll();
  if (f.measure) q = q.where('measure', '=', f.measure);
  if (f.audience) q = q.where('audience', 'in', audiencesCovering(f.audience));
  const rows = await q.execute();
  return rows.map(toFigure).sort((a, b) => cmp(a.survey, b.survey) || cmp(a.question, b.question) || a.year - b.year || a.id - b.id);
}
