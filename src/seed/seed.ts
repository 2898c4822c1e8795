// Loads the shipped seed data (or any data of the same shape: tests and benchmarks pass their own)
// in one transaction: either everything is there afterwards or nothing is.
import { sql } from 'kysely';
import type { DatabaseHandle, Db, DialectName } from '../db/database.ts';
import { bumpCatalogueVersion } from '../catalogue/facet-index.ts';
import { insertInitiative } from '../catalogue/repository.ts';
import { backfillContentItems } from '../content/backfill.ts';
import { seedCampaigns } from '../events/seed.ts';
import { seedDesksAndHelp } from '../help/seed.ts';
import { seedDocuments } from '../checks/documents.ts';
import { CHECK_DOCUMENT_KINDS } from '../checks/kinds.ts';
import { insertOrganisation } from '../organisations/repository.ts';
import { insertMeasures } from '../strategy/repository.ts';
import { isPrefectureCode } from '../taxonomy/prefectures.ts';
import { AUDIENCES, METHODS, SECTORS } from '../taxonomy/taxonomy.ts';
import type { SeedInitiative, SeedOrganisation, SeedStrategyMeasure } from './seed-types.ts';
import { seedBaselineSurveys } from '../surveys/service.ts';

export interface SeedData {
  organisations: SeedOrganisation[];
  measures: SeedStrategyMeasure[];
  initiatives: SeedInitiative[];
}

export async function loadShippedSeed(): Promise<SeedData> {
  const [{ ORGANISATIONS }, { STRATEGY_MEASURES }, { INITIATIVES }] = await Promise.all([
    import('./data/organisations.ts'),
    import('./data/strategy.ts'),
    import('./data/initiatives.ts'),
  ]);
  return { organisations: ORGANISATIONS, measures: STRATEGY_MEASURES, initiatives: INITIATIVES };
}

/** Refuse inconsistent data before writing anything, naming the row at fault. */
export function validateSeed(data: SeedData): void {
  const orgs = new Set(data.organisations.map((o) => o.slug));
  const measures = new Set(data.measures.map((m) => m.slug));
  const seen = new Set<string>();
  for (const i of data.initiatives) {
    const where = `initiative ${i.slug}`;
    if (seen.has(i.slug)) throw new Error(`${where}: duplicate slug`);
    seen.add(i.slug);
    if (i.organisations.length === 0) throw new Error(`${where}: no organisation`);
    for (const o of i.organisations) if (!orgs.has(o)) throw new Error(`${where}: unknown organisation ${o}`);
    for (const m of i.measures) if (!measures.has(m)) throw new Error(`${where}: unknown measure ${m}`);
    for (const a of i.audiences) if (!(AUDIENCES as readonly string[]).includes(a)) throw new Error(`${where}: unknown audience ${a}`);
    for (const m of i.methods) if (!(METHODS as readonly string[]).includes(m)) throw new Error(`${where}: unknown method ${m}`);
    if (!(SECTORS as readonly string[]).includes(i.sector)) throw new Error(`${where}: unknown sector ${i.sector}`);
    if (i.regions !== 'nationwide') for (const r of i.regions) if (!isPrefectureCode(r)) throw new Error(`${where}: unknown prefecture ${r}`);
  }
}

export async function seedCatalogue(handle: DatabaseHandle, data: SeedData, now = new Date().toISOString()): Promise<number> {
  validateSeed(data);
  const n = await handle.db.transaction().execute((trx) => insertSeed(trx, handle.dialect, data, now));
  await backfillContentItems(handle, now);
  await seedCampaigns(handle, now);
  await seedDesksAndHelp(handle, now);
  await seedDocuments(handle, CHECK_DOCUMENT_KINDS, now);
  await seedBaselineSurveys(handle, now);
  return n;
}

async function insertSeed(trx: Db, dialect: DialectName, data: SeedData, now: string): Promise<number> {
  {
    const repo = { db: trx, dialect };
    const orgIds = new Map<string, number>();
    const orgNames = new Map<string, string[]>();
    for (const o of data.organisations) {
      orgIds.set(o.slug, await insertOrganisation(trx, { ...o, now }));
      orgNames.set(o.slug, [o.nameJa, o.nameEn, ...(o.abbreviation ? [o.abbreviation] : [])]);
    }
    const measureIds = await insertMeasures(trx, data.measures);
    for (const i of data.initiatives) {
      await insertInitiative(repo, {
        ...i,
        organisationIds: i.organisations.map((o) => orgIds.get(o)!),
        organisationNames: i.organisations.flatMap((o) => orgNames.get(o)!),
        nationwide: i.regions === 'nationwide',
        prefectures: i.regions === 'nationwide' ? [] : i.regions,
        measureIds: i.measures.map((m) => measureIds.get(m)!),
        now,
      });
    }
    await bumpCatalogueVersion(trx);
    return data.initiatives.length;
  }
}

/** First start: an empty catalogue gets the shipped data. A catalogue with anything in it is left alone. */
/** Several instances may start at once on one PostgreSQL: an advisory lock lets exactly one of them seed. */
export async function seedIfEmpty(handle: DatabaseHandle): Promise<number> {
  const data = await loadShippedSeed();
  validateSeed(data);
  return handle.db.transaction().execute(async (trx) => {
    if (handle.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7262019)`.execute(trx);
    const row = await trx.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    if (Number(row.n) > 0) return 0;
    return insertSeed(trx, handle.dialect, data, new Date().toISOString());
  });
}

/** Startup: seed an empty database, then give every public initiative its content item (owners can then maintain it). */
export async function prepareData(handle: DatabaseHandle, seed: boolean): Promise<{ seeded: number; backfilled: number }> {
  const seeded = seed ? await seedIfEmpty(handle) : 0;
  const backfilled = await backfillContentItems(handle, new Date().toISOString());
  if (seed) await seedCampaigns(handle);
  if (seed) await seedDesksAndHelp(handle);
  // The self-checks' definitions: each shipped default becomes version 1 of its kind.
  if (seed) await seedDocuments(handle, CHECK_DOCUMENT_KINDS);
  // The external surveys' baseline figures (内閣府 2018, IPA 2017/2019), imported once.
  if (seed) await seedBaselineSurveys(handle);
  return { seeded, backfilled };
}
