// Every database test runs on SQLite and on PostgreSQL (Kysely's own tests loop over dialects the same way).
// Each run creates its own database and drops it afterwards; nothing is assumed to exist in the server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type DialectName } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export interface TestDatabase {
  handle: DatabaseHandle;
  url: string;
  cleanup(): Promise<void>;
}

/** Set by scripts/run-tests.mjs when a PostgreSQL server answered; empty when the suite must skip PostgreSQL. */
const PG_ADMIN_URL = process.env.LASTMILE_TEST_PG ?? '';

export function testDialects(): DialectName[] {
  return PG_ADMIN_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Runs one statement as the PostgreSQL administrator (CREATE/DROP/ALTER DATABASE, ending backends). */
export async function pgAdmin(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'lastmile-test-'));
    const url = `file:${join(dir, 'test.sqlite')}`;
    const handle = openDatabase(url);
    await migrateToLatest(handle);
    return {
      handle,
      url,
      async cleanup() {
        await handle.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `lastmile_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await pgAdmin(`CREATE DATABASE ${name}`);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  const handle = openDatabase(url);
  await migrateToLatest(handle);
  return {
    handle,
    url,
    async cleanup() {
      await handle.destroy();
      await pgAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
