// Kysely queries of the catalogue. Every function takes a connection or a transaction.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Db, DialectName } from '../db/database.ts';
import { escapeLike, gramsOf, normalise, parseQuery, type SearchTerm } from '../search/grams.ts';
import { AUDIENCES, METHODS, type Audience, type InitiativeStatus, type JudgeableField, type Method, type Sector } from '../taxonomy/taxonomy.ts';
import type { CatalogueFilters, Initiative, OrganisationRef } from './model.ts';

export interface Repo {
  db: Db;
  dialect: DialectName;
}

/** Filters after slugs were resolved to ids (unknown slugs were refused before this point). */
export interface ResolvedFilters extends CatalogueFilters {
  orgIds: number[];
  /** Ids of the selected measures (descendants are reached through strategy_measure_closure). */
  measureIds: number[];
  terms: SearchTerm[];
}

type IEB = ExpressionBuilder<Database & { i: Database['initiatives'] }, 'i'>;

function gramMatch(repo: Repo, eb: IEB, grams: string[]): Expression<SqlBool> {
  if (repo.dialect === 'sqlite') {
    const match = grams.map((g) => `"${g}"`).join(' ');
    return sql<SqlBool>`${eb.ref('i.id')} in (select rowid from initiative_grams where initiative_grams match ${match})`;
  }
  const query = grams.join(' & ');
  return sql<SqlBool>`${eb.ref('i.id')} in (select initiative_id from initiative_grams where grams_tsv @@ to_tsquery('simple', ${query}))`;
}

/** The WHERE of a filtered catalogue in SQL (search, and the reference for the facet index's tests). */
export function whereFilters(repo: Repo, f: ResolvedFilters) {
  return (eb: IEB): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [];
    if (f.terms.length > 0) {
      conds.push(gramMatch(repo, eb, f.terms.flatMap((t) => t.grams)));
      for (const t of f.terms) {
        if (!t.exact) conds.push(sql<SqlBool>`${eb.ref('i.search_text')} like ${'%' + escapeLike(t.text) + '%'} escape '\\'`);
      }
    }
    if (f.audiences.length > 0) {
      conds.push(eb('i.id', 'in', eb.selectFrom('initiative_audiences').select('initiative_id').where('audience', 'in', f.audiences)));
    }
    if (f.methods.length > 0) {
      conds.push(eb('i.id', 'in', eb.selectFrom('initiative_methods').select('initiative_id').where('method', 'in', f.methods)));
    }
    if (f.sectors.length > 0) conds.push(eb('i.sector', 'in', f.sectors));
    if (f.orgIds.length > 0) {
      conds.push(eb('i.id', 'in', eb.selectFrom('initiative_organisations').select('initiative_id').where('organisation_id', 'in', f.orgIds)));
    }
    if (f.regions.length > 0) {
      const prefs = f.regions.filter((r) => r !== 'nationwide');
      // Every region value includes nationwide initiatives: they reach that prefecture too.
      const ors: Expression<SqlBool>[] = [eb('i.nationwide', '=', 1)];
      if (prefs.length > 0) {
        ors.push(eb('i.id', 'in', eb.selectFrom('initiative_regions').select('initiative_id').where('prefecture', 'in', prefs)));
      }
      conds.push(eb.or(ors));
    }
    if (f.measureIds.length > 0) {
      conds.push(
        eb(
          'i.id',
          'in',
          eb
            .selectFrom('initiative_measures as im')
            .innerJoin('strategy_measure_closure as c', 'c.descendant_id', 'im.measure_id')
            .select('im.initiative_id')
            .where('c.ancestor_id', 'in', f.measureIds),
        ),
      );
    }
    return eb.and(conds);
  };
}

export function resolveTerms(q: string): SearchTerm[] {
  return parseQuery(q);
}

/**
 * Ids matching the filters, straight from SQL. The pages use the in-memory facet index; this is the
 * reference its results are tested against (the same semantics written a second, independent way).
 */
export async function listMatchingIdsSql(repo: Repo, f: ResolvedFilters): Promise<number[]> {
  const rows = await repo.db.selectFrom('initiatives as i').select('i.id').where(whereFilters(repo, f)).orderBy('i.id').execute();
  return rows.map((r) => r.id);
}

/** Ids of the initiatives containing every search word (the n-gram index narrows, a substring test confirms). */
export async function searchCandidates(repo: Repo, terms: SearchTerm[]): Promise<Set<number>> {
  const grams = terms.flatMap((t) => t.grams);
  // Words of one or two characters are proven by the index alone: no need to read the initiatives.
  if (terms.every((t) => t.exact)) {
    const rows =
      repo.dialect === 'sqlite'
        ? (await sql<{ id: number }>`select rowid as id from initiative_grams where initiative_grams match ${grams.map((g) => `"${g}"`).join(' ')}`.execute(repo.db)).rows
        : (await sql<{ id: number }>`select initiative_id as id from initiative_grams where grams_tsv @@ to_tsquery('simple', ${grams.join(' & ')})`.execute(repo.db)).rows;
    return new Set(rows.map((r) => r.id));
  }
  const onlyTerms: ResolvedFilters = { q: '', audiences: [], methods: [], sectors: [], orgs: [], regions: [], measures: [], orgIds: [], measureIds: [], terms };
  const rows = await repo.db.selectFrom('initiatives as i').select('i.id').where(whereFilters(repo, onlyTerms)).execute();
  return new Set(rows.map((r) => r.id));
}

