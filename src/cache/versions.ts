// Data versions: what the page cache keys rendered bytes by, so that a change is visible on the next request.
//
// Two domains, so that a crowd doing self-checks does not empty the catalogue's cache:
//   - 'content': everything people edit (initiatives, organisations, events, materials, advisories, desks,
//     KPI targets, surveys, reports…);
//   - 'stats': figures that move as results arrive (self-check figures, declarations by star, subscribers,
//     dispatches).
// The versions are rows of data_versions, moved by database triggers in the writer's own transaction
// (migration 0014). So every writer moves them — a form, a scheduled job, the command line, another
// process, another instance on the same PostgreSQL — and a reader sees a new version exactly when it can
// see the new data. No message between instances is needed, and none can be lost.
//
// Reading them on every cacheable request: on SQLite one prepared statement (microseconds, no I/O beyond
// the page cache); on PostgreSQL one query, shared by every request that arrives while it runs (a read
// barrier: each caller waits for a read that started after it asked, so the answer is never older than
// the caller's request, and a crowd costs one query per round trip, not one per request).
import type { DatabaseHandle } from '../db/database.ts';

export const DATA_DOMAINS = ['content', 'stats'] as const;
export type DataDomain = (typeof DATA_DOMAINS)[number];

export interface VersionSource {
  /**
   * A string that changes whenever any of `domains` changed. Fresh: it reflects every write that was
   * committed before this call began.
   */
  current(domains: readonly DataDomain[]): Promise<string>;
}

type Versions = ReadonlyMap<string, string>;

export class DatabaseVersions implements VersionSource {
  private readonly readSync: (() => Versions) | null;
  private inflight: Promise<Versions> | null = null;
  private next: Promise<Versions> | null = null;
  /** Queries sent to the database (the benchmark and tests read it). */
  queries = 0;

  constructor(private readonly handle: Pick<DatabaseHandle, 'db' | 'sqlite' | 'sqliteCommitted'>) {
    const sqlite = handle.sqlite;
    if (sqlite) {
      // Committed versions only (a connection of their own), where there can be one: the app's connection
      // would show the bumps of its own open transaction, which a rollback takes back while a page rendered
      // meanwhile stays cached under them, to be served for whatever later commit reaches the same number.
      const connection = handle.sqliteCommitted ?? (() => sqlite);
      // Prepared at first use: the app is built before main migrates the database.
      let stmt: { all(): unknown[] } | null = null;
      this.readSync = () => {
        stmt ??= connection().prepare('SELECT domain, version FROM data_versions').raw();
        this.queries++;
        return new Map((stmt.all() as [string, number][]).map(([d, v]) => [d, String(v)]));
      };
    } else this.readSync = null;
  }

  async current(domains: readonly DataDomain[]): Promise<string> {
    const v = this.readSync ? this.readSync() : await this.read();
    return domains.map((d) => v.get(d) ?? '0').join('.');
  }

  private query(): Promise<Versions> {
    this.queries++;
    return this.handle.db
      .selectFrom('data_versions')
      .select(['domain', 'version'])
      .execute()
      .then((rows) => new Map(rows.map((r) => [r.domain, String(r.version)])));
  }

  /** The read barrier: a read that started before this call may predate a commit the caller saw. */
  private read(): Promise<Versions> {
    if (!this.inflight) {
      this.inflight = this.query().finally(() => {
        this.inflight = null;
      });
      return this.inflight;
    }
    if (!this.next) {
      const before = this.inflight;
      this.next = before
        .catch(() => undefined)
        .then(() => {
          this.next = null;
          return this.read();
        });
    }
    return this.next;
  }
}

/**
 * A value read from the database (the organisations' names, the strategy's tree), kept in this process
 * until the version of its domains moves: the same freshness as the page cache, for the parts that every
 * uncached page repeats.
 */
export function memoByVersion<T>(versions: VersionSource, domains: readonly DataDomain[], load: () => Promise<T>): () => Promise<T> {
  let kept: { version: string; value: Promise<T> } | null = null;
  return async () => {
    const version = await versions.current(domains);
    if (kept?.version !== version) {
      const value = load();
      kept = { version, value };
      // A failed load is not kept: the next call tries again.
      value.catch(() => {
        if (kept?.value === value) kept = null;
      });
    }
    return kept.value;
  };
}
