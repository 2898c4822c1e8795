// Kysely types of partner feeds (migration 0017_partner_feeds): the feeds organisations register and
// the map from each feed entry to the content item it became. Merged into Database (db/database.ts).
import type { Generated } from 'kysely';

export interface FeedsTable {
  id: Generated<number>;
  organisation_id: number;
  /** The member who registered it: the author of the revisions the feed writes. */
  created_by: number;
  name: string;
  url: string;
  /** 'events' (iCalendar) or 'materials' (Atom / RSS / RDF). */
  kind: string;
  /** JSON of FeedDefaults (feeds/model.ts): what every entry needs that a feed cannot carry. */
  defaults: string;
  /** 'active' or 'paused'. */
  status: string;
  /** 1: loopback and private addresses allowed (tests; set by an administrator only, never by the form). */
  allow_private: Generated<number>;
  etag: string | null;
  last_modified: string | null;
  /** A fetch holds the feed until then, so the job and "fetch now" never work on it at once. */
  fetching_until: string | null;
  last_fetch_at: string | null;
  last_manual_at: string | null;
  /** 'ok' | 'not_modified' | 'failed'. */
  last_result: string | null;
  /** A key of FETCH_ERRORS (feeds/model.ts), shown in the reader's language. */
  last_error_code: string | null;
  /** A short technical detail (HTTP 500, the host refused…): never the response body. */
  last_error_detail: string | null;
  seen: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  cancelled: Generated<number>;
  refused: Generated<number>;
  /** JSON array of { title, reason: Text } of the entries the last fetch refused (at most 50). */
  refused_entries: Generated<string>;
  consecutive_failures: Generated<number>;
  /** Set when the owner was emailed about repeated failures; cleared by the next success. */
  failure_mailed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface FeedEntriesTable {
  feed_id: number;
  /** The entry's stable id at the source: iCal UID (+ RECURRENCE-ID), Atom id, RSS guid or link. */
  entry_id: string;
  item_id: number;
  /** SHA-256 of the payload last written for the entry: an unchanged entry writes nothing. */
  hash: string;
  /** 'active' or 'cancelled' (cancelled at the source, or gone from the feed while still to come). */
  state: string;
  title: string;
  updated_at: string;
}

export interface FeedsTables {
  feeds: FeedsTable;
  feed_entries: FeedEntriesTable;
}
