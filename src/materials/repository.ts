// Kysely queries of the materials library's public tables. Every function takes a connection or a
// transaction (Repo). Browsing and search are answered in memory (search-index.ts); whereMaterials is
// the same search and filters in SQL (the n-gram table narrows, a substring test on search_text confirms
// words of three characters or more), kept as the reference that search-index.test.ts and bench/search.ts
// compare the index with. The material_grams rows are written for it.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Db, DialectName } from '../db/database.ts';
import { escapeLike, gramsOf, normalise, parseQuery, type SearchTerm } from '../search/grams.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';
import type { LinkedTarget, Licence, Material, MaterialFileVersion, MaterialFilters, MaterialFormat, MaterialLanguage, MaterialOrganisation } from './model.ts';

export interface Repo {
  db: Db;
  dialect: DialectName;
}

export interface ResolvedMaterialFilters extends MaterialFilters {
  orgIds: number[];
  terms: SearchTerm[];
}

type MEB = ExpressionBuilder<Database & { m: Database['materials'] }, 'm'>;
type FacetKey = 'audience' | 'format' | 'licence' | 'language' | 'org';

function gramMatch(repo: Repo, eb: MEB, grams: string[]): Expression<SqlBool> {
  if (repo.dialect === 'sqlite') {
    const match = grams.map((g) => `"${g}"`).join(' ');
    return sql<SqlBool>`${eb.ref('m.id')} in (select rowid from material_grams where material_grams match ${match})`;
  }
  return sql<SqlBool>`${eb.ref('m.id')} in (select material_id from material_grams where grams_tsv @@ to_tsquery('simple', ${grams.join(' & ')}))`;
}

/** The WHERE of a filtered library in SQL; `except` leaves one facet out (for that facet's own counts). */
export function whereMaterials(repo: Repo, f: ResolvedMaterialFilters, except?: FacetKey) {
  return (eb: MEB): Expression<SqlBool> => {
    const conds: Expression<SqlBool>[] = [];
    if (f.terms.length > 0) {
      conds.push(gramMatch(repo, eb, f.terms.flatMap((t) => t.grams)));
      for (const t of f.terms) if (!t.exact) conds.push(sql<SqlBool>`${eb.ref('m.search_text')} like ${'%' + escapeLike(t.text) + '%'} escape '\\'`);
    }
    if (except !== 'audience' && f.audiences.length) conds.push(eb('m.id', 'in', eb.selectFrom('material_audiences').select('material_id').where('audience', 'in', f.audiences)));
    if (except !== 'format' && f.formats.length) conds.push(eb('m.format', 'in', f.formats));
    if (except !== 'licence' && f.licences.length) conds.push(eb('m.licence', 'in', f.licences));
    if (except !== 'language' && f.languages.length) conds.push(eb('m.language', 'in', f.languages));
    if (except !== 'org' && f.orgIds.length) conds.push(eb('m.id', 'in', eb.selectFrom('material_organisations').select('material_id').where('organisation_id', 'in', f.orgIds)));
    return eb.and(conds);
  };
}

export function resolveMaterialTerms(q: string): SearchTerm[] {
  return parseQuery(q);
}

const audienceOrder = new Map<string, number>(AUDIENCES.map((a, i) => [a, i]));

function fileVersion(r: { id: number; version: number; sha256: string; size: number; media_type: string; name: string; download_count: number; created_at: string }): MaterialFileVersion {
  return { id: r.id, version: Number(r.version), sha256: r.sha256, size: Number(r.size), mediaType: r.media_type, name: r.name, downloads: Number(r.download_count), createdAt: r.created_at };
}

