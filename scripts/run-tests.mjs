#!/usr/bin/env node
// `npm test`: finds every test file, checks which services are here, and runs node's test runner (via tsx)
// with an explicit file list (on Node 20, `tsx --test` with no files runs nothing and passes).
//   - PostgreSQL: LASTMILE_TEST_PG_ADMIN (default postgres://postgres@127.0.0.1:5432/postgres). When it does not
//     answer, the PostgreSQL half of each database test is skipped and this says so, unless REQUIRE_PG=1.
//   - Redis: LASTMILE_TEST_REDIS (default redis://127.0.0.1:6379). When it does not answer, the Redis tests (shared
//     rate limits and guards, the two-instance test) are skipped and this says so, unless REQUIRE_REDIS=1.
//   - Chromium: CHROMIUM_PATH (default /usr/bin/chromium). Without it the browser suites are skipped and this
//     says so, unless REQUIRE_BROWSER=1.
//   - LASTMILE_TEST_SPLIT=1 runs the browser suites (files using test/support/browser.ts or playwright-core)
//     in a second test process beside the others, their report printed when they end. Off by default: on
//     two cores both halves are CPU-bound, and the timing-sensitive webhook tests get slower neighbours.
//   - LASTMILE_TEST_CONCURRENCY (default 2): test files run at once.
//   - Prints the whole run's duration at the end (the rule: well under 15 minutes on CI's 2 cores).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env };

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(relative(root, p));
  }
  return out;
}

async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    return err.message;
  } finally {
    await client.end().catch(() => {});
  }
}

const skipped = [];
const pgUrl = env.LASTMILE_TEST_PG_ADMIN || 'postgres://postgres@127.0.0.1:5432/postgres';
const pgState = await postgresAnswers(pgUrl);
if (pgState === true) {
  env.LASTMILE_TEST_PG = pgUrl;
} else {
  env.LASTMILE_TEST_PG = '';
  if (env.REQUIRE_PG === '1') {
    console.error(`PostgreSQL is required (REQUIRE_PG=1) but ${pgUrl} did not answer: ${pgState}`);
    process.exit(1);
  }
  skipped.push(`PostgreSQL half of every database test (no server at ${pgUrl}: ${pgState})`);
}

async function redisAnswers(url) {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  let cause = null;
  client.on('error', (err) => (cause = err));
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (err) {
    return (cause ?? err).message;
  } finally {
    client.disconnect();
  }
}

const redisUrl = env.LASTMILE_TEST_REDIS || 'redis://127.0.0.1:6379';
const redisState = await redisAnswers(redisUrl);
if (redisState === true) {
  env.LASTMILE_TEST_REDIS = redisUrl;
} else {
  env.LASTMILE_TEST_REDIS = '';
  if (env.REQUIRE_REDIS === '1') {
    console.error(`Redis is required (REQUIRE_REDIS=1) but ${redisUrl} did not answer: ${redisState}`);
    process.exit(1);
  }
  skipped.push(`Redis tests (shared rate limits, once-only guards, two instances): no server at ${redisUrl}: ${redisState}`);
}

const chromium = env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(chromium)) {
  env.LASTMILE_TEST_CHROMIUM = chromium;
} else {
  env.LASTMILE_TEST_CHROMIUM = '';
  if (env.REQUIRE_BROWSER === '1') {
    console.error(`Chromium is required (REQUIRE_BROWSER=1) but ${chromium} does not exist.`);
    process.exit(1);
  }
  skipped.push(`browser suites (screenshots, axe-core): no Chromium at ${chromium}`);
}

// nginx (Debian's nginx-light) checks the shipped reverse-proxy config (test/deploy.test.ts); without it those tests skip.
if (!existsSync(env.NGINX_PATH || '/usr/sbin/nginx')) skipped.push(`nginx tests of deploy/nginx.conf: no nginx at ${env.NGINX_PATH || '/usr/sbin/nginx'} (apt-get install nginx-light)`);

const files = [...findTests(join(root, 'src')), ...findTests(join(root, 'test'))].sort();
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}
for (const s of skipped) console.log(`SKIPPING: ${s}`);

const started = Date.now();
// Test files run two at a time by default (LASTMILE_TEST_CONCURRENCY): many wait on PostgreSQL, child processes or
// timers rather than the CPU, and one at a time the whole run went over 15 minutes on CI's 2 cores.
const concurrency = Number(env.LASTMILE_TEST_CONCURRENCY || 2);
const testArgs = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...process.argv.slice(2)];
const usesBrowser = (f) => /from '[^']*(?:playwright-core|support\/browser\.ts)'/.test(readFileSync(join(root, f), 'utf8'));
const split = env.LASTMILE_TEST_SPLIT === '1' && env.LASTMILE_TEST_CHROMIUM;
const browserFiles = split ? files.filter(usesBrowser) : [];
const otherFiles = files.filter((f) => !browserFiles.includes(f));

/** Runs node's test runner on `list`; resolves with its exit code. `buffer`: keep its output, printed once both runs end. */
const buffered = [];
function run(list, buffer) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...testArgs, ...list], { cwd: root, env, stdio: buffer ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (buffer) {
      child.stdout.on('data', (d) => buffered.push(d));
      child.stderr.on('data', (d) => buffered.push(d));
    }
    child.on('close', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

const codes = await Promise.all([run(otherFiles, false), ...(browserFiles.length ? [run(browserFiles, true)] : [])]);
if (buffered.length) process.stdout.write(Buffer.concat(buffered));
for (const s of skipped) console.log(`SKIPPED: ${s}`);
console.log(`npm test: ${files.length} files in ${Math.round((Date.now() - started) / 1000)} s${browserFiles.length ? ` (${browserFiles.length} browser suites in a second process)` : ''}`);
process.exit(codes.find((c) => c !== 0) ?? 0);
