// Entry point of `npm start`: configuration → database (created, migrated and seeded on first start) → app.
import { hostname } from 'node:os';
import { buildApp } from './app.ts';
import { portalJobs } from './jobs/jobs.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { createMailer } from './mail/smtp.ts';
import { migrateToLatest } from './db/migrate.ts';
import { prepareData } from './seed/seed.ts';
import { buildSenders, workerSettings } from './outbox/channels.ts';
import { startOutboxWorker } from './outbox/worker.ts';
import { closeRedis, connectRedis } from './cluster/redis.ts';
import { loggerOptions } from './web/logging.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const database = openDatabase(config.databaseUrl, { poolSize: config.databasePool.size, connectTimeoutMs: config.databasePool.connectTimeoutMs });
  // The mailer logs through the app's logger once the app exists.
  let log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void } = { info: (obj, msg) => console.log(JSON.stringify({ msg, ...obj })), warn: (obj, msg) => console.log(JSON.stringify({ level: 40, msg, ...obj })) };
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: { info: (obj, msg) => log.info(obj, msg) } });
  // Several instances: REDIS_URL shares the rate limits; sessions, job leases and the data versions the
  // page cache keys by are in the database already. Without it each instance counts its own clients.
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, { info: (o, m) => log.info(o, m), warn: (o, m) => log.warn(o, m) }) : null;
  const app = await buildApp({
    config,
    database,
    mailer,
    redis,
    // JSON lines with request ids; no credentials, tokens or email addresses (web/logging.ts, tested there).
    logger: loggerOptions(config),
  });
  log = app.log;
  if (config.cookieSecretGenerated) app.log.warn('COOKIE_SECRET is not set: a random one was made for this process, so forms open in browsers stop working after a restart. Set COOKIE_SECRET (32+ characters, the same on every instance) in any deployment.');
  database.onBackgroundError = (err) => app.log.warn({ err }, 'a database connection failed outside a query (idle, or between statements); the pool will reconnect');
  const applied = await migrateToLatest(database);
  if (applied.length) app.log.info({ migrations: applied }, 'database migrated');
  const { seeded, backfilled } = await prepareData(database, config.seedOnStart);
  if (seeded) app.log.info({ initiatives: seeded }, 'database seeded with the shipped catalogue');
  if (backfilled) app.log.info({ items: backfilled }, 'public initiatives given content items so their owners can maintain them');

  // Scheduled jobs (link checks, freshness reminders). With several instances, leases in the database
  // make sure one instance runs each job at a time; JOBS_ENABLED=false leaves them to other instances.
  const scheduler = config.jobsEnabled
    ? startScheduler({ handle: database, jobs: portalJobs({ handle: database, config, mailer, log: app.log }), holder: `${hostname()}:${process.pid}`, log: app.log, startDelayMs: (job) => Math.min(job.everyMs, config.jobsFirstRunSeconds * 1000) })
    : null;

  // The delivery worker (advisories by email, webhook and web push). On PostgreSQL any number of
  // instances and `npm run worker` processes share the outbox; DELIVERY_WORKER=false leaves it to them.
  const senders = config.delivery.workerEnabled ? await buildSenders(config, database, app.log) : [];
  const worker = config.delivery.workerEnabled
    ? startOutboxWorker({ handle: database, senders, workerId: `${hostname()}:${process.pid}`, log: app.log, pollMs: config.delivery.pollMs, ...workerSettings(config) })
    : null;
  if (worker) app.metrics.setDeliveryCounts(() => worker.counts);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownGraceSeconds * 1000);
    timer.unref();
    try {
      await scheduler?.stop();
      await app.close();
      await worker?.stop(config.shutdownGraceSeconds * 500);
      for (const s of senders) await s.close?.();
      await mailer.close();
      await database.destroy();
      if (redis) await closeRedis(redis);
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info({ url: config.baseUrl, database: database.dialect, shared: redis ? 'redis' : 'none' }, redis ? 'Lastmile is serving, sharing rate limits with other instances through Redis' : 'Lastmile is serving (no REDIS_URL: rate limits are counted by this instance alone)');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
