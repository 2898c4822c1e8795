// "Store a completed form once" across instances: a double click or a resent form may reach two
// instances behind the proxy, so the tokens seen lately (business/journey.ts RecentSubmissions, in memory)
// are kept in Redis when it is configured: SET NX with the same time to live, one round trip.
// While Redis cannot answer, this instance's own memory decides (as without Redis): the guard stops
// accidents, not someone determined to send many results (the rate limit does that).
import type { Redis } from 'ioredis';
import { RecentSubmissions } from '../business/journey.ts';

export interface SubmissionGuard {
  /** True the first time a form's token is seen (within the time to live); a form without a valid token always counts as first. */
  first(form: string, token: string): Promise<boolean>;
}

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export function submissionGuard(redis: Redis | null | undefined, options: { ttlMs?: number; prefix?: string } = {}): SubmissionGuard {
  const ttlMs = options.ttlMs ?? 60 * 60 * 1000;
  const local = new RecentSubmissions(ttlMs);
  if (!redis) return { first: async (form, token) => local.first(form, token) };
  const prefix = options.prefix ?? 'lastmile:submitted:';
  return {
    async first(form, token) {
      if (!TOKEN.test(token)) return true;
      try {
        return (await redis.set(`${prefix}${form}:${token}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
      } catch {
        return local.first(form, token);
      }
    },
  };
}
