// The portal's scheduled jobs, built from the configuration, ready for startScheduler (main decides
// whether to start them: Config.jobsEnabled).
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';
import { runLinkCheckRound } from '../links/service.ts';
import { runMaterialLinkCheckRound } from '../materials/links.ts';
import { sendFreshnessReminders } from './freshness.ts';
import { runCheckMaintenance } from '../personal-check/reminders.ts';
import { runDeclarationRenewals } from '../declarations/renewals.ts';
import { runRetention } from '../retention/retention.ts';
import { runFeedRound } from '../feeds/service.ts';
import type { Job, JobLog } from './scheduler.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export function portalJobs(options: { handle: DatabaseHandle; config: Config; mailer: Mailer; log: JobLog }): Job[] {
  const { handle, config, mailer, log } = options;
  const jobs: Job[] = [];
  const lc = config.linkCheck;
  if (lc.intervalMinutes > 0) {
    // Long enough for a full batch at the configured pace (each link: the pause plus at most one timeout),
    // at most six hours; a longer round is cut short and the rest stays due for the next one.
    const roundMs = lc.batch * (lc.spacingMs + lc.timeoutMs) + MINUTE_MS;
    jobs.push({
      name: 'link-check',
      everyMs: lc.intervalMinutes * MINUTE_MS,
      leaseMs: Math.min(Math.max(roundMs * 1.2, 15 * MINUTE_MS), 6 * 60 * MINUTE_MS),
      run: async (signal) => {
        const counts = await runLinkCheckRound({
          handle,
          config: lc,
          signal,
          // Names the portal and where to reach it, so a site owner seeing these requests knows whose they are.
          userAgent: `Lastmile-LinkChecker/1.0 (+${config.baseUrl})`,
          log,
        });
        log.info({ job: 'link-check', ...counts }, 'link check round done');
        // Then the materials' external addresses (videos, online tools), with the same pace and limits.
        const materials = await runMaterialLinkCheckRound({ handle, config: lc, signal, userAgent: `Lastmile-LinkChecker/1.0 (+${config.baseUrl})`, log });
        log.info({ job: 'link-check', kind: 'materials', ...materials }, 'material link check round done');
      },
    });
  }
  const fc = config.feeds;
  if (fc.intervalMinutes > 0) {
    // Partner feeds (feeds/service.ts), four at a time: long enough for a full round of slow feeds, at most six hours.
    const roundMs = Math.ceil(fc.perRound / 4) * (fc.timeoutMs + 5000) + MINUTE_MS;
    jobs.push({
      name: 'partner-feeds',
      everyMs: fc.intervalMinutes * MINUTE_MS,
      leaseMs: Math.min(Math.max(roundMs * 1.2, 15 * MINUTE_MS), 6 * 60 * MINUTE_MS),
      run: async (signal) => {
        const counts = await runFeedRound({ database: handle, mailer, baseUrl: config.baseUrl, limits: fc, log, signal }, fc.perRound);
        log.info({ job: 'partner-feeds', ...counts }, 'partner feeds fetched');
      },
    });
  }
  jobs.push({
    name: 'freshness-reminders',
    everyMs: DAY_MS,
    run: async (signal) => {
      const counts = await sendFreshnessReminders({ handle, mailer, baseUrl: config.baseUrl, now: new Date(), log, signal });
      log.info({ job: 'freshness-reminders', ...counts }, 'freshness reminders sent');
    },
  });
  jobs.push({
    name: 'declaration-renewals',
    everyMs: DAY_MS,
    leaseMs: 2 * 60 * MINUTE_MS,
    run: async (signal) => {
      const counts = await runDeclarationRenewals({ handle, mailer, baseUrl: config.baseUrl, now: new Date(), log, signal });
      log.info({ job: 'declaration-renewals', ...counts }, 'declaration renewals done');
    },
  });
  jobs.push({
    // Due "check again" reminders (each address deleted once sent), expired saved checks, unconfirmed requests.
    name: 'check-reminders',
    everyMs: DAY_MS,
    run: async (signal) => {
      const counts = await runCheckMaintenance({ handle, mailer, baseUrl: config.baseUrl, now: new Date(), log, signal });
      log.info({ job: 'check-reminders', ...counts }, 'check reminders and cleanup done');
    },
  });
  jobs.push({
    // Personal data and delivery logs past their retention period (retention/retention.ts); batched, so an
    // aborted run (the lease ending) resumes the next day.
    name: 'retention',
    everyMs: DAY_MS,
    leaseMs: 2 * 60 * MINUTE_MS,
    run: async (signal) => {
      const counts = await runRetention({ handle, config, now: new Date(), signal });
      log.info({ job: 'retention', ...counts }, 'retention done: rows past their period deleted');
    },
  });
  return jobs;
}
