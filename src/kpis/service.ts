// KPIs for a period (value, target, status, trend), and the program office's commands: set a target,
// set a strategy measure's implementation status. Every command writes its audit record in the same
// transaction.
import type { CurrentUser } from '../accounts/model.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Text } from '../i18n/locale.ts';
import { listMeasures } from '../strategy/repository.ts';
import { periodKey, type FigureDefinition, type Period } from '../stats/model.ts';
import { computeIndicator, evaluationFigures, FigureCache, INDICATORS, type Indicator } from './indicators.ts';
import { isMeasureStatus, type KpiView, type MeasureStatus } from './model.ts';
import * as repo from './repository.ts';
import { elapsedShare, kpiStatus, kpiTrend } from './status.ts';

export interface KpiContext {
  database: DatabaseHandle;
  figures: ReadonlyMap<string, FigureDefinition>;
  indicators: readonly Indicator[];
  now: Date;
}

/** The registry's indicators over every published figure, as of `now`: what pages and reports evaluate. */
export function kpiContextFor(database: DatabaseHandle, now: Date): KpiContext {
  return { database, figures: evaluationFigures(), indicators: INDICATORS, now };
}

/** Every indicator for the period, with its target, status and (for a fiscal year) the change from the year before. */
export async function evaluateKpis(ctx: KpiContext, period: Period, cache = new FigureCache(ctx.database, ctx.figures)): Promise<KpiView[]> {
  const previous: Period | null = period.kind === 'fy' ? { kind: 'fy', year: period.year - 1 } : null;
  const targets = await repo.targetsFor(ctx.database.db, periodKey(period));
  const elapsed = elapsedShare(period, ctx.now);
  return Promise.all(
    ctx.indicators.map(async (ind) => {
      const [cur, prev] = await Promise.all([computeIndicator(ind, cache, period), previous ? computeIndicator(ind, cache, previous) : null]);
      const t = targets.get(ind.key);
      const target = t?.target ?? null;
      const { status, expected } = kpiStatus({ value: cur.value, suppressed: cur.suppressed, target, direction: ind.direction, accumulates: ind.accumulates, baseline: prev?.value ?? null, elapsed });
      return {
        key: ind.key,
        label: ind.label,
        unit: ind.unit,
        direction: ind.direction,
        measures: ind.measures,
        source: ind.source,
        value: cur.value,
        suppressed: cur.suppressed,
        target,
        targetNote: t?.note ?? '',
        status,
        expected,
        trend: kpiTrend(cur.value, prev?.value ?? null),
      } satisfies KpiView;
    }),
  );
}

// --------------------------------------------------------------------------- targets

export interface TargetInput {
  indicator: string;
  period: string;
  target: number;
  note: string;
}

const TARGET_MAX: Record<Indicator['unit'], number> = { percent: 100, score: 100, count: 1_000_000_000 };

/** Reads the target form: each problem with its field, in both languages. */
export function readTargetForm(indicators: readonly Indicator[], body: { indicator: string; period: string; target: string; note: string }): { values?: TargetInput; errors: Record<string, Text> } {
  const errors: Record<string, Text> = {};
  const ind = indicators.find((i) => i.key === body.indicator);
  if (!ind) errors.indicator = { ja: '指標を一覧から選んでください。', en: 'Choose an indicator from the list.' };
  const period = body.period.trim();
  if (!/^(all|fy(20\d\d))$/.test(period)) errors.period = { ja: '期間は「全期間」か年度（例：fy2026）を選んでください。', en: 'Choose "all time" or a fiscal year (such as fy2026).' };
  const raw = body.target.normalize('NFKC').replace(/[,，%％\s]/g, '');
  const target = Number(raw);
  if (raw === '') errors.target = { ja: '目標値を数字で入力してください。', en: 'Enter the target as a number.' };
  else if (!/^-?\d+(\.\d+)?$/.test(raw) || !Number.isFinite(target)) errors.target = { ja: '目標値は数字で入力してください（例：60 または 12.5）。', en: 'The target must be a number (such as 60 or 12.5).' };
  else if (ind && (target < 0 || target > TARGET_MAX[ind.unit])) {
    errors.target =
      ind.unit === 'count'
        ? { ja: '件数の目標は0以上の数にしてください。', en: 'A count target must be 0 or more.' }
        : { ja: `この指標の目標は0から100の間で入力してください（${ind.unit === 'percent' ? '％' : '点'}）。`, en: `This indicator's target must be between 0 and 100 (${ind.unit === 'percent' ? '%' : 'points'}).` };
  } else if (ind?.unit === 'count' && !Number.isInteger(target)) errors.target = { ja: '件数の目標は整数で入力してください。', en: 'A count target must be a whole number.' };
  if (body.note.length > 500) errors.note = { ja: '補足は500文字以内にしてください。', en: 'The note must be at most 500 characters.' };
  if (Object.keys(errors).length) return { errors };
  return { values: { indicator: ind!.key, period, target: Math.round(target * 10) / 10, note: body.note }, errors };
}

