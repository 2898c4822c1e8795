// The classifier behind the 503s of an unavailable database, fed with errors the drivers really throw
// where that is cheap (a refused connection, a full or read-only SQLite file) and with the SQLSTATEs
// PostgreSQL sends while it stops, starts or refuses writes. test/faults*.test.ts drive the whole app.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from './database.ts';
import { classifyUnavailable } from './unavailable.ts';

/** A port nothing listens on: taken, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('a PostgreSQL that refuses connections is "down", through pg.Client and through the pool', async () => {
  const port = await closedPort();
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/x` });
  const err = await client.connect().then(() => null, (e: unknown) => e);
  assert.deepEqual(classifyUnavailable(err), { kind: 'down', reason: 'ECONNREFUSED' });

  const handle = openDatabase(`postgres://postgres@127.0.0.1:${port}/x`, { connectTimeoutMs: 500 });
  try {
    const poolErr = await handle.db.selectFrom('organisations').select('id').execute().then(() => null, (e: unknown) => e);
    assert.equal(classifyUnavailable(poolErr)?.kind, 'down');
  } finally {
    await handle.destroy();
  }
});

test('a pool that cannot get a connection in time is "down" (pg-pool connect timeout)', async () => {
  // A server that accepts TCP and never answers the startup message: the connect timeout ends the wait.
  const silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const handle = openDatabase(`postgres://postgres@127.0.0.1:${(silent.address() as AddressInfo).port}/x`, { connectTimeoutMs: 200 });
  try {
    const err = await handle.db.selectFrom('organisations').select('id').execute().then(() => null, (e: unknown) => e);
    assert.equal(classifyUnavailable(err)?.kind, 'down', String(err));
  } finally {
    await handle.destroy();
    silent.close();
  }
});

test('PostgreSQL SQLSTATEs: shutdown and connection classes are "down"; read-only and disk full refuse writes; others are bugs', () => {
  const of = (code: string) => classifyUnavailable(Object.assign(new Error('x'), { code }))?.kind ?? null;
  for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300', '53200']) assert.equal(of(code), 'down', code);
  for (const code of ['25006', '53100']) assert.equal(of(code), 'writes_refused', code);
  for (const code of ['23505', '42P01', '22P02', '40001', '57014']) assert.equal(of(code), null, code);
  assert.equal(classifyUnavailable(new Error('Connection terminated unexpectedly'))?.kind, 'down');
  assert.equal(classifyUnavailable(new Error('timeout exceeded when trying to connect'))?.kind, 'down');
  // Several addresses refused at once (localhost as ::1 and 127.0.0.1).
  assert.equal(classifyUnavailable(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]))?.kind, 'down');
});

test('not the database: ordinary errors, client errors, and a partner server that is down (fetch wraps it in a cause)', () => {
  assert.equal(classifyUnavailable(new Error('boom')), null);
  assert.equal(classifyUnavailable(null), null);
  assert.equal(classifyUnavailable(Object.assign(new Error('aborted'), { code: 'ECONNRESET', statusCode: 400 })), null);
  assert.equal(classifyUnavailable(new TypeError('fetch failed', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) })), null);
  assert.equal(classifyUnavailable(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' })), null);
});

test('SQLite: a full database (SQLITE_FULL) and a read-only file (SQLITE_READONLY) refuse writes; busy past its timeout is "down"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-unavailable-'));
  try {
    const file = join(dir, 'x.sqlite');
    const db = new SqliteDatabase(file);
    db.exec('CREATE TABLE t (v TEXT)');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const full = (() => {
      try {
        db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000));
      } catch (e) {
        return e;
      }
    })();
    assert.deepEqual(classifyUnavailable(full), { kind: 'writes_refused', reason: 'SQLITE_FULL' });

    const ro = new SqliteDatabase(file, { readonly: true });
    const readonly = (() => {
      try {
        ro.prepare('INSERT INTO t VALUES (1)').run();
      } catch (e) {
        return e;
      }
    })();
    assert.equal(classifyUnavailable(readonly)?.kind, 'writes_refused');
    assert.match(String(classifyUnavailable(readonly)?.reason), /^SQLITE_READONLY/);
    ro.close();

    const other = new SqliteDatabase(file, { timeout: 10 });
    db.pragma('max_page_count = 1000000');
    db.exec('BEGIN IMMEDIATE');
    const busy = (() => {
      try {
        other.exec('BEGIN IMMEDIATE');
      } catch (e) {
        return e;
      }
    })();
    assert.equal(classifyUnavailable(busy)?.kind, 'down');
    db.exec('ROLLBACK');
    other.close();
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
