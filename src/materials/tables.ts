// Table row types of the materials library (migration 0004_materials), merged into Database.
import type { Generated } from 'kysely';

/** The published projection of approved materials (the library, its facets and the API read these). */
export interface MaterialsTable {
  /** The public id (content_items.public_id of kind 'material'); kept while unpublished so it stays stable. */
  id: Generated<number>;
  title_ja: string;
  title_en: string;
  summary_ja: string;
  summary_en: string;
  /** MATERIAL_FORMATS slug: handbook, leaflet, poster, slides, video, … */
  format: string;
  /** 'ja', 'en' or 'other'. */
  language: string;
  /** LICENCES slug. */
  licence: string;
  /** The credit line users must give when they reuse the material. */
  attribution: string;
  /** The owner's version label ("第2版", "v1.3"); may be empty. */
  version_label: string;
  /** Date of issue of this version (YYYY-MM-DD), if given. */
  issued_on: string | null;
  /** An external address (a video, a web tool); null for uploaded files only. */
  url: string | null;
  /** The current file version (material_files.id); null when the material is a link only. */
  file_id: number | null;
  /** Normalised (NFKC, lower-case) titles, summaries and organisation names: the substring search target. */
  search_text: string;
  confirmed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MaterialAudiencesTable {
  material_id: number;
  audience: string;
}

export interface MaterialOrganisationsTable {
  material_id: number;
  organisation_id: number;
  position: number;
}

/** Initiatives and events a material belongs to, by their public ids. */
export interface MaterialLinksTable {
  material_id: number;
  /** 'initiative' or 'event'. */
  target_kind: string;
  target_id: number;
}

/**
 * Every published version of a material's file. A row is added when an approved revision carries a file
 * whose content differs from the latest version; rows are never deleted (not even on unpublish), so
 * older versions stay downloadable and a re-published material keeps its history and counts.
 */
export interface MaterialFilesTable {
  id: Generated<number>;
  material_id: number;
  version: number;
  sha256: string;
  size: number;
  media_type: string;
  /** Sanitised display name (never used to build a path). */
  name: string;
  download_count: Generated<number>;
  created_at: string;
}

/** PostgreSQL only: the n-gram index of each material (SQLite keeps it in an FTS5 table of the same name). */
export interface MaterialGramsTable {
  material_id: number;
  grams: string;
}

/** The latest check of each public material's external address (the link checker's job). */
export interface MaterialLinkChecksTable {
  material_id: number;
  url: string;
  checked_at: string;
  ok: number;
  status_code: number | null;
  error: string | null;
  consecutive_failures: Generated<number>;
}

export interface MaterialsTables {
  materials: MaterialsTable;
  material_audiences: MaterialAudiencesTable;
  material_organisations: MaterialOrganisationsTable;
  material_links: MaterialLinksTable;
  material_files: MaterialFilesTable;
  material_grams: MaterialGramsTable;
  material_link_checks: MaterialLinkChecksTable;
}
