// Two real instances (`src/main.ts` as child processes, on two ports) against one fresh PostgreSQL
// database and the local Redis, as several machines behind a proxy would run:
//   (a) a session made on one is accepted by the other;
//   (b) the rate limit counts a client across both;
//   (c) an edit made through one is served fresh by the other at once (its page cache is keyed by the
//       data versions, cache/versions.ts);
//   (d) the scheduled jobs run once, not once per instance.
// Redis keys live under a prefix of this run's own (REDIS_URL …?keyPrefix=), deleted at the end; the
// database is dropped. Skips when PostgreSQL or Redis is absent (scripts/run-tests.mjs says so; CI
// requires both).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { freePort } from './support/server-process.ts';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { createTestDatabase, type TestDatabase } from './support/databases.ts';
import { createUser } from './support/client.ts';

const PG = process.env.LASTMILE_TEST_PG ?? '';
const REDIS = process.env.LASTMILE_TEST_REDIS ?? '';
const SKIP = !PG ? 'no PostgreSQL (LASTMILE_TEST_PG is empty)' : !REDIS ? 'no Redis (LASTMILE_TEST_REDIS is empty)' : false;

/** Scheduled jobs first try this long after start (JOBS_FIRST_RUN_SECONDS below; one minute by default): the window (d) watches. */
const FIRST_JOB_ATTEMPT_MS = 8_000;

interface Instance {
  name: string;
  base: string;
  child: ChildProcess;
  log(): string;
  startedAt: number;
  exited: Promise<number | null>;
}

async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: { ...process.env, ...env, PORT: String(port), BASE_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const deadline = Date.now() + 60_000;
  while (!out.includes('Lastmile is serving')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`instance ${name} did not start:\n${out}`);
    }
    await sleep(100);
  }
  return { name, base: `http://127.0.0.1:${port}`, child, log: () => out, startedAt: Date.now(), exited };
}

/** A browser without JavaScript: one cookie jar, whichever instance it talks to; its address via X-Forwarded-For. */
class Browser {
  readonly cookies = new Map<string, string>();
  lastBody = '';
  constructor(readonly ip: string) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { 'x-forwarded-for': this.ip, ...(cookie ? { cookie } : {}), ...extra };
  }

  private keep(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = value === '' || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(instance: Instance, path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = this.keep(await fetch(instance.base + path, { headers: this.headers(headers), redirect: 'manual' }));
    this.lastBody = await res.clone().text();
    return res;
  }

  csrf(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastBody);
    if (!m) throw new Error('no CSRF token on the last page');
    return m[1]!;
  }

  async post(instance: Instance, path: string, fields: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrf(), ...fields }).toString();
    const res = this.keep(await fetch(instance.base + path, { method: 'POST', body, headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }), redirect: 'manual' }));
    this.lastBody = await res.clone().text();
    return res;
  }
}

