// Domain objects of the catalogue: what services return and views receive (never database rows).
import type { Audience, InitiativeStatus, JudgeableField, Method, OrganisationKind, Sector } from '../taxonomy/taxonomy.ts';

export interface OrganisationRef {
  slug: string;
  nameJa: string;
  nameEn: string;
  abbreviation: string | null;
}

export interface Organisation extends OrganisationRef {
  id: number;
  kind: OrganisationKind;
  sector: Sector;
  website: string | null;
}

export interface Initiative {
  id: number;
  slug: string;
  titleJa: string;
  titleEn: string;
  summaryJa: string;
  summaryEn: string;
  organisations: OrganisationRef[];
  audiences: Audience[];
  methods: Method[];
  sector: Sector;
  nationwide: boolean;
  /** JIS X 0401 codes; empty when nationwide. */
  prefectures: string[];
  measures: string[];
  url: string | null;
  status: InitiativeStatus;
  judged: JudgeableField[];
  judgementNote: string;
  source: string;
  sourceDate: string | null;
  /** When the owning organisation last confirmed the entry is current; null if it never has. */
  confirmedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const SORTS = ['relevance', 'title', 'updated'] as const;
export type Sort = (typeof SORTS)[number];

/** Filters as the catalogue, the matrix and the API all take them. Within a facet values are OR'ed; facets are AND'ed. */
export interface CatalogueFilters {
  q: string;
  audiences: Audience[];
  methods: Method[];
  sectors: Sector[];
  /** Organisation slugs. */
  orgs: string[];
  /** 'nationwide' or JIS codes. A prefecture matches initiatives that reach it: those listing it and nationwide ones. */
  regions: string[];
  /** Strategy measure slugs; a measure matches initiatives linked to it or to any measure under it. */
  measures: string[];
}

export const EMPTY_FILTERS: CatalogueFilters = { q: '', audiences: [], methods: [], sectors: [], orgs: [], regions: [], measures: [] };

export interface FacetCounts {
  audience: Map<string, number>;
  method: Map<string, number>;
  sector: Map<string, number>;
  org: Map<string, number>;
  region: Map<string, number>;
  measure: Map<string, number>;
}

export interface CataloguePage {
  filters: CatalogueFilters;
  sort: Sort;
  page: number;
  pageSize: number;
  total: number;
  items: Initiative[];
  facets: FacetCounts;
  /** The region count of a prefecture that no initiative lists by name (the nationwide ones reach it). */
  regionDefault: number;
}

/** Something published elsewhere on the portal that relates to an entry (a material that uses it). */
export interface RelatedLink {
  href: string;
  titleJa: string;
  titleEn: string;
}

/** Finds what relates to a public initiative or event; provided by the app (app.ts), so the catalogue imports no later capability. */
export type RelatedFinder = (kind: 'initiative' | 'event', id: number) => Promise<RelatedLink[]>;
