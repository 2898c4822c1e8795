// One Database type for the whole schema, and the factory that opens it on SQLite or PostgreSQL.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type Generated, type Transaction } from 'kysely';
import pg from 'pg';
import type { AdvisoriesTables } from '../advisories/tables.ts';
import type { DesksTables } from '../desks/tables.ts';
import type { ChecksTables } from '../checks/tables.ts';
import type { DeclarationsTables } from '../declarations/tables.ts';
import type { EventsTables } from '../events/tables.ts';
import type { MaterialsTables } from '../materials/tables.ts';
import type { OutboxTables } from '../outbox/tables.ts';
import type { PersonalCheckTables } from '../personal-check/tables.ts';
import type { StatsTables } from '../stats/tables.ts';
import type { SurveysTables } from '../surveys/tables.ts';
import type { EvaluationTables } from '../kpis/tables.ts';
import type { CacheTables } from '../cache/tables.ts';
import type { ImportsTables } from '../imports/tables.ts';
import type { FeedsTables } from '../feeds/tables.ts';

export interface OrganisationsTable {
  id: Generated<number>;
  slug: string;
  name_ja: string;
  name_en: string;
  abbreviation: string | null;
  kind: string;
  sector: string;
  website: string | null;
  /** 'active' (listed) or 'pending' (registered, not yet verified nor published). */
  status: Generated<string>;
  verified_at: string | null;
  /** 'always' or 'verified_direct'. */
  review_policy: Generated<string>;
  /** 1 when the program office allows the organisation to publish advisories (migration 0006). */
  may_publish_advisories: Generated<number>;
  name_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface StrategyMeasuresTable {
  id: Generated<number>;
  slug: string;
  parent_id: number | null;
  position: number;
  kind: string;
  title_ja: string;
  title_en: string;
}

/** Every (ancestor, descendant) pair of the strategy tree, each node being its own ancestor. */
export interface StrategyMeasureClosureTable {
  ancestor_id: number;
  descendant_id: number;
}

export interface InitiativesTable {
  id: Generated<number>;
  slug: string;
  title_ja: string;
  title_en: string;
  summary_ja: string;
  summary_en: string;
  sector: string;
  /** 1 when the initiative reaches the whole country; its prefectures are then not listed. */
  nationwide: number;
  url: string | null;
  status: string;
  /** JSON array of field names whose values are editorial judgement. */
  judged: string;
  judgement_note: string;
  source: string;
  source_date: string | null;
  /** Normalised (NFKC, lower-case) text of titles, summaries and organisation names: the substring search target. */
  search_text: string;
  confirmed_at: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

export interface InitiativeOrganisationsTable {
  initiative_id: number;
  organisation_id: number;
  position: number;
}

export interface InitiativeAudiencesTable {
  initiative_id: number;
  audience: string;
}

export interface InitiativeMethodsTable {
  initiative_id: number;
  method: string;
}

export interface InitiativeRegionsTable {
  initiative_id: number;
  prefecture: string;
}

export interface InitiativeMeasuresTable {
  initiative_id: number;
  measure_id: number;
}

/** PostgreSQL only: the n-gram index of each initiative (SQLite keeps it in an FTS5 table of the same name). */
export interface InitiativeGramsTable {
  initiative_id: number;
  grams: string;
}

export interface CatalogueStateTable {
  id: number;
  version: number;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string;
  email_verified_at: string | null;
  role: Generated<string>;
  organisation_id: number | null;
  org_role: string | null;
  status: Generated<string>;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  second_factor: Generated<number>;
  user_agent: string | null;
  ip: string | null;
}

export interface UserTokensTable {
  id: Generated<number>;
  purpose: string;
  token_hash: string;
  user_id: number | null;
  organisation_id: number | null;
  email: string;
  org_role: string | null;
  created_by: number | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface RecoveryCodesTable {
  user_id: number;
  code_hash: string;
  used_at: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  client_key: string;
  created_at: string;
}

export interface ContentItemsTable {
  id: Generated<number>;
  kind: string;
  owner_organisation_id: number;
  public_id: number | null;
  is_public: Generated<number>;
  published_revision_id: number | null;
  working_revision_id: number | null;
  confirmed_at: string | null;
  confirmed_by: number | null;
  reminded_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface ContentItemOrganisationsTable {
  item_id: number;
  organisation_id: number;
  position: number;
}

export interface ContentRevisionsTable {
  id: Generated<number>;
  item_id: number;
  number: number;
  payload: string;
  status: string;
  author_id: number | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  reviewer_id: number | null;
  reviewed_at: string | null;
  review_note: string | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  created_at: string;
  actor_user_id: number | null;
  actor_name: string | null;
  organisation_id: number | null;
  subject_kind: string;
  subject_id: number;
  action: string;
  before: string | null;
  after: string | null;
  note: string | null;
}

export interface CollaborationRequestsTable {
  id: Generated<number>;
  item_id: number;
  from_organisation_id: number;
  to_organisation_id: number;
  status: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  decided_by: number | null;
  decided_at: string | null;
}

export interface CollaborationMessagesTable {
  id: Generated<number>;
  request_id: number;
  author_id: number | null;
  organisation_id: number;
  body: string;
  created_at: string;
}

export interface LinkChecksTable {
  initiative_id: number;
  url: string;
  checked_at: string;
  ok: number;
  status_code: number | null;
  error: string | null;
  consecutive_failures: Generated<number>;
}

export interface JobLeasesTable {
  name: string;
  holder: string | null;
  locked_until: string | null;
  last_finished_at: string | null;
}

export interface Database extends CacheTables, AdvisoriesTables, EventsTables, MaterialsTables, OutboxTables, DesksTables, ChecksTables, DeclarationsTables, PersonalCheckTables, StatsTables, EvaluationTables, SurveysTables, ImportsTables, FeedsTables {
  users: UsersTable;
  sessions: SessionsTable;
  user_tokens: UserTokensTable;
  recovery_codes: RecoveryCodesTable;
  login_failures: LoginFailuresTable;
  content_items: ContentItemsTable;
  content_item_organisations: ContentItemOrganisationsTable;
  content_revisions: ContentRevisionsTable;
  audit_events: AuditEventsTable;
  collaboration_requests: CollaborationRequestsTable;
  collaboration_messages: CollaborationMessagesTable;
  link_checks: LinkChecksTable;
  job_leases: JobLeasesTable;
  catalogue_state: CatalogueStateTable;
  organisations: OrganisationsTable;
  strategy_measures: StrategyMeasuresTable;
  strategy_measure_closure: StrategyMeasureClosureTable;
  initiatives: InitiativesTable;
  initiative_organisations: InitiativeOrganisationsTable;
  initiative_audiences: InitiativeAudiencesTable;
  initiative_methods: InitiativeMethodsTable;
  initiative_regions: InitiativeRegionsTable;
  initiative_measures: InitiativeMeasuresTable;
  initiative_grams: InitiativeGramsTable;
}

export type DialectName = 'sqlite' | 'postgres';
/** A connection or a transaction: repositories accept either. */
export type Db = Kysely<Database> | Transaction<Database>;

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  destroy(): Promise<void>;
  /**
   * Called when a pooled connection fails outside a query (the server restarted, or an administrator
   * ended it), idle or checked out between two statements. The pool drops that connection and opens a
   * new one when needed; main points this at the app's log.
   */
  onBackgroundError: (err: Error) => void;
  /**
   * SQLite only: the connection Kysely uses, for the few hot paths that reuse prepared statements
   * (stats/aggregates.ts; Kysely prepares every statement anew). Inside a Kysely transaction it runs in
   * that transaction: there is one connection.
   */
  sqlite?: SqliteDatabase.Database;
  /**
   * SQLite on a file only: a second, read-only connection, opened at first use. It sees committed data only,
   * never what an open transaction on `sqlite` has written so far (the page cache reads its data versions
   * here: a version bumped by a transaction that is later rolled back must never key a cached page, and a
   * long transaction such as a bulk import must not make every cached page miss).
   */
  sqliteCommitted?: () => SqliteDatabase.Database;
  /** PostgreSQL only: the pool, whose counts /metrics exports (ops/metrics.ts). */
  pool?: pg.Pool;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL: connections in the pool (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** PostgreSQL: how long a request waits for a connection, new or free, before it fails (DATABASE_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
}

export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/**
 * SQLite rolls a transaction back by itself after some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY):
 * Kysely's ROLLBACK would then fail with "no transaction is active" and hide the error that matters
 * (a full disk becomes a 500 instead of a 503). Roll back only what is still open.
 */
class SqliteDialectKeepingErrors extends SqliteDialect {
  constructor(private readonly sqlite: SqliteDatabase.Database) {
    super({ database: sqlite });
  }
  override createDriver() {
    const driver = super.createDriver();
    // BEGIN IMMEDIATE: a transaction takes the write lock first. A deferred one that reads and then writes fails
    // at once with "database is locked" when another process (the command line, a worker) wrote in between,
    // however long busy_timeout is; one that starts with the lock waits its turn. Within this process the one
    // connection serialises transactions anyway, so nothing else changes.
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection) => {
      if (this.sqlite.inTransaction) await rollback(connection);
    };
    return driver;
  }
}

export function openDatabase(databaseUrl: string, options: OpenDatabaseOptions = {}): DatabaseHandle {
  if (databaseUrl.startsWith('postgres://') || databaseUrl.startsWith('postgresql://')) {
    // While PostgreSQL is down or every connection is busy, a request fails after connectTimeoutMs
    // (503 through db/unavailable.ts) instead of waiting without bound; the pool drops broken
    // connections and opens new ones when the server is back, so no restart is needed. TCP keepalive
    // finds connections a network cut left half open. No statement timeout: migrations and the fan-out
    // of one advisory to a million subscribers legitimately run long (set one per role in PostgreSQL
    // if wanted, see docs/DEPLOYMENT.md).
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const handle: DatabaseHandle = {
      db,
      dialect: 'postgres',
      pool,
      destroy: () => db.destroy(),
      onBackgroundError: (err) => process.stderr.write(`${JSON.stringify({ level: 40, msg: 'idle database connection failed', err: err.message })}\n`),
    };
    // Without a listener, an idle client's error would crash the process.
    pool.on('error', (err) => handle.onBackgroundError(err));
    // pg-pool listens only to idle clients. A client checked out between two statements (inside a
    // transaction, or just before its release) has no listener when PostgreSQL ends the connection
    // (57P01 on restart), and its 'error' event would crash the process. This listener keeps it alive:
    // the client is marked not queryable, its next statement fails (503), and the pool drops it on release.
    pool.on('connect', (client) => {
      client.on('error', (err) => handle.onBackgroundError(err));
    });
    return handle;
  }
  const file = databaseUrl === ':memory:' ? ':memory:' : resolve(databaseUrl.replace(/^file:/, ''));
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  // WAL lets readers run beside the writer; synchronous=FULL makes a commit survive power loss, not only a crash.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialectKeepingErrors(sqlite) });
  let reader: SqliteDatabase.Database | null = null;
  const sqliteCommitted =
    file === ':memory:'
      ? undefined
      : () => {
          if (!reader) {
            reader = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
            reader.pragma('busy_timeout = 5000');
          }
          return reader;
        };
  const destroy = async () => {
    await db.destroy();
    reader?.close();
  };
  return { db, dialect: 'sqlite', destroy, onBackgroundError: () => {}, sqlite, sqliteCommitted };
}
