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
  const row = await db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findOrganisationBySlug(db: Db, slug: string): Promise<Organisation | undefined> {
  const r = await db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
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
  now: string;
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
      created_at: o.now,
      updated_at: o.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