const audienceOrder = new Map<string, number>(AUDIENCES.map((a, i) => [a, i]));
const methodOrder = new Map<string, number>(METHODS.map((m, i) => [m, i]));

/** Full initiatives for the given ids, in the order given. */
export async function loadInitiatives(repo: Repo, ids: number[]): Promise<Initiative[]> {
  if (ids.length === 0) return [];
  const [rows, orgs, auds, meths, regs, meas] = await Promise.all([
    repo.db.selectFrom('initiatives').selectAll().where('id', 'in', ids).execute(),
    repo.db
      .selectFrom('initiative_organisations as io')
      .innerJoin('organisations as o', 'o.id', 'io.organisation_id')
      .select(['io.initiative_id', 'o.slug', 'o.name_ja', 'o.name_en', 'o.abbreviation'])
      .where('io.initiative_id', 'in', ids)
      .orderBy('io.initiative_id')
      .orderBy('io.position')
      .execute(),
    repo.db.selectFrom('initiative_audiences').select(['initiative_id', 'audience']).where('initiative_id', 'in', ids).execute(),
    repo.db.selectFrom('initiative_methods').select(['initiative_id', 'method']).where('initiative_id', 'in', ids).execute(),
    repo.db.selectFrom('initiative_regions').select(['initiative_id', 'prefecture']).where('initiative_id', 'in', ids).orderBy('prefecture').execute(),
    repo.db
      .selectFrom('initiative_measures as im')
      .innerJoin('strategy_measures as m', 'm.id', 'im.measure_id')
      .select(['im.initiative_id', 'm.slug'])
      .where('im.initiative_id', 'in', ids)
      .orderBy('m.position')
      .execute(),
  ]);
  const group = <R extends { initiative_id: number }, V>(rs: R[], pick: (r: R) => V) => {
    const m = new Map<number, V[]>();
    for (const r of rs) {
      const list = m.get(r.initiative_id) ?? [];
      list.push(pick(r));
      m.set(r.initiative_id, list);
    }
    return m;
  };
  const orgBy = group(orgs, (r): OrganisationRef => ({ slug: r.slug, nameJa: r.name_ja, nameEn: r.name_en, abbreviation: r.abbreviation }));
  const audBy = group(auds, (r) => r.audience as Audience);
  const methBy = group(meths, (r) => r.method as Method);
  const regBy = group(regs, (r) => r.prefecture);
  const measBy = group(meas, (r) => r.slug);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    return [
      {
        id: r.id,
        slug: r.slug,
        titleJa: r.title_ja,
        titleEn: r.title_en,
        summaryJa: r.summary_ja,
        summaryEn: r.summary_en,
        organisations: orgBy.get(id) ?? [],
        audiences: (audBy.get(id) ?? []).sort((a, b) => audienceOrder.get(a)! - audienceOrder.get(b)!),
        methods: (methBy.get(id) ?? []).sort((a, b) => methodOrder.get(a)! - methodOrder.get(b)!),
        sector: r.sector as Sector,
        nationwide: r.nationwide === 1,
        prefectures: regBy.get(id) ?? [],
        measures: measBy.get(id) ?? [],
        url: r.url,
        status: r.status as InitiativeStatus,
        judged: JSON.parse(r.judged) as JudgeableField[],
        judgementNote: r.judgement_note,
        source: r.source,
        sourceDate: r.source_date,
        confirmedAt: r.confirmed_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
    ];
  });
}