describe('two instances sharing PostgreSQL and Redis', { skip: SKIP }, () => {
  let db: TestDatabase;
  let a: Instance;
  let b: Instance;
  const prefix = `lastmile-test-${randomUUID()}:`;
  let org: { id: number; slug: string; kind: string };

  before(async () => {
    db = await createTestDatabase('postgres');
    const redisUrl = new URL(REDIS);
    redisUrl.searchParams.set('keyPrefix', prefix);
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL: redisUrl.toString(),
      COOKIE_SECRET: `multi-instance-test-secret-${randomUUID()}`,
      // Clients are told apart by X-Forwarded-For, so each part of this test counts on its own.
      TRUST_PROXY: 'true',
      RATE_LIMIT_PER_MINUTE: '20',
      JOBS_ENABLED: 'true',
      JOBS_FIRST_RUN_SECONDS: String(FIRST_JOB_ATTEMPT_MS / 1000),
      // The link checker would reach out to the seeded sites; the daily jobs are enough to count runs.
      LINK_CHECK_INTERVAL_MINUTES: '0',
      SMTP_URL: 'log',
      LOG_LEVEL: 'info',
      SEED_ON_START: 'true',
      // The load shedding watches this machine's event loop, which other suites keep busy: off, so that a
      // 503 from a neighbour's load does not read as a failure of what this test checks.
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
    };
    // One after the other: the first migrates and seeds, the second finds everything done.
    a = await startInstance('A', env);
    b = await startInstance('B', env);
    const row = await db.handle.db.selectFrom('organisations').select(['id', 'slug', 'kind']).orderBy('id').executeTakeFirstOrThrow();
    org = row;
  });

  after(async () => {
    for (const i of [a, b]) {
      if (i && i.child.exitCode === null) {
        i.child.kill('SIGTERM');
        const code = await Promise.race([i.exited, sleep(15_000).then(() => 'timeout' as const)]);
        if (code === 'timeout') i.child.kill('SIGKILL');
      }
    }
    await db?.cleanup();
    const redis = new Redis(REDIS);
    try {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  test('both say they share state through Redis', () => {
    for (const i of [a, b]) assert.match(i.log(), /"shared":"redis"/, `${i.name} runs shared`);
  });

  test('(a) a session made on one instance is accepted by the other', async () => {
    const user = await createUser(db.handle, { email: `multi-a-${randomUUID()}@example.org`, organisationId: org.id, orgRole: 'admin' });
    const browser = new Browser('198.51.100.1');
    assert.equal((await browser.get(b, '/my/organisation')).status, 303, 'not signed in yet: sent to the sign-in page');
    await browser.get(a, '/login');
    const signedIn = await browser.post(a, '/login', { email: user.email, password: user.password });
    assert.equal(signedIn.status, 303);
    const onB = await browser.get(b, '/my/organisation');
    assert.equal(onB.status, 200, 'B knows the session A made');
    assert.match(browser.lastBody, /name="nameJa"/);
  });

  test('(b) the rate limit counts a client across both instances', async () => {
    const browser = new Browser('198.51.100.2');
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < 21; i++) {
      const res = await browser.get(i % 2 ? b : a, '/api/v1/organisations');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(200), 'twenty requests, ten on each, pass');
    assert.equal(statuses[20], 429, 'the 21st is refused, although each instance saw only ten or eleven');
    assert.ok(Number(limited!.headers.get('retry-after')) > 0, 'with Retry-After');
    const problem = (await limited!.json()) as { error: { code: string; message: string } };
    assert.equal(problem.error.code, 'rate_limited', 'in the documented error format');
    // Another client is not affected.
    assert.equal((await new Browser('198.51.100.3').get(a, '/api/v1/organisations')).status, 200);
  });

  test('(c) an edit through one instance is served at once by the other', async () => {
    const reader = new Browser('198.51.100.4');
    const page = `/organisations/${org.slug}`;
    const first = await reader.get(b, page);
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.ok(etag, 'a cached public page has an ETag');
    assert.equal((await reader.get(b, page, { 'if-none-match': etag! })).status, 304, 'B keeps the page while nothing changes');
    const newName = `多拠点テスト協会 ${randomUUID().slice(0, 8)}`;
    assert.ok(!first.headers.get('content-type')?.includes('json'));
    assert.doesNotMatch(reader.lastBody, new RegExp(newName));

    const user = await createUser(db.handle, { email: `multi-c-${randomUUID()}@example.org`, organisationId: org.id, orgRole: 'admin' });
    const editor = new Browser('198.51.100.5');
    await editor.get(a, '/login');
    assert.equal((await editor.post(a, '/login', { email: user.email, password: user.password })).status, 303);
    await editor.get(a, '/my/organisation');
    const saved = await editor.post(a, '/my/organisation', { nameJa: newName, nameEn: 'Multi-site Test Association', abbreviation: '', kind: org.kind, website: '' });
    assert.equal(saved.status, 303, `the edit was saved on A: ${editor.lastBody.slice(0, 300)}`);

    const again = await reader.get(b, page, { 'if-none-match': etag! });
    assert.equal(again.status, 200, 'B does not answer 304 for the old page');
    assert.match(reader.lastBody, new RegExp(newName), 'B shows the edit on the very next request');
    assert.match((await reader.get(b, '/en' + page)).status === 200 ? reader.lastBody : '', /Multi-site Test Association/);
  });

  test('(d) each scheduled job runs once in its interval, not once per instance', { timeout: FIRST_JOB_ATTEMPT_MS + 60_000 }, async () => {
    // Both instances try every job FIRST_JOB_ATTEMPT_MS after their start; wait until B (started last) has tried.
    const jobs = ['freshness-reminders', 'declaration-renewals', 'check-reminders'];
    const finishedRuns = (i: Instance, job: string) => i.log().split('\n').filter((l) => l.includes('"msg":"job finished"') && l.includes(`"job":"${job}"`)).length;
    const deadline = b.startedAt + FIRST_JOB_ATTEMPT_MS + 30_000;
    while (Date.now() < deadline && !jobs.every((j) => finishedRuns(a, j) + finishedRuns(b, j) >= 1)) await sleep(500);
    // B's attempts come after A's (it started later): give them time to happen and be refused.
    const bTries = b.startedAt + FIRST_JOB_ATTEMPT_MS + 5_000 - Date.now();
    if (bTries > 0) await sleep(bTries);
    for (const job of jobs) {
      const runs = { A: finishedRuns(a, job), B: finishedRuns(b, job) };
      assert.equal(runs.A + runs.B, 1, `${job} ran once in all: ${JSON.stringify(runs)}`);
    }
    const leases = await db.handle.db.selectFrom('job_leases').select(['name', 'holder', 'last_finished_at', 'locked_until']).where('name', 'in', jobs).execute();
    assert.equal(leases.length, jobs.length);
    for (const l of leases) {
      assert.ok(l.last_finished_at, `${l.name} finished`);
      assert.equal(l.locked_until, null, `${l.name} released its lease`);
    }
  });
});
