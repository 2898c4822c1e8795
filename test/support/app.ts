import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { DialectName } from '../../src/db/database.ts';
import { seedCatalogue, type SeedData } from '../../src/seed/seed.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  close(): Promise<void>;
}

export const TEST_BASE_URL = 'http://lastmile.test';

export async function startTestApp(dialect: DialectName, data: SeedData): Promise<TestApp> {
  const db = await createTestDatabase(dialect);
  await seedCatalogue(db.handle, data, '2026-11-01T00:00:00.000Z');
  // Tests make many requests from one address; the rate limit has its own test.
  const app = await buildApp({ config: { baseUrl: TEST_BASE_URL, logLevel: 'silent', rateLimitPerMinute: 1_000_000 }, database: db.handle });
  await app.ready();
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.cleanup();
    },
  };
}
