// The rate limits' counters for several instances: in Redis, so a client is counted across every
// instance (the global limit and each route's own: sign-in, registration, subscription forms…), with
// this instance's own counters as the fallback while Redis cannot answer.
//
// Why fall back rather than fail open or closed when Redis is down:
//   - failing open (@fastify/rate-limit's skipOnError) would drop every limit, the sign-in and form
//     limits too, exactly when something is already wrong;
//   - failing closed (429 or 503 for everything, or for the auth forms) would lock out the program
//     office during an outage of a cache — when a crowd arrives after a national warning, moderators
//     must still sign in and publish;
//   - falling back keeps every limit, per instance: with N instances a client gets at most N times its
//     limit until Redis is back. Password guessing stays bounded by the failed-sign-in throttle, which
//     lives in the database (accounts/service.ts, login_failures), not here.
// A Redis that is connected but slow counts as down for that request (the client's command timeout).
//
// The counting itself is @fastify/rate-limit's own RedisStore (one Lua script: INCR + PEXPIRE) and
// LocalStore (an LRU in memory), used as they are.
import { createRequire } from 'node:module';
import type { FastifyRateLimitOptions, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;
interface InnerStore {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  child(routeOptions: object): InnerStore;
}

// The stores are not exported by the package's types; they are plain CommonJS constructors.
const require = createRequire(import.meta.url);
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key?: string) => InnerStore;
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => InnerStore;

class FallbackStore {
  constructor(
    private readonly redis: Redis,
    private readonly shared: InnerStore,
    private readonly local: InnerStore,
    private readonly onFallback: (err: Error) => void,
  ) {}

  incr(key: string, cb: Callback, timeWindow: number, max: number): void {
    // Not connected: ioredis would fail at once anyway (no offline queue); skip the attempt.
    if (this.redis.status !== 'ready') return this.local.incr(key, cb, timeWindow, max);
    this.shared.incr(
      key,
      (err, res) => {
        if (!err) return cb(null, res);
        this.onFallback(err);
        this.local.incr(key, cb, timeWindow, max);
      },
      timeWindow,
      max,
    );
  }

  child(routeOptions: object): FallbackStore {
    return new FallbackStore(this.redis, this.shared.child(routeOptions), this.local.child(routeOptions), this.onFallback);
  }
}

/**
 * The `store` option of @fastify/rate-limit: counters in Redis under `nameSpace` (per route:
 * `<nameSpace><METHOD><url>-<client>`), this instance's own while Redis cannot answer.
 */
export function sharedRateLimitStore(redis: Redis, options: { nameSpace: string; log?: { warn(obj: object, msg: string): void } }): FastifyRateLimitStoreCtor {
  // One line a minute at most: during an outage every request would otherwise log.
  let lastLogged = 0;
  const onFallback = (err: Error) => {
    if (!options.log || Date.now() - lastLogged < 60_000) return;
    lastLogged = Date.now();
    options.log.warn({ err: err.message }, 'rate limit: Redis did not answer, counting on this instance meanwhile');
  };
  // The plugin passes its merged options (global ones here, a route's in child()), booleans filled in.
  return class SharedRateLimitStore extends FallbackStore {
    constructor(params: FastifyRateLimitOptions & { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
      const continueExceeding = params.continueExceeding ?? false;
      const exponentialBackoff = params.exponentialBackoff ?? false;
      super(redis, new RedisStore(continueExceeding, exponentialBackoff, redis, options.nameSpace), new LocalStore(continueExceeding, exponentialBackoff), onFallback);
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
