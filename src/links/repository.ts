// link_checks: the latest check of each initiative's link, kept beside the initiative rather than in it so
// that checking never touches the catalogue (and never bumps its version).
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { CheckResult } from './link-checker.ts';

export interface DueLink {
  initiativeId: number;
  url: string;
}

/**
 * Initiatives whose link needs a check: never checked, checked before `olderThan`, or checked under a URL
 * that has since changed. Never-checked and changed links come first, then the longest unchecked.
 */
export async function dueLinks(db: Db, opts: { olderThan: string; limit: number }): Promise<DueLink[]> {
  const rows = await db
    .selectFrom('initiatives as i')
    .leftJoin('link_checks as lc', 'lc.initiative_id', 'i.id')
    .select(['i.id', 'i.url'])
    .where('i.url', 'is not', null)
    .where('i.url', '<>', '')
    .where((eb) => eb.or([eb('lc.initiative_id', 'is', null), eb('lc.checked_at', '<', opts.olderThan), eb('lc.url', '<>', eb.ref('i.url'))]))
    // NULLs sort first on SQLite and last on PostgreSQL: order by an explicit flag instead.
    .orderBy(sql`case when lc.initiative_id is null or lc.url <> i.url then 0 else 1 end`)
    .orderBy('lc.checked_at')
    .orderBy('i.id')
    .limit(opts.limit)
    .execute();
  return rows.map((r) => ({ initiativeId: r.id, url: r.url! }));
}

/**
 * Stores a check. Failures count up while the same URL keeps failing; a success, or a different URL,
 * starts the count again. One statement, so concurrent writers cannot lose an increment.
 */
export async function recordCheck(db: Db, initiativeId: number, url: string, result: CheckResult, checkedAt: string): Promise<void> {
  const ok = result.ok ? 1 : 0;
  await db
    .insertInto('link_checks')
    .values({
      initiative_id: initiativeId,
      url,
      checked_at: checkedAt,
      ok,
      status_code: result.statusCode,
      error: result.error,
      consecutive_failures: result.ok ? 0 : 1,
    })
    .onConflict((oc) =>
      oc.column('initiative_id').doUpdateSet((eb) => ({
        url: eb.ref('excluded.url'),
        checked_at: eb.ref('excluded.checked_at'),
        ok: eb.ref('excluded.ok'),
        status_code: eb.ref('excluded.status_code'),
        error: eb.ref('excluded.error'),
        consecutive_failures: result.ok
          ? 0
          : eb
              .case()
              .when('link_checks.url', '=', eb.ref('excluded.url'))
              .then(eb('link_checks.consecutive_failures', '+', 1))
              .else(1)
              .end(),
      })),
    )
    .execute();
}

export interface BrokenLink {
  initiativeId: number;
  slug: string;
  titleJa: string;
  titleEn: string;
  url: string;
  checkedAt: string;
  statusCode: number | null;
  error: string | null;
  consecutiveFailures: number;
}

/** Links whose latest check failed, for moderators: the longest-failing first. */
export async function brokenLinks(db: Db): Promise<BrokenLink[]> {
  const rows = await db
    .selectFrom('link_checks as lc')
    .innerJoin('initiatives as i', 'i.id', 'lc.initiative_id')
    .select(['i.id', 'i.slug', 'i.title_ja', 'i.title_en', 'lc.url', 'lc.checked_at', 'lc.status_code', 'lc.error', 'lc.consecutive_failures'])
    .where('lc.ok', '=', 0)
    // A failure of a URL the owner has since replaced says nothing about the current link.
    .whereRef('lc.url', '=', 'i.url')
    .orderBy('lc.consecutive_failures', 'desc')
    .orderBy('lc.checked_at')
    .orderBy('i.id')
    .execute();
  return rows.map((r) => ({
    initiativeId: r.id,
    slug: r.slug,
    titleJa: r.title_ja,
    titleEn: r.title_en,
    url: r.url,
    checkedAt: r.checked_at,
    statusCode: r.status_code,
    error: r.error,
    consecutiveFailures: Number(r.consecutive_failures),
  }));
}
