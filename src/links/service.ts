// One round of link checking: a bounded batch, one request at a time with a pause between them, so the
// portal never floods an organisation's server (or looks like it does) however long the catalogue grows.
// Each result is its own short write: no transaction or pooled connection is held while a remote server
// takes its time to answer.
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { JobLog } from '../jobs/scheduler.ts';
import { checkUrl, type CheckOptions, type CheckResult } from './link-checker.ts';
import { dueLinks, recordCheck } from './repository.ts';

export interface RoundOptions {
  handle: DatabaseHandle;
  config: Config['linkCheck'];
  signal: AbortSignal;
  userAgent: string;
  /** Waits between two requests; rejects or returns early when the signal aborts. Tests pass a recorder. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  now?: () => Date;
  log?: Pick<JobLog, 'warn'>;
  /** Replaces the checker (tests). */
  check?: (url: string, options: CheckOptions) => Promise<CheckResult>;
}

export interface RoundResult {
  checked: number;
  ok: number;
  broken: number;
}

const DAY_MS = 24 * 60 * 60_000;

export async function runLinkCheckRound(options: RoundOptions): Promise<RoundResult> {
  const { handle, config, signal } = options;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number, s: AbortSignal) => delay(ms, undefined, { signal: s }));
  const check = options.check ?? checkUrl;
  const counts: RoundResult = { checked: 0, ok: 0, broken: 0 };
  if (signal.aborted) return counts;

  const olderThan = new Date(now().getTime() - config.maxAgeDays * DAY_MS).toISOString();
  const due = await dueLinks(handle.db, { olderThan, limit: config.batch });
  for (const [index, link] of due.entries()) {
    if (index > 0 && config.spacingMs > 0) {
      try {
        await sleep(config.spacingMs, signal);
      } catch {
        break;
      }
    }
    if (signal.aborted) break;
    const result = await check(link.url, { timeoutMs: config.timeoutMs, allowPrivate: config.allowPrivate, userAgent: options.userAgent, signal });
    // A check cut short by shutdown says nothing about the link: leave it due.
    if (signal.aborted && result.error === 'aborted') break;
    try {
      await recordCheck(handle.db, link.initiativeId, link.url, result, now().toISOString());
    } catch (err) {
      // The initiative may have been deleted while its link was being checked (the foreign key refuses
      // the row); the round goes on with the others.
      options.log?.warn({ err, initiativeId: link.initiativeId }, 'link check not recorded');
      continue;
    }
    counts.checked++;
    if (result.ok) counts.ok++;
    else counts.broken++;
  }
  return counts;
}
