// "Never a 500": random query strings, paths and headers against the catalogue's pages and API
// (fast-check, fixed seed so a failure can be replayed; the seed and run count are printed).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { FIXTURE } from '../../test/support/fixture.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const PATHS = ['/initiatives', '/en/initiatives', '/api/v1/initiatives', '/matrix', '/en/matrix', '/api/v1/matrix', '/initiatives.csv', '/matrix.csv', '/organisations', '/strategy', '/'];
const KEYS = ['q', 'audience', 'method', 'sector', 'org', 'region', 'measure', 'page', 'sort', 'x', '', '__proto__', 'constructor'];

describe('bad input never causes a 5xx', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp('sqlite', FIXTURE);
  });
  after(async () => {
    await t?.close();
  });

  test(`random query strings (seed ${SEED}, ${RUNS} runs)`, async () => {
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom('youth', 'seniors', 'events', 'public', 'ipa', 'nationwide', '13', '48', '0', '-1', '1e9', '99999999999999999999', '%', '%00', '%E0%A4%A', '<script>', "' OR 1=1 --", 'ＩＰＡ', '詐欺', ''),
      fc.string({ minLength: 190, maxLength: 260 }),
    );
    const raw = fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength: 8 }).map((pairs) =>
      pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v.startsWith('%') ? v : encodeURIComponent(v)}`).join('&'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), raw, fc.constantFrom(undefined, 'en', 'ja', 'fr', '*', 'en;q=abc'), async (path, qs, lang) => {
        const res = await t.app.inject({ method: 'GET', url: `${path}?${qs}`, headers: lang ? { 'accept-language': lang } : {} });
        assert.ok(res.statusCode < 500, `${res.statusCode} for ${path}?${qs}: ${res.body.slice(0, 200)}`);
        assert.ok([200, 400, 404].includes(res.statusCode), `unexpected ${res.statusCode} for ${path}?${qs}`);
        assert.doesNotMatch(res.body, /at [\w.<>]+ \(.*:\d+:\d+\)/, 'no stack trace in a response');
        if (path.startsWith('/api/') && res.statusCode >= 400) assert.ok(res.json().error.message);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test('odd paths and methods: 404/405/414 pages, never 5xx', async () => {
    for (const url of ['/initiatives/' + 'x'.repeat(500), '/initiatives/%ZZ', '/initiatives/..%2f..%2fetc%2fpasswd', '/en/en/initiatives', '/api/v1/initiatives/1/../../', '/%00', '/assets/../package.json']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url}: ${res.statusCode}`);
      assert.doesNotMatch(res.body, /"name":\s*"lastmile"/);
    }
    const post = await t.app.inject({ method: 'POST', url: '/initiatives', payload: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.ok(post.statusCode >= 400 && post.statusCode < 500, `POST: ${post.statusCode}`);
  });
});
