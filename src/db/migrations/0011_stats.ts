// Frozen in time: the evaluation's maintained figures (issue 7). check_stats is kept up to date by the
// self-check result writer (src/stats/aggregates.ts); declaration_stats by triggers on declarations, so
// every code path that changes a declaration (the service, the renewal job, a later bulk import, an
// administrator's SQL) keeps it right. Existing rows are counted once here (src/stats/recompute.ts).
// Never edit it after it has shipped; add a new migration instead.
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../database.ts';
import { replaceStats } from '../../stats/recompute.ts';

/** Items per check kept per month and dimension (the 25-item diagnosis is the longest). */
const ITEMS = 25;
const BUCKETS = 11;

/** The judged mapping of firm size to audience (src/stats/audiences.ts), frozen into the triggers. */
const SIZE_AUDIENCE_FROZEN: [string, string][] = [
  ['sole', 'micro_business'],
  ['2-5', 'micro_business'],
  ['6-20', 'micro_business'],
  ['21-50', 'sme'],
  ['51-100', 'sme'],
  ['101-300', 'sme'],
  ['301p', 'large_enterprise'],
];

const DECLARATION_DIMS: [string, (r: string) => string][] = [
  ['all', () => `''`],
  ['prefecture', (r) => `${r}.prefecture`],
  ['size', (r) => `${r}.size_band`],
  ['industry', (r) => `${r}.industry`],
  ['audience', (r) => `CASE ${r}.size_band ${SIZE_AUDIENCE_FROZEN.map(([s, a]) => `WHEN '${s}' THEN '${a}'`).join(' ')} ELSE '' END`],
];

/** Japan month (YYYY-MM) of an ISO timestamp stored as text. */
function monthOf(dialect: DialectName, expr: string): string {
  return dialect === 'sqlite' ? `strftime('%Y-%m', ${expr}, '+9 hours')` : `to_char((${expr})::timestamptz AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM')`;
}

function nowMonth(dialect: DialectName): string {
  return dialect === 'sqlite' ? `strftime('%Y-%m', 'now', '+9 hours')` : `to_char(now() AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM')`;
}

/** One ledger row per dimension for the declaration `r`, each kept where `when(dim)` holds. */
function events(r: string, month: string, started: number, when: (value: (x: string) => string) => string): string {
  return DECLARATION_DIMS.map(([dim, value]) => `SELECT ${month} AS month, ${r}.star AS star, '${dim}' AS dim, ${value(r)} AS dim_value, ${started} AS started, ${1 - started} AS ended WHERE ${when(value)}`).join(' UNION ALL ');
}

function upsert(union: string): string {
  return `INSERT INTO declaration_stats (month, star, dim, dim_value, started, ended)
    SELECT month, star, dim, dim_value, SUM(started), SUM(ended) FROM (${union}) AS e WHERE true GROUP BY month, star, dim, dim_value
    ON CONFLICT (month, star, dim, dim_value) DO UPDATE SET started = declaration_stats.started + excluded.started, ended = declaration_stats.ended + excluded.ended;`;
}

const ENDED = `('withdrawn', 'lapsed', 'revoked')`;

/** A row inserted as it is: active since declared_at, and ended at ended_at when no longer active. */
const onInsert = (d: DialectName) =>
  upsert(`${events('NEW', monthOf(d, 'NEW.declared_at'), 1, () => 'true')} UNION ALL ${events('NEW', monthOf(d, 'COALESCE(NEW.ended_at, NEW.updated_at)'), 0, () => `NEW.status IN ${ENDED}`)}`);

/**
 * A change: per dimension, the old (star, value) ends when the declaration stops being active or moves to
 * another star or value; the new one starts likewise. A star upgrade is one ending of ★1 and one start of
 * ★2; a move to another prefecture changes nothing in the 'all' rows.
 */
const onUpdate = (d: DialectName) => {
  const same = (v: (x: string) => string) => `(NEW.star = OLD.star AND ${v('NEW')} = ${v('OLD')})`;
  const month = monthOf(d, 'NEW.updated_at');
  return upsert(
    `${events('OLD', month, 0, (v) => `OLD.status = 'active' AND NOT (NEW.status = 'active' AND ${same(v)})`)} UNION ALL ${events('NEW', month, 1, (v) => `NEW.status = 'active' AND NOT (OLD.status = 'active' AND ${same(v)})`)}`,
  );
};