export async function countAllInitiatives(db: Db): Promise<number> {
  const row = await db.selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function organisationIdsBySlug(repo: Repo, slugs: string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await repo.db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', slugs).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

export async function measureIdsBySlug(repo: Repo, slugs: string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await repo.db.selectFrom('strategy_measures').select(['id', 'slug']).where('slug', 'in', slugs).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

export interface NewInitiative {
  slug: string;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  organisationIds: number[];
  /** Names of the organisations, for the search text. */
  organisationNames: string[];
  audiences: Audience[];
  methods: Method[];
  sector: Sector;
  nationwide: boolean;
  prefectures: string[];
  measureIds: number[];
  url: string | null;
  status: InitiativeStatus;
  judged: JudgeableField[];
  judgementNote: string;
  source: string;
  sourceDate: string | null;
  /** When the owner last confirmed the entry is current. */
  confirmedAt?: string | null;
  /** Reuse this id (re-publishing an entry keeps its public address); new entries leave it out. */
  id?: number;
  /** Keep the original creation time when an entry is re-published. */
  createdAt?: string;
  now: string;
}

/** The text that search looks in: titles first (relevance ranks earlier matches higher), then summaries and organisations. */
export function searchTextOf(i: Pick<NewInitiative, 'titleJa' | 'titleEn' | 'summaryJa' | 'summaryEn' | 'organisationNames'>): string {
  return normalise([i.titleJa, i.titleEn, i.summaryJa, i.summaryEn, ...i.organisationNames].join(' '));
}

/** Insert one initiative with its links and search index. Run inside a transaction. */
export async function insertInitiative(repo: Repo, i: NewInitiative): Promise<number> {
  const searchText = searchTextOf(i);
  const { id } = await repo.db
    .insertInto('initiatives')
    .values({
      ...(i.id !== undefined ? { id: i.id } : {}),
      slug: i.slug,
      title_ja: i.titleJa,
      title_en: i.titleEn,
      summary_ja: i.summaryJa,
      summary_en: i.summaryEn,
      sector: i.sector,
      nationwide: i.nationwide ? 1 : 0,
      url: i.url,
      status: i.status,
      judged: JSON.stringify(i.judged),
      judgement_note: i.judgementNote,
      source: i.source,
      source_date: i.sourceDate,
      search_text: searchText,
      confirmed_at: i.confirmedAt ?? null,
      created_at: i.createdAt ?? i.now,
      updated_at: i.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  const orgIds = uniq(i.organisationIds);
  if (orgIds.length) {
    await repo.db.insertInto('initiative_organisations').values(orgIds.map((o, position) => ({ initiative_id: id, organisation_id: o, position }))).execute();
  }
  if (i.audiences.length) await repo.db.insertInto('initiative_audiences').values(uniq(i.audiences).map((audience) => ({ initiative_id: id, audience }))).execute();
  if (i.methods.length) await repo.db.insertInto('initiative_methods').values(uniq(i.methods).map((method) => ({ initiative_id: id, method }))).execute();
  if (!i.nationwide && i.prefectures.length) {
    await repo.db.insertInto('initiative_regions').values(uniq(i.prefectures).map((prefecture) => ({ initiative_id: id, prefecture }))).execute();
  }
  if (i.measureIds.length) await repo.db.insertInto('initiative_measures').values(uniq(i.measureIds).map((measure_id) => ({ initiative_id: id, measure_id }))).execute();
  const grams = gramsOf(searchText);
  if (repo.dialect === 'sqlite') {
    await sql`insert into initiative_grams (rowid, grams) values (${id}, ${grams})`.execute(repo.db);
  } else {
    await repo.db.insertInto('initiative_grams').values({ initiative_id: id, grams }).execute();
  }
  return id;
}

/** Removes an initiative from the public tables (its links and search entry go with it). Run inside a transaction. */
export async function deleteInitiative(repo: Repo, id: number): Promise<void> {
  // The SQLite FTS5 table has no foreign key; PostgreSQL's grams row goes by cascade.
  if (repo.dialect === 'sqlite') await sql`delete from initiative_grams where rowid = ${id}`.execute(repo.db);
  await repo.db.deleteFrom('initiatives').where('id', '=', id).execute();
}

/** Replaces the public version of an initiative, keeping its id. Run inside a transaction. */
export async function replaceInitiative(repo: Repo, id: number, i: NewInitiative): Promise<void> {
  const existing = await repo.db.selectFrom('initiatives').select('created_at').where('id', '=', id).executeTakeFirst();
  await deleteInitiative(repo, id);
  await insertInitiative(repo, { ...i, id, createdAt: existing?.created_at ?? i.createdAt });
}

/**
 * Recomputes the search text and n-grams of the given initiatives from their current titles, summaries
 * and organisation names (after an organisation is renamed). Run inside a transaction that also bumps
 * the catalogue version.
 */
export async function refreshSearchText(repo: Repo, ids: number[]): Promise<void> {
  if (!ids.length) return;
  const rows = await repo.db.selectFrom('initiatives').select(['id', 'title_ja', 'title_en', 'summary_ja', 'summary_en']).where('id', 'in', ids).execute();
  const orgs = await repo.db
    .selectFrom('initiative_organisations as io')
    .innerJoin('organisations as o', 'o.id', 'io.organisation_id')
    .select(['io.initiative_id', 'o.name_ja', 'o.name_en', 'o.abbreviation'])
    .where('io.initiative_id', 'in', ids)
    .orderBy('io.position')
    .execute();
  for (const r of rows) {
    const organisationNames = orgs.filter((o) => o.initiative_id === r.id).flatMap((o) => [o.name_ja, o.name_en, ...(o.abbreviation ? [o.abbreviation] : [])]);
    const text = searchTextOf({ titleJa: r.title_ja, titleEn: r.title_en, summaryJa: r.summary_ja, summaryEn: r.summary_en, organisationNames });
    await repo.db.updateTable('initiatives').set({ search_text: text }).where('id', '=', r.id).execute();
    const grams = gramsOf(text);
    if (repo.dialect === 'sqlite') {
      await sql`delete from initiative_grams where rowid = ${r.id}`.execute(repo.db);
      await sql`insert into initiative_grams (rowid, grams) values (${r.id}, ${grams})`.execute(repo.db);
    } else {
      await repo.db.updateTable('initiative_grams').set({ grams }).where('initiative_id', '=', r.id).execute();
    }
  }
}
