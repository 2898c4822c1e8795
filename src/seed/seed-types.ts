// Shapes of the shipped seed data. The data files under ./data are real data from the source document
// (サイバーセキュリティ意識・行動強化プログラム（概要）, 2019-01-24) with every judgement marked as such.
import type { NewOrganisation } from '../organisations/repository.ts';
import type { Audience, JudgeableField, Method, Sector, InitiativeStatus } from '../taxonomy/taxonomy.ts';

/**
 * An organisation as shipped: slug (lower-case ASCII, used in URLs and the `org` filter), names, the short
 * name the source uses (IPA, NISC) or null, kind, sector, and the official top page when known for sure.
 */
export type SeedOrganisation = Omit<NewOrganisation, 'now'>;

export interface SeedStrategyMeasure {
  /** Stable slug, e.g. "aim-economy", "cross-participation", "program-basic-measures". */
  slug: string;
  /** Slug of the parent measure, or null for a top-level node. */
  parent: string | null;
  kind: 'aim' | 'measure' | 'cross_cutting' | 'program_pillar' | 'program_action';
  titleJa: string;
  titleEn: string;
}

export interface SeedInitiative {
  /** Stable slug, the external id of the row (re-seeding updates instead of duplicating). */
  slug: string;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  /** Organisation slugs in the order the source lists them. Must all exist in organisations.ts. */
  organisations: string[];
  methods: Method[];
  audiences: Audience[];
  sector: Sector;
  /** 'nationwide' or JIS X 0401 prefecture codes ('01'..'47'). */
  regions: 'nationwide' | string[];
  url: string | null;
  status: InitiativeStatus;
  /** Strategy measure slugs this initiative serves (from strategy.ts). */
  measures: string[];
  /** Which fields are editorial judgement rather than read from the source. */
  judged: JudgeableField[];
  /** Why the judged values were chosen, in one or two sentences (Japanese). */
  judgementNote: string;
  /** Where the row comes from, e.g. "サイバーセキュリティ意識・行動強化プログラム（概要）p.5（参考）官民の取組状況(1/2)". */
  source: string;
  /** Date of the source document, ISO (2019-01-24 for the program overview). */
  sourceDate: string;
}
