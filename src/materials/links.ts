// Link checks of published materials' external addresses (videos, online tools), beside the
// initiatives' (src/links/): the same checker (SSRF-guarded, bounded rate), its own table
// (material_link_checks), so that checking never touches the library's rows.
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { DatabaseHandle, Db } from '../db/database.ts';
import type { JobLog } from '../jobs/scheduler.ts';
import { checkUrl, type CheckOptions, type CheckResult } from '../links/link-checker.ts';

export interface DueMaterialLink {
  materialId: number;
  url: string;
}

/** Materials whose address needs a check: never checked, checked before `olderThan`, or changed since. */
export async function dueMaterialLinks(db: Db, opts: { olderThan: string; limit: number }): Promise<DueMaterialLink[]> {
  const rows = await db
    .selectFrom('materials as m')
    .leftJoin('material_link_checks as lc', 'lc.material_id', 'm.id')
    .select(['m.id', 'm.url'])
    .where('m.url', 'is not', null)
    .where('m.url', '<>', '')
    .where((eb) => eb.or([eb('lc.material_id', 'is', null), eb('lc.checked_at', '<', opts.olderThan), eb('lc.url', '<>', eb.ref('m.url'))]))
    // NULLs sort first on SQLite and last on PostgreSQL: order by an explicit flag instead.
    .orderBy(sql`case when lc.material_id is null or lc.url <> m.url then 0 else 1 end`)
    .orderBy('lc.checked_at')
    .orderBy('m.id')
    .limit(opts.limit)
    .execute();
  return rows.map((r) => ({ materialId: r.id, url: r.url! }));
}

/** Stores a check; failures of the same URL count up in one statement (no lost increments). */
export async function recordMaterialCheck(db: Db, materialId: number, url: string, result: CheckResult, checkedAt: string): Promise<void> {
  await db
    .insertInto('material_link_checks')
    .values({ material_id: materialId, url, checked_at: checkedAt, ok: result.ok ? 1 : 0, status_code: result.statusCode, error: result.error, consecutive_failures: result.ok ? 0 : 1 })
    .onConflict((oc) =>
      oc.column('material_id').doUpdateSet((eb) => ({
        url: eb.ref('excluded.url'),
        checked_at: eb.ref('excluded.checked_at'),
        ok: eb.ref('excluded.ok'),
        status_code: eb.ref('excluded.status_code'),
        error: eb.ref('excluded.error'),
        consecutive_failures: result.ok ? 0 : eb.case().when('material_link_checks.url', '=', eb.ref('excluded.url')).then(eb('material_link_checks.consecutive_failures', '+', 1)).else(1).end(),
      })),
    )
    .execute();
}

export interface BrokenMaterialLink {
  materialId: number;
  titleJa: string;
  titleEn: string;
  url: string;
  checkedAt: string;
  statusCode: number | null;
  error: string | null;
  consecutiveFailures: number;
}

/** Material addresses whose latest check failed, for moderators: the longest-failing first. */
export async function brokenMaterialLinks(db: Db): Promise<BrokenMaterialLink[]> {
  const rows = await db
    .selectFrom('material_link_checks as lc')
    .innerJoin('materials as m', 'm.id', 'lc.material_id')
    .select(['m.id', 'm.title_ja', 'm.title_en', 'lc.url', 'lc.checked_at', 'lc.status_code', 'lc.error', 'lc.consecutive_failures'])
    .where('lc.ok', '=', 0)
    .whereRef('lc.url', '=', 'm.url')
    .orderBy('lc.consecutive_failures', 'desc')
    .orderBy('lc.checked_at')
    .orderBy('m.id')
    .execute();
  return rows.map((r) => ({
    materialId: r.id,
    titleJa: r.title_ja,
    titleEn: r.title_en,
    url: r.url,
    checkedAt: r.checked_at,
    statusCode: r.status_code,
    error: r.error,
    consecutiveFailures: Number(r.consecutive_failures),
  }));
}

export interface MaterialRoundOptions {
  handle: DatabaseHandle;
  config: Config['linkCheck'];
  signal: AbortSignal;
  userAgent: string;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => Date;
  log?: Pick<JobLog, 'warn'>;
  check?: (url: string, options: CheckOptions) => Promise<CheckResult>;
}

const DAY_MS = 24 * 60 * 60_000;

/** One bounded round over the materials' addresses, one request at a time with a pause between them. */
export async function runMaterialLinkCheckRound(o: MaterialRoundOptions): Promise<{ checked: number; ok: number; broken: number }> {
  const now = o.now ?? (() => new Date());
  const sleep = o.sleep ?? ((ms: number, s: AbortSignal) => delay(ms, undefined, { signal: s }));
  const check = o.check ?? checkUrl;
  const counts = { checked: 0, ok: 0, broken: 0 };
  if (o.signal.aborted) return counts;
  const due = await dueMaterialLinks(o.handle.db, { olderThan: new Date(now().getTime() - o.config.maxAgeDays * DAY_MS).toISOString(), limit: o.config.batch });
  for (const [i, link] of due.entries()) {
    if (i > 0 && o.config.spacingMs > 0) {
      try {
        await sleep(o.config.spacingMs, o.signal);
      } catch {
        break;
      }
    }
    if (o.signal.aborted) break;
    const result = await check(link.url, { timeoutMs: o.config.timeoutMs, allowPrivate: o.config.allowPrivate, userAgent: o.userAgent, signal: o.signal });
    if (o.signal.aborted && result.error === 'aborted') break;
    try {
      await recordMaterialCheck(o.handle.db, link.materialId, link.url, result, now().toISOString());
    } catch (err) {
      // Unpublished meanwhile (the foreign key refuses the row): go on with the others.
      o.log?.warn({ err, materialId: link.materialId }, 'material link check not recorded');
      continue;
    }
    counts.checked++;
    if (result.ok) counts.ok++;
    else counts.broken++;
  }
  return counts;
}
