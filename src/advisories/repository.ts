// Reading the public projection of advisories. Functions take a connection or a transaction.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Audience } from '../taxonomy/taxonomy.ts';
import type { AdvisoryFilters, AdvisoryLink, PublicAdvisory, Severity } from './model.ts';

export const PAGE_SIZE = 20;

function linksOf(json: string): AdvisoryLink[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is AdvisoryLink => !!x && typeof x.url === 'string' && typeof x.label === 'string') : [];
  } catch {
    return [];
  }
}

/** Published advisories (withdrawn ones included) in the order of the ids given. */
export async function loadAdvisories(db: Db, ids: number[]): Promise<PublicAdvisory[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('advisories as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .selectAll('a')
    .select(['o.slug as org_slug', 'o.name_ja as org_name_ja', 'o.name_en as org_name_en', 'o.abbreviation as org_abbreviation'])
    .where('a.id', 'in', ids)
    .execute();
  const [audiences, prefectures, corrections] = await Promise.all([
    db.selectFrom('advisory_audiences').select(['advisory_id', 'audience']).where('advisory_id', 'in', ids).execute(),
    db.selectFrom('advisory_prefectures').select(['advisory_id', 'prefecture']).where('advisory_id', 'in', ids).orderBy('prefecture').execute(),
    db.selectFrom('advisory_corrections').select(['advisory_id', 'corrected_at', 'note_ja', 'note_en']).where('advisory_id', 'in', ids).orderBy('corrected_at', 'desc').orderBy('id', 'desc').execute(),
  ]);
  const byId = new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        itemId: r.item_id,
        organisation: { id: r.organisation_id, slug: r.org_slug, nameJa: r.org_name_ja, nameEn: r.org_name_en, abbreviation: r.org_abbreviation },
        titleJa: r.title_ja,
        titleEn: r.title_en,
        whatJa: r.what_ja,
        whatEn: r.what_en,
        actionsJa: r.actions_ja,
        actionsEn: r.actions_en,
        severity: r.severity as Severity,
        audiences: audiences.filter((x) => x.advisory_id === r.id).map((x) => x.audience as Audience),
        nationwide: r.nationwide === 1,
        prefectures: prefectures.filter((x) => x.advisory_id === r.id).map((x) => x.prefecture),
        validUntil: r.valid_until,
        links: linksOf(r.links),
        publishedAt: r.published_at,
        correctedAt: r.corrected_at,
        correctionNoteJa: r.correction_note_ja,
        correctionNoteEn: r.correction_note_en,
        withdrawnAt: r.withdrawn_at,
        withdrawalNote: r.withdrawal_note,
        corrections: corrections.filter((x) => x.advisory_id === r.id).map((x) => ({ correctedAt: x.corrected_at, noteJa: x.note_ja, noteEn: x.note_en })),
      } satisfies PublicAdvisory,
    ]),
  );
  return ids.map((id) => byId.get(id)).filter((x): x is PublicAdvisory => !!x);
}

/**
 * The advisories a filter selects. `withdrawn`: for the feed, which lists withdrawn advisories (so
 * feed readers learn of the withdrawal) while leaving out expired ones, unless scope is 'all'.
 */
function filtered(db: Db, f: AdvisoryFilters, today: string, o: { withdrawn: boolean }) {
  let q = db.selectFrom('advisories as a');
  if (f.scope === 'current') {
    q = q.where((eb) => eb.or([eb('a.valid_until', 'is', null), eb('a.valid_until', '>=', today)]));
    if (!o.withdrawn) q = q.where('a.withdrawn_at', 'is', null);
  }
  if (f.severities.length) q = q.where('a.severity', 'in', f.severities);
  if (f.audiences.length) {
    // No audience on an advisory means it concerns everyone.
    q = q.where((eb) =>
      eb.or([
        eb.not(eb.exists(eb.selectFrom('advisory_audiences as x').select('x.advisory_id').whereRef('x.advisory_id', '=', 'a.id'))),
        eb.exists(eb.selectFrom('advisory_audiences as x').select('x.advisory_id').whereRef('x.advisory_id', '=', 'a.id').where('x.audience', 'in', f.audiences)),
      ]),
    );
  }
  if (f.prefecture) {
    const code = f.prefecture;
    q = q.where((eb) => eb.or([eb('a.nationwide', '=', 1), eb.exists(eb.selectFrom('advisory_prefectures as p').select('p.advisory_id').whereRef('p.advisory_id', '=', 'a.id').where('p.prefecture', '=', code))]));
  }
  return q;
}

export async function browseAdvisories(db: Db, f: AdvisoryFilters, page: number, today: string): Promise<{ items: PublicAdvisory[]; total: number; page: number; pageSize: number }> {
  const base = filtered(db, f, today, { withdrawn: false });
  const { n } = await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select('a.id')
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { items: await loadAdvisories(db, rows.map((r) => r.id)), total: Number(n), page, pageSize: PAGE_SIZE };
}

/** The feed's entries: most recently changed first (a correction or withdrawal brings an entry up). */
export async function feedAdvisories(db: Db, f: AdvisoryFilters, today: string, limit = 50): Promise<PublicAdvisory[]> {
  const rows = await filtered(db, f, today, { withdrawn: true })
    .select('a.id')
    .orderBy(sql`coalesce(a.withdrawn_at, a.corrected_at, a.published_at)`, 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return loadAdvisories(db, rows.map((r) => r.id));
}