/** Deleting an active declaration ends it now (deleting an ended or pending one changes nothing). */
const onDelete = (d: DialectName) => upsert(events('OLD', nowMonth(d), 0, () => 'true'));

export function migration0011(dialect: DialectName) {
  const count = dialect === 'sqlite' ? 'integer' : 'bigint';
  return {
    async up(db: Kysely<any>): Promise<void> {
      let t = db.schema
        .createTable('check_stats')
        .addColumn('check_kind', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('dim', 'text', (c) => c.notNull())
        .addColumn('dim_value', 'text', (c) => c.notNull())
        .addColumn('n', count, (c) => c.notNull().defaultTo(0))
        .addColumn('score_n', count, (c) => c.notNull().defaultTo(0))
        .addColumn('score_sum', count, (c) => c.notNull().defaultTo(0));
      for (let i = 1; i <= ITEMS; i++) for (const a of ['y', 'p', 'n', 'u']) t = t.addColumn(`${a}${i}`, count, (c) => c.notNull().defaultTo(0));
      for (let b = 0; b < BUCKETS; b++) t = t.addColumn(`h${b}`, count, (c) => c.notNull().defaultTo(0));
      // The primary key is the upsert's conflict target and the figures' access path (check, month range
      // for one dimension is read through (check_kind, dim, month) below).
      await t.addPrimaryKeyConstraint('check_stats_pk', ['check_kind', 'month', 'dim', 'dim_value']).execute();
      await db.schema.createIndex('check_stats_dim_idx').on('check_stats').columns(['check_kind', 'dim', 'month']).execute();

      await db.schema
        .createTable('declaration_stats')
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('star', 'integer', (c) => c.notNull())
        .addColumn('dim', 'text', (c) => c.notNull())
        .addColumn('dim_value', 'text', (c) => c.notNull())
        .addColumn('started', count, (c) => c.notNull().defaultTo(0))
        .addColumn('ended', count, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('declaration_stats_pk', ['month', 'star', 'dim', 'dim_value'])
        .execute();

      if (dialect === 'sqlite') {
        await sql.raw(`CREATE TRIGGER declaration_stats_insert AFTER INSERT ON declarations WHEN NEW.declared_at IS NOT NULL AND NEW.status <> 'pending' BEGIN ${onInsert(dialect)} END`).execute(db);
        await sql.raw(`CREATE TRIGGER declaration_stats_update AFTER UPDATE ON declarations WHEN OLD.status = 'active' OR NEW.status = 'active' BEGIN ${onUpdate(dialect)} END`).execute(db);
        await sql.raw(`CREATE TRIGGER declaration_stats_delete AFTER DELETE ON declarations WHEN OLD.status = 'active' BEGIN ${onDelete(dialect)} END`).execute(db);
      } else {
        await sql
          .raw(
            `CREATE FUNCTION declaration_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.declared_at IS NOT NULL AND NEW.status <> 'pending' THEN ${onInsert(dialect)} END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF OLD.status = 'active' OR NEW.status = 'active' THEN ${onUpdate(dialect)} END IF;
  ELSIF TG_OP = 'DELETE' THEN
    IF OLD.status = 'active' THEN ${onDelete(dialect)} END IF;
  END IF;
  RETURN NULL;
END
$fn$`,
          )
          .execute(db);
        await sql.raw(`CREATE TRIGGER declaration_stats_trg AFTER INSERT OR UPDATE OR DELETE ON declarations FOR EACH ROW EXECUTE FUNCTION declaration_stats_apply()`).execute(db);
      }

      // What is already stored is counted once, as it stands (a declaration's earlier stars and endings
      // are not in its row, so they start from its current state).
      await replaceStats({ db, dialect }, { declarations: true });
    },
    async down(db: Kysely<any>): Promise<void> {
      if (dialect === 'sqlite') {
        for (const t of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS declaration_stats_${t}`).execute(db);
      } else {
        await sql`DROP TRIGGER IF EXISTS declaration_stats_trg ON declarations`.execute(db);
        await sql`DROP FUNCTION IF EXISTS declaration_stats_apply()`.execute(db);
      }
      for (const t of ['declaration_stats', 'check_stats']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}
