// The fuzzer in CI (issue 9, "Bad input tried"): a fixed seed and count, so a run is the same every time and
// a failure can be replayed (`FUZZ_SEED=… FUZZ_RUNS=… npm run fuzz`). Generated malformed requests to every
// route of the route table, as an anonymous visitor, an organisation member and an administrator: no 5xx,
// no stack trace or file path, every error in the documented format (API JSON, HTML error page or the form
// again with its error summary, in the page's language), HEAD without a body, and the database intact.
// The longer run with a random seed is `npm run fuzz` (fuzz/run.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testDialects } from './support/databases.ts';
import { runFuzz } from './fuzz/harness.ts';

const SEED = 20261126;
const RUNS = { sqlite: 10_000, postgres: 2_000 } as const;

for (const dialect of testDialects()) {
  describe(`fuzz (${dialect})`, () => {
    test(`${RUNS[dialect]} malformed requests across every route: no 5xx, no stack trace, errors in the documented format`, async (t) => {
      const report = await runFuzz({ dialect, seed: SEED, runs: RUNS[dialect], log: (line) => t.diagnostic(line) });
      assert.equal(report.requests, RUNS[dialect]);
      assert.equal(report.integrity, 'ok');
      // The fuzz reaches the handlers, not only the CSRF check and the router: pages served, forms
      // accepted (redirects) and refused by validation.
      for (const status of ['200', '303', '400', '403', '404']) assert.ok((report.statuses[status] ?? 0) > 0, `no ${status} in ${JSON.stringify(report.statuses)}`);
    });
  });
}
