import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { DialectName } from '../../src/db/database.ts';
import { createMailer } from '../../src/mail/smtp.ts';
import { seedCatalogue, type SeedData } from '../../src/seed/seed.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  close(): Promise<void>;
}

export const TEST_BASE_URL = 'http://lastmile.test';

/** The configuration tests run with: real config parsing, quiet, no scheduled jobs, no per-client limit. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    BASE_URL: TEST_BASE_URL,
    LOG_LEVEL: 'silent',
    // Tests make many requests from one address; the rate limits have their own tests.
    RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    COOKIE_SECRET: 'test-cookie-secret-0123456789abcdefghijklmnop',
    JOBS_ENABLED: 'false',
    // Tests drain the outbox themselves (outbox/worker.ts drainOutbox) to see each step.
    DELIVERY_WORKER: 'false',
    // A test process is busy by design (argon2, rendering, several files at once): shedding has its own tests.
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
    OVERLOAD_MAX_IN_FLIGHT: '0',
    ...env,
  });
}

export interface TestAppOptions {
  /** Environment overrides, e.g. SMTP_URL of a sink. */
  env?: Record<string, string>;
  now?: () => Date;
}

export async function startTestApp(dialect: DialectName, data: SeedData, options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase(dialect);
  await seedCatalogue(db.handle, data, '2026-11-01T00:00:00.000Z');
  const config = testConfig(options.env);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log: { info() {} } });
  const app = await buildApp({ config, database: db.handle, mailer, now: options.now });
  await app.ready();
  return {
    app,
    db,
    async close() {
      await app.close();
      await mailer.close();
      await db.cleanup();
    },
  };
}