export async function setTarget(database: DatabaseHandle, actor: CurrentUser, v: TargetInput, now: Date): Promise<void> {
  const at = now.toISOString();
  await database.db.transaction().execute(async (trx) => {
    const before = await repo.findTarget(trx, v.indicator, v.period);
    const id = await repo.upsertTarget(trx, { ...v, setBy: actor.id, now: at });
    await recordAudit(trx, {
      actorUserId: actor.id,
      actorName: actor.displayName,
      organisationId: null,
      subjectKind: 'kpi_target',
      subjectId: id,
      action: 'kpi_target_set',
      before: before ? { indicator: before.indicator, period: before.period, target: before.target, note: before.note } : undefined,
      after: { indicator: v.indicator, period: v.period, target: v.target, note: v.note },
      now: at,
    });
  });
}

// --------------------------------------------------------------------------- strategy measures

export async function readMeasureForm(database: DatabaseHandle, slug: string, body: { status: string; noteJa: string; noteEn: string }): Promise<{ values?: { slug: string; status: MeasureStatus; noteJa: string; noteEn: string }; errors: Record<string, Text>; known: boolean }> {
  const measures = await listMeasures(database.db);
  const known = measures.some((m) => m.slug === slug);
  const errors: Record<string, Text> = {};
  if (!isMeasureStatus(body.status)) errors.status = { ja: '実施状況を選んでください。', en: 'Choose an implementation status.' };
  if (body.noteJa.length > 1000) errors.note_ja = { ja: '補足（日本語）は1000文字以内にしてください。', en: 'The note (Japanese) must be at most 1,000 characters.' };
  if (body.noteEn.length > 1000) errors.note_en = { ja: '補足（英語）は1000文字以内にしてください。', en: 'The note (English) must be at most 1,000 characters.' };
  if (Object.keys(errors).length) return { errors, known };
  return { values: { slug, status: body.status as MeasureStatus, noteJa: body.noteJa, noteEn: body.noteEn }, errors, known };
}

export async function setMeasureStatus(database: DatabaseHandle, actor: CurrentUser, v: { slug: string; status: MeasureStatus; noteJa: string; noteEn: string }, now: Date): Promise<boolean> {
  const at = now.toISOString();
  return database.db.transaction().execute(async (trx) => {
    const m = await trx.selectFrom('strategy_measures').select('id').where('slug', '=', v.slug).executeTakeFirst();
    if (!m) return false;
    const before = (await repo.measureStatuses(trx)).get(v.slug);
    await repo.upsertMeasureStatus(trx, { ...v, updatedBy: actor.id, now: at });
    await recordAudit(trx, {
      actorUserId: actor.id,
      actorName: actor.displayName,
      organisationId: null,
      subjectKind: 'strategy_measure',
      subjectId: m.id,
      action: 'measure_status_set',
      before: before ? { status: before.status, noteJa: before.note.ja, noteEn: before.note.en } : undefined,
      after: { slug: v.slug, status: v.status, noteJa: v.noteJa, noteEn: v.noteEn },
      now: at,
    });
    return true;
  });
}
