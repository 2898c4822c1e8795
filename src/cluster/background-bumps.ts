// Data-version bumps for the delivery worker (jobs bump after each run: cache/versions.ts bumpingAfterRun).
//
// The delivery worker settles a batch every few milliseconds while a large advisory goes out; a bump per
// batch would keep every 'stats' page uncached for the whole send. So its bumps are throttled: at most
// one per `intervalMs`, the last one always made (trailing), so the figures are at most that late.
// A failed bump (Redis down) is logged and dropped: the next one covers it, and while Redis is down no
// instance serves cached pages anyway (RedisVersions.current rejects).
import type { DataDomain, VersionSource } from '../cache/versions.ts';

export interface BumpLog {
  warn(obj: object, msg: string): void;
}

export interface ThrottledBump {
  /** Asks for a bump; made now if none was made within the interval, else once the interval is over. */
  request(): void;
  /** Makes a pending bump now and stops. */
  flush(): Promise<void>;
}

export function throttledBump(versions: VersionSource, domains: readonly DataDomain[], intervalMs: number, log: BumpLog): ThrottledBump {
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  let pending = false;
  let inFlight: Promise<void> = Promise.resolve();
  const bumpNow = () => {
    pending = false;
    timer = null;
    last = Date.now();
    inFlight = versions.bump(domains).catch((err: Error) => log.warn({ err: err.message, domains }, 'data version bump failed'));
  };
  return {
    request() {
      pending = true;
      if (timer) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) bumpNow();
      else {
        timer = setTimeout(bumpNow, wait);
        timer.unref();
      }
    },
    async flush() {
      if (timer) clearTimeout(timer);
      if (pending) bumpNow();
      await inFlight;
    },
  };
}
