// The Redis connection every instance shares (REDIS_URL): rate limits, data versions, one-time guards.
//
// Settings for a request path, not for a job queue: a request must never wait long for Redis, so
//   - connecting gives up after 2 s (then ioredis keeps retrying in the background, backing off to 2 s);
//   - there is no offline queue: while disconnected a command fails at once instead of piling up in
//     memory (unbounded during an outage) and answering late; callers decide what a failure means
//     (the rate limit falls back to this instance's own counters, the page cache renders afresh);
//   - one retry per command at most, and a command timeout, so a stalled server costs a request ≤ 1 s;
//   - errors on an idle connection are logged (rate-limited to one line per outage), never thrown: an
//     'error' event without a listener would crash the process.
//
// REDIS_URL may carry ioredis options in its query: `redis://host:6379/0?keyPrefix=site1:` keeps two
// deployments (or two test runs) sharing one Redis apart, since every key then starts with the prefix.
import { Redis } from 'ioredis';

export interface RedisLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ConnectOptions {
  /** How long start-up waits for the first connection before going on without it (it keeps trying). */
  readyTimeoutMs?: number;
}

/**
 * Connects and waits (bounded) for the connection to be ready. When Redis does not answer in time the
 * client is returned anyway and keeps reconnecting: the instance serves on its own meanwhile (see above)
 * rather than refusing to start while the rest of the site is up.
 */
export async function connectRedis(url: string, log: RedisLog, options: ConnectOptions = {}): Promise<Redis> {
  const redis = new Redis(url, {
    connectTimeout: 2000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // Reconnect for ever, backing off to at most 2 s between attempts.
    retryStrategy: (times) => Math.min(times * 100, 2000),
    lazyConnect: true,
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: err.message }, 'Redis is unreachable: rate limits fall back to this instance, pages are not cached until it is back');
  });
  redis.on('ready', () => {
    if (down) log.info({}, 'Redis is reachable again');
    down = false;
  });
  const timeout = options.readyTimeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout);
      }),
    ]);
  } catch (err) {
    // connect() rejects on the first failure; the retry strategy goes on reconnecting in the background.
    if (!down) log.warn({ err: (err as Error).message }, 'Redis did not answer at start; going on and retrying in the background');
    down = true;
  } finally {
    clearTimeout(timer);
  }
  return redis;
}

/** Closes the connection: QUIT when connected (pending replies arrive first), else drops it at once. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // fall through: disconnect below
    }
  }
  redis.disconnect(false);
}