/** Published materials for the given ids, in the order given. */
export async function loadMaterials(repo: Repo, ids: number[]): Promise<Material[]> {
  if (!ids.length) return [];
  const db = repo.db;
  const [rows, auds, orgs, files, links] = await Promise.all([
    db.selectFrom('materials').selectAll().where('id', 'in', ids).execute(),
    db.selectFrom('material_audiences').select(['material_id', 'audience']).where('material_id', 'in', ids).execute(),
    db
      .selectFrom('material_organisations as mo')
      .innerJoin('organisations as o', 'o.id', 'mo.organisation_id')
      .select(['mo.material_id', 'o.id', 'o.slug', 'o.name_ja', 'o.name_en', 'o.abbreviation'])
      .where('mo.material_id', 'in', ids)
      .orderBy('mo.material_id')
      .orderBy('mo.position')
      .execute(),
    db.selectFrom('material_files').selectAll().where('material_id', 'in', ids).orderBy('material_id').orderBy('version', 'desc').execute(),
    db.selectFrom('material_links').select(['material_id', 'target_kind', 'target_id']).where('material_id', 'in', ids).orderBy('target_kind').orderBy('target_id').execute(),
  ]);
  const initiativeIds = [...new Set(links.filter((l) => l.target_kind === 'initiative').map((l) => l.target_id))];
  const initiatives = initiativeIds.length ? await db.selectFrom('initiatives').select(['id', 'title_ja', 'title_en']).where('id', 'in', initiativeIds).execute() : [];
  const initiativeById = new Map(initiatives.map((i) => [i.id, i]));
  const eventIds = [...new Set(links.filter((l) => l.target_kind === 'event').map((l) => l.target_id))];
  const events = eventIds.length ? await db.selectFrom('events').select(['id', 'title_ja', 'title_en']).where('id', 'in', eventIds).execute() : [];
  const eventById = new Map(events.map((e) => [e.id, e]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const fs = files.filter((f) => f.material_id === id).map(fileVersion);
    const linked: LinkedTarget[] = links
      .filter((l) => l.material_id === id)
      .flatMap((l): LinkedTarget[] => {
        if (l.target_kind === 'initiative') {
          const i = initiativeById.get(l.target_id);
          // An unpublished initiative is not shown.
          return i ? [{ kind: 'initiative', id: i.id, titleJa: i.title_ja, titleEn: i.title_en }] : [];
        }
        const e = l.target_kind === 'event' ? eventById.get(l.target_id) : undefined;
        return e ? [{ kind: 'event', id: e.id, titleJa: e.title_ja, titleEn: e.title_en }] : [];
      });
    return [
      {
        id: r.id,
        titleJa: r.title_ja,
        titleEn: r.title_en,
        summaryJa: r.summary_ja,
        summaryEn: r.summary_en,
        format: r.format as MaterialFormat,
        audiences: auds
          .filter((a) => a.material_id === id)
          .map((a) => a.audience as Audience)
          .sort((a, b) => audienceOrder.get(a)! - audienceOrder.get(b)!),
        language: r.language as MaterialLanguage,
        licence: r.licence as Licence,
        attribution: r.attribution,
        version: r.version_label,
        issuedOn: r.issued_on,
        url: r.url,
        organisations: orgs.filter((o) => o.material_id === id).map((o): MaterialOrganisation => ({ id: o.id, slug: o.slug, nameJa: o.name_ja, nameEn: o.name_en, abbreviation: o.abbreviation })),
        file: r.file_id !== null ? (fs.find((f) => f.id === r.file_id) ?? null) : null,
        files: fs,
        links: linked,
        confirmedAt: r.confirmed_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      },
    ];
  });
}

export async function organisationIdsBySlug(repo: Repo, slugs: string[]): Promise<Map<string, number>> {
  if (!slugs.length) return new Map();
  const rows = await repo.db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', slugs).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Published initiatives among the given ids (for validating an owner's links). */
