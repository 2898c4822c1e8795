// Organisations: the bodies that run initiatives.
import type { Db } from '../db/database.ts';
import type { Organisation, OrganisationRef } from '../catalogue/model.ts';
import type { OrganisationKind, Sector } from '../taxonomy/taxonomy.ts';

export interface OrganisationWithCount extends Organisation {
  initiativeCount: number;
}

type Row = { id: number; slug: string; name_ja: string; name_en: string; abbreviation: string | null; kind: string; sector: string; website: string | null };

function toOrganisation(r: Row): Organisation {
  return {
    id: r.id,
    slug: r.slug,
    nameJa: r.name_ja,
    nameEn: r.name_en,
    abbreviation: r.abbreviation,
    kind: r.kind as OrganisationKind,
    sector: r.sector as Sector,
    website: r.website,
  };
}

export async function listOrganisations(db: Db): Promise<OrganisationWithCount[]> {
  const rows = await db
    .selectFrom('organisations as o')
    .leftJoin('initiative_organisations as io', 'io.organisation_id', 'o.id')
    .select((eb) => ['o.id', 'o.slug', 'o.name_ja', 'o.name_en', 'o.abbreviation', 'o.kind', 'o.sector', 'o.website', eb.fn.count('io.initiative_id').as('n')])
    .where('o.status', '=', 'active')
    .groupBy(['o.id', 'o.slug', 'o.name_ja', 'o.name_en', 'o.abbreviation', 'o.kind', 'o.sector', 'o.website'])
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ ...toOrganisation(r), initiativeCount: Number(r.n) }));
}

/** Names of every organisation (for facet labels), without counting anything. */
export async function listOrganisationRefs(db: Db): Promise<OrganisationRef[]> {
  const rows = await db.selectFrom('organisations').select(['slug', 'name_ja', 'name_en', 'abbreviation']).orderBy('id').execute();
  return rows.map((r) => ({ slug: r.slug, nameJa: r.name_ja, nameEn: r.name_en, abbreviation: r.abbreviation }));
}

export async function countOrganisations(db: Db): Promise<number> {
  const row = await db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findOrganisationBySlug(db: Db, slug: string): Promise<Organisation | undefined> {
  const r = await db.selectFrom('organisations').selectAll().where('slug', '=', slug).where('status', '=', 'active').executeTakeFirst();
  return r ? toOrganisation(r) : undefined;
}

export interface NewOrganisation {
  slug: string;
  nameJa: string;
  nameEn: string;
  abbreviation: string | null;
  kind: OrganisationKind;
  sector: Sector;
  website: string | null;
  /** 'pending' for organisations registered through the portal; the shipped seed is 'active'. */
  status?: 'active' | 'pending';
  now: string;
}

/** What makes two organisation names "the same": NFKC, lower case, no spaces (株式会社 Ａ and 株式会社A collide). */
export function organisationNameKey(nameJa: string): string {
  return nameJa.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

export async function organisationNameTaken(db: Db, nameJa: string): Promise<boolean> {
  const r = await db.selectFrom('organisations').select('id').where('name_key', '=', organisationNameKey(nameJa)).executeTakeFirst();
  return r !== undefined;
}

export async function slugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

export async function findOrganisationById(db: Db, id: number): Promise<Organisation | undefined> {
  const r = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOrganisation(r) : undefined;
}

export async function insertOrganisation(db: Db, o: NewOrganisation): Promise<number> {
  const { id } = await db
    .insertInto('organisations')
    .values({
      slug: o.slug,
      name_ja: o.nameJa,
      name_en: o.nameEn,
      abbreviation: o.abbreviation,
      kind: o.kind,
      sector: o.sector,
      website: o.website,
      status: o.status ?? 'active',
      name_key: organisationNameKey(o.nameJa),
      created_at: o.now,
      updated_at: o.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
