// Entry point of `npm run worker`: a process that only sends the outbox (no web server). Run as many as
// the load needs, on PostgreSQL; each claims its own batches. SIGTERM lets the batches in flight finish.
import { hostname } from 'node:os';
import pino from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildSenders, workerSettings } from './outbox/channels.ts';
import { startOutboxWorker } from './outbox/worker.ts';
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
  // The web app's options (web/logging.ts): an SMTP error quoting the recipient must not put the address in the log.
  const { stream, ...logOptions } = loggerOptions(config);
  const log = pino(logOptions, stream);
  const database = openDatabase(config.databaseUrl, { poolSize: config.databasePool.size, connectTimeoutMs: config.databasePool.connectTimeoutMs });
  await migrateToLatest(database);
  const senders = await buildSenders(config, database, log);
  const worker = startOutboxWorker({ handle: database, senders, workerId: `${hostname()}:${process.pid}`, log, pollMs: config.delivery.pollMs, ...workerSettings(config) });
  log.info({ channels: senders.map((s) => s.channel), database: database.dialect }, 'delivery worker started');
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await worker.stop(config.shutdownGraceSeconds * 1000);
    for (const s of senders) await s.close?.();
    await database.destroy();
    log.info(worker.counts, 'delivery worker stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
