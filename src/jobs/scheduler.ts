// Runs background jobs (link checks, freshness reminders) on an interval in every instance, while a lease
// row in job_leases makes sure only one instance runs a given job at a time.
//
// The lease is taken with a conditional UPDATE (free or expired → ours) and the affected-row count says
// whether we won: that is atomic on SQLite and PostgreSQL alike, needs no advisory locks, and holds no
// connection or transaction open while the job runs. A lease lasts a bounded time, so a crashed instance
// blocks the job for at most leaseMs; the job's signal is aborted shortly before the lease runs out, so a
// slow run stops before another instance may start the same job.
//
// Timer-driven runs also skip a job that any instance finished less than ~everyMs ago (last_finished_at):
// with three instances a daily job still runs once a day, and a restart does not re-run it early. That is
// why each instance may try soon after start: restarts more frequent than the interval would otherwise
// postpone the job forever.
//
// Clocks: lease times are wall-clock ISO strings compared across instances, so instances must keep their
// clocks roughly in step (NTP); the early abort leaves a margin of a tenth of the lease.
import type { DatabaseHandle } from '../db/database.ts';

export interface Job {
  name: string;
  everyMs: number;
  run: (signal: AbortSignal) => Promise<void>;
  /** How long one run may hold the job; the run is aborted before then. Default: 15 minutes. */
  leaseMs?: number;
}

/** The part of the app's logger (pino) the scheduler uses. */
export interface JobLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SchedulerOptions {
  handle: DatabaseHandle;
  jobs: Job[];
  /** Names this instance in job_leases (host name and process id, say); unique per instance. */
  holder: string;
  log: JobLog;
  now?: () => Date;
  /** Delay before the first timer-driven attempt. Default: the interval, at most one minute. */
  startDelayMs?: (job: Job) => number;
}

export interface Scheduler {
  /** Stops the timers, aborts running jobs through their signal and waits for them to end. */
  stop(): Promise<void>;
  /**
   * Runs the job now if this instance can take its lease (ignoring the interval, not the lease).
   * Resolves true when it ran (even if the run failed: that is logged), false when another run holds it.
   */
  runOnce(name: string): Promise<boolean>;
}

const DEFAULT_LEASE_MS = 15 * 60_000;
/** Timer-driven runs need the last finish to be this fraction of the interval ago (timers drift a little). */
const INTERVAL_SLACK = 0.9;

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { handle, jobs, holder, log } = options;
  const now = options.now ?? (() => new Date());
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let stopped = false;

  async function acquire(job: Job, leaseMs: number, respectInterval: boolean): Promise<string | null> {
    const db = handle.db;
    const at = now();
    const nowIso = at.toISOString();
    const until = new Date(at.getTime() + leaseMs).toISOString();
    await db
      .insertInto('job_leases')
      .values({ name: job.name, holder: null, locked_until: null, last_finished_at: null })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    let q = db
      .updateTable('job_leases')
      .set({ holder, locked_until: until })
      .where('name', '=', job.name)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]));
    if (respectInterval) {
      const recent = new Date(at.getTime() - job.everyMs * INTERVAL_SLACK).toISOString();
      q = q.where((eb) => eb.or([eb('last_finished_at', 'is', null), eb('last_finished_at', '<=', recent)]));
    }
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows) === 1 ? until : null;
  }

  async function release(job: Job, until: string, ran: boolean): Promise<void> {
    // Only our own lease: if it expired and another instance took the job, its lease stays.
    await handle.db
      .updateTable('job_leases')
      .set(ran ? { locked_until: null, last_finished_at: now().toISOString() } : { locked_until: null })
      .where('name', '=', job.name)
      .where('holder', '=', holder)
      .where('locked_until', '=', until)
      .execute();
  }

  async function attempt(job: Job, respectInterval: boolean): Promise<boolean> {
    if (stopped || running.has(job.name)) return false;
    const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
    const controller = new AbortController();
    let release_: () => void = () => {};
    // Reserve the slot before the first await, so a timer tick and runOnce cannot both start the job here.
    const done = new Promise<void>((r) => (release_ = r));
    running.set(job.name, { controller, done });
    try {
      let until: string | null;
      try {
        until = await acquire(job, leaseMs, respectInterval);
      } catch (err) {
        log.error({ err, job: job.name }, 'job lease could not be taken');
        return false;
      }
      if (!until || stopped) {
        if (until) await release(job, until, false).catch(() => {});
        return false;
      }
      const leaseTimer = setTimeout(() => controller.abort(new Error('lease expiring')), Math.floor(leaseMs * INTERVAL_SLACK));
      leaseTimer.unref();
      const started = Date.now();
      try {
        await job.run(controller.signal);
        log.info({ job: job.name, ms: Date.now() - started }, 'job finished');
      } catch (err) {
        if (controller.signal.aborted) log.warn({ job: job.name, reason: String(controller.signal.reason) }, 'job aborted');
        else log.error({ err, job: job.name }, 'job failed');
      } finally {
        clearTimeout(leaseTimer);
        try {
          await release(job, until, true);
        } catch (err) {
          // The lease then simply expires at locked_until.
          log.error({ err, job: job.name }, 'job lease could not be released');
        }
      }
      return true;
    } finally {
      running.delete(job.name);
      release_();
    }
  }

  function schedule(job: Job, delayMs: number): void {
    if (stopped) return;
    const timer = setTimeout(() => {
      void attempt(job, true).finally(() => schedule(job, job.everyMs));
    }, delayMs);
    // Timers never keep the process alive: shutdown is decided elsewhere.
    timer.unref();
    timers.set(job.name, timer);
  }

  for (const job of jobs) {
    const delay = options.startDelayMs ? options.startDelayMs(job) : Math.min(job.everyMs, 60_000);
    schedule(job, delay);
  }

  return {
    async runOnce(name: string): Promise<boolean> {
      const job = byName.get(name);
      if (!job) throw new Error(`unknown job: ${name}`);
      return attempt(job, false);
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      const inFlight = [...running.values()];
      for (const r of inFlight) r.controller.abort(new Error('scheduler stopping'));
      await Promise.all(inFlight.map((r) => r.done));
    },
  };
}
