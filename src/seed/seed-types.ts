// Shapes of the shipped seed data. The data files under ./data are real data from the source document
// (サイバーセキュリティ意識・行動強化プログラム（概要）, 2019-01-24) with every judgement marked as such.
import type { Audience, JudgeableField, Method, OrganisationKind, Sector, InitiativeStatus } from '../taxonomy/taxonomy.ts';

export interface SeedOrganisation {
  /** Stable, lower-case ASCII slug used in URLs and the `org` filter (e.g. "ipa", "meti", "jpcert-cc"). */
  slug: string;
  nameJa: string;
  nameEn: string;
  /** Short name as written in the source document (e.g. "IPA", "経済産業省" has none → null). */
  abbreviation: string | null;
  kind: OrganisationKind;
  sector: Sector;
  /** The body's official top page, from general knowledge (not in the source document). */
  website: string | null;
}

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
