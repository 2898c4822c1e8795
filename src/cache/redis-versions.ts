// Data versions shared by every instance through Redis (REDIS_URL): a write through one instance moves
// the version every instance's page cache keys by, so the next request anywhere renders afresh.
//
// Keys: `<prefix>version:<domain>`, one integer each; bump = INCR.
//
// Freshness without pub/sub: current() reads Redis, but never with a read that was already on its way
// when the call began (that read may have passed Redis before a bump the caller saw acknowledged).
// It waits for a read that STARTS after it began — the "read barrier". Reads are coalesced: at most one
// MGET is in flight per instance, and every call that arrives while it is in flight shares the next one.
// Under load that is one round trip's worth of MGETs, whatever the request rate; each call waits at most
// for the end of the read in flight plus one more.
//
// Counters never repeat: a key that is missing (Redis restarted without persistence, or evicted the key)
// is created at a random 48-bit offset, not at 0, so a version seen before the loss is not seen again and
// a page cached under it is never served as current.
import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DATA_DOMAINS, type DataDomain, type VersionSource } from './versions.ts';

/** The commands used here (an ioredis client; tests wrap one to count commands). */
export type VersionsClient = Pick<Redis, 'mget' | 'multi'>;

export interface RedisVersionsOptions {
  /** Before `version:<domain>`; default 'lastmile:'. */
  prefix?: string;
}

type Snapshot = ReadonlyMap<DataDomain, string>;

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** Promise.withResolvers, which Node 20 lacks. */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const randomStart = () => String(randomInt(0, 2 ** 48 - 1));

export class RedisVersions implements VersionSource {
  private readonly prefix: string;
  private readonly keys: string[];
  /** The read in flight, if any. */
  private inFlight: Promise<Snapshot> | null = null;
  /** The read that starts when the one in flight ends; shared by every call that arrived meanwhile. */
  private queued: Deferred<Snapshot> | null = null;
  /** Domains whose bump failed here: bumped again before this instance trusts a read. */
  private readonly lost = new Set<DataDomain>();
  private unavailable = 0;
  /** MGETs sent, for tests and metrics. */
  reads = 0;

  constructor(
    private readonly redis: VersionsClient,
    options: RedisVersionsOptions = {},
  ) {
    this.prefix = options.prefix ?? 'lastmile:';
    this.keys = DATA_DOMAINS.map((d) => `${this.prefix}version:${d}`);
  }

  /**
   * Fresh: reflects every bump acknowledged, on any instance, before this call began. Never rejects: when
   * Redis cannot be read it answers a version that was never answered before (`!unavailable.<n>`), so no
   * cached copy matches and the page is rendered afresh.
   */
  async current(domains: readonly DataDomain[]): Promise<string> {
    let snapshot: Snapshot;
    try {
      snapshot = await this.barrierRead();
    } catch {
      return `!unavailable.${++this.unavailable}`;
    }
    let key = '';
    for (const d of domains) key += `.${snapshot.get(d)}`;
    return key;
  }

  /**
   * Rejects when Redis did not take the bump. The bump is then remembered and made again before this
   * instance's next read is trusted (other instances may serve the old version until then: Redis was down
   * or lost the write, so they could not have learnt of it anyway).
   */
  async bump(domains: readonly DataDomain[]): Promise<void> {
    if (!domains.length) return;
    try {
      await this.incr(domains);
    } catch (err) {
      for (const d of domains) this.lost.add(d);
      throw err;
    }
  }

  private async incr(domains: Iterable<DataDomain>): Promise<void> {
    const tx = this.redis.multi();
    for (const d of domains) {
      const key = `${this.prefix}version:${d}`;
      tx.set(key, randomStart(), 'NX').incr(key);
    }
    const results = await tx.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('Redis transaction aborted');
  }

  async close(): Promise<void> {
    // The client belongs to whoever made it (main closes it); let reads in flight end first.
    await Promise.allSettled([this.inFlight, this.queued?.promise]);
  }

  private barrierRead(): Promise<Snapshot> {
    if (!this.inFlight) return this.start();
    // A read is on its way: it may predate a bump our caller saw, so wait for the next one.
    if (!this.queued) this.queued = deferred<Snapshot>();
    return this.queued.promise;
  }

  private start(): Promise<Snapshot> {
    const read = this.read();
    this.inFlight = read;
    // Hand over synchronously when it ends, so no call can slip in between two reads and start a third.
    const settle = () => {
      const next = this.queued;
      this.queued = null;
      if (next) this.start().then(next.resolve, next.reject);
      else this.inFlight = null;
    };
    read.then(settle, settle);
    return read;
  }

  private async read(): Promise<Snapshot> {
    if (this.lost.size) {
      const lost = [...this.lost];
      await this.incr(lost);
      for (const d of lost) this.lost.delete(d);
    }
    this.reads++;
    let values = await this.redis.mget(...this.keys);
    if (values.some((v) => v === null)) {
      // First use, or Redis lost the keys: create the missing ones (NX: whoever comes first wins) and read again.
      const tx = this.redis.multi();
      this.keys.forEach((key, i) => {
        if (values[i] === null) tx.set(key, randomStart(), 'NX');
      });
      tx.mget(...this.keys);
      const results = await tx.exec();
      const last = results?.[results.length - 1];
      if (!last || last[0]) throw last?.[0] ?? new Error('Redis transaction aborted');
      values = last[1] as (string | null)[];
      if (values.some((v) => v === null)) throw new Error('data version keys could not be created');
    }
    return new Map(DATA_DOMAINS.map((d, i) => [d, values[i] as string]));
  }
}
