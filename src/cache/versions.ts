// Data versions: what the page cache keys rendered bytes by, so that a change is visible on the next request.
//
// Two domains, so that a crowd doing self-checks does not empty the catalogue's cache:
//   - 'content': everything people edit (initiatives, organisations, events, materials, advisories, desks,
//     declarations, KPI targets, surveys, reports…);
//   - 'stats': figures that move as results arrive (self-check results, deliveries, subscriber counts).
// Who moves them:
//   - every state-changing request that succeeded (status < 400) or failed on the server (≥ 500) bumps
//     every domain unless its route says which ones it changes (`config: { invalidates: [...] }`);
//   - background work bumps after it ran (jobs: every domain; the results writer and the delivery
//     worker: 'stats');
//   - on SQLite, a commit by another process (the delivery worker, the command line) is seen through
//     PRAGMA data_version, which changes whenever another connection committed;
//   - with REDIS_URL, the versions live in Redis (cache/redis-versions.ts), so a write through one
//     instance moves every instance's versions.
import type { DatabaseHandle } from '../db/database.ts';

export const DATA_DOMAINS = ['content', 'stats'] as const;
export type DataDomain = (typeof DATA_DOMAINS)[number];

export interface VersionSource {
  /**
   * A string that changes whenever any of `domains` changed. Fresh: it reflects every bump that was
   * acknowledged (on any instance) before this call began.
   */
  current(domains: readonly DataDomain[]): Promise<string>;
  /** Records that data of these domains changed; resolves once every instance will see it. */
  bump(domains: readonly DataDomain[]): Promise<void>;
  close(): Promise<void>;
}

/** One process on its own: counters in memory, and on SQLite the database's own change counter. */
export class LocalVersions implements VersionSource {
  private readonly counters = new Map<DataDomain, number>(DATA_DOMAINS.map((d) => [d, 0]));
  private readonly pragma: (() => number) | null;

  constructor(database?: Pick<DatabaseHandle, 'sqlite'>) {
    const sqlite = database?.sqlite;
    if (sqlite) {
      // Changes when another connection (another process) committed; our own commits are bumped by us.
      const stmt = sqlite.prepare('PRAGMA data_version').pluck();
      this.pragma = () => stmt.get() as number;
    } else this.pragma = null;
  }

  async current(domains: readonly DataDomain[]): Promise<string> {
    return this.currentSync(domains);
  }

  currentSync(domains: readonly DataDomain[]): string {
    let key = this.pragma ? String(this.pragma()) : '';
    for (const d of domains) key += `.${this.counters.get(d)}`;
    return key;
  }

  async bump(domains: readonly DataDomain[]): Promise<void> {
    for (const d of domains) this.counters.set(d, (this.counters.get(d) ?? 0) + 1);
  }

  async close(): Promise<void> {}
}

/**
 * Route config of a form post that changes no data a cached page shows (the steps of the self-checks, which
 * carry their answers in the page; the results themselves move 'stats' when their batch commits).
 */
export const CHANGES_NO_PUBLIC_DATA = { invalidates: [] as readonly DataDomain[] };

/** A background job that moves the versions after each run, so pages show what it changed (lapsed declarations…). */
export function bumpingAfterRun<J extends { run: (signal: AbortSignal) => Promise<void> }>(job: J, versions: Pick<VersionSource, 'bump'>, domains: readonly DataDomain[] = DATA_DOMAINS): J {
  return {
    ...job,
    async run(signal: AbortSignal) {
      try {
        await job.run(signal);
      } finally {
        await versions.bump(domains).catch(() => {});
      }
    },
  };
}