export async function existingInitiativeIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('initiatives').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Published events among the given ids (for validating an owner's links). */
export async function existingEventIds(db: Db, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('events').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Published materials linked to an initiative or event (for that page's "materials" list). */
export async function materialIdsLinkedTo(db: Db, kind: 'initiative' | 'event', targetId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('material_links as l')
    .innerJoin('materials as m', 'm.id', 'l.material_id')
    .select('m.id')
    .where('l.target_kind', '=', kind)
    .where('l.target_id', '=', targetId)
    .orderBy('m.updated_at', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------- writing the projection

export interface MaterialRecord {
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  format: MaterialFormat;
  audiences: Audience[];
  language: MaterialLanguage;
  licence: Licence;
  attribution: string;
  version: string;
  issuedOn: string | null;
  url: string | null;
  file: { sha256: string; size: number; mediaType: string; name: string } | null;
  organisationIds: number[];
  organisationNames: string[];
  initiatives: number[];
  events: number[];
  confirmedAt: string | null;
  now: string;
}

export function materialSearchText(r: Pick<MaterialRecord, 'titleJa' | 'titleEn' | 'summaryJa' | 'summaryEn' | 'organisationNames'>): string {
  return normalise([r.titleJa, r.titleEn, r.summaryJa, r.summaryEn, ...r.organisationNames].join(' '));
}

/** A new file version when the content differs from the latest one; the current version's id. */
async function fileVersionFor(repo: Repo, materialId: number, file: NonNullable<MaterialRecord['file']>, now: string): Promise<number> {
  const latest = await repo.db.selectFrom('material_files').selectAll().where('material_id', '=', materialId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (latest && latest.sha256 === file.sha256) {
    if (latest.name !== file.name) await repo.db.updateTable('material_files').set({ name: file.name }).where('id', '=', latest.id).execute();
    return latest.id;
  }
  const r = await repo.db
    .insertInto('material_files')
    .values({ material_id: materialId, version: (latest ? Number(latest.version) : 0) + 1, sha256: file.sha256, size: file.size, media_type: file.mediaType, name: file.name, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

async function deleteProjection(repo: Repo, id: number): Promise<void> {
  if (repo.dialect === 'sqlite') await sql`delete from material_grams where rowid = ${id}`.execute(repo.db);
  // Audiences, organisations, links, grams (PostgreSQL) and link checks go by cascade; file versions stay.
  await repo.db.deleteFrom('materials').where('id', '=', id).execute();
}

/**
 * Writes an approved material into the public tables: a new row, or the same id again (replaced, or
 * brought back after an unpublish). Run inside the approving transaction. Returns the public id.
 */
export async function writeMaterial(repo: Repo, publicId: number | null, r: MaterialRecord): Promise<number> {
  const searchText = materialSearchText(r);
  let createdAt = r.now;
  if (publicId !== null) {
    const existing = await repo.db.selectFrom('materials').select('created_at').where('id', '=', publicId).executeTakeFirst();
    if (existing) createdAt = existing.created_at;
    await deleteProjection(repo, publicId);
  }
  const { id } = await repo.db
    .insertInto('materials')
    .values({
      ...(publicId !== null ? { id: publicId } : {}),
      title_ja: r.titleJa,
      title_en: r.titleEn || r.titleJa,
      summary_ja: r.summaryJa,
      summary_en: r.summaryEn || r.summaryJa,
      format: r.format,
      language: r.language,
      licence: r.licence,
      attribution: r.attribution,
      version_label: r.version,
      issued_on: r.issuedOn,
      url: r.url,
      file_id: null,
      search_text: searchText,
      confirmed_at: r.confirmedAt,
      created_at: createdAt,
      updated_at: r.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (r.file) {
    const fileId = await fileVersionFor(repo, id, r.file, r.now);
    await repo.db.updateTable('materials').set({ file_id: fileId }).where('id', '=', id).execute();
  }
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  if (r.audiences.length) await repo.db.insertInto('material_audiences').values(uniq(r.audiences).map((audience) => ({ material_id: id, audience }))).execute();
  const orgIds = uniq(r.organisationIds);
  if (orgIds.length) await repo.db.insertInto('material_organisations').values(orgIds.map((organisation_id, position) => ({ material_id: id, organisation_id, position }))).execute();
  const links = [...uniq(r.initiatives).map((t) => ({ material_id: id, target_kind: 'initiative', target_id: t })), ...uniq(r.events).map((t) => ({ material_id: id, target_kind: 'event', target_id: t }))];
  if (links.length) await repo.db.insertInto('material_links').values(links).execute();
  const grams = gramsOf(searchText);
  if (repo.dialect === 'sqlite') await sql`insert into material_grams (rowid, grams) values (${id}, ${grams})`.execute(repo.db);
  else await repo.db.insertInto('material_grams').values({ material_id: id, grams }).execute();
  return id;
}

export async function deleteMaterial(repo: Repo, id: number): Promise<void> {
  await deleteProjection(repo, id);
}

// ---------------------------------------------------------------- files

export interface PublicFile extends MaterialFileVersion {
  materialId: number;
}

/** A file version of a published material (null when the material is not public or the file not its). */
export async function publicFile(db: Db, materialId: number, fileId: number): Promise<PublicFile | null> {
  const r = await db
    .selectFrom('material_files as f')
    .innerJoin('materials as m', 'm.id', 'f.material_id')
    .selectAll('f')
    .where('f.id', '=', fileId)
    .where('f.material_id', '=', materialId)
    .executeTakeFirst();
  return r ? { ...fileVersion(r), materialId: r.material_id } : null;
}

/** One more download, counted in the database (no lost increments under concurrency). */
export async function countDownload(db: Db, fileId: number): Promise<void> {
  await db
    .updateTable('material_files')
    .set((eb) => ({ download_count: eb('download_count', '+', 1) }))
    .where('id', '=', fileId)
    .execute();
}
