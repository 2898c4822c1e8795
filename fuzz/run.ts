// `npm run fuzz`: the fuzzer's long run (the test runs a fixed seed in `npm test`). A random seed unless
// FUZZ_SEED is given, FUZZ_RUNS requests (default 100,000), on FUZZ_DIALECT (sqlite, the default, or
// postgres: needs LASTMILE_TEST_PG, e.g. postgres://postgres@127.0.0.1:5432/postgres). FUZZ_ALL=1 keeps
// going after a failure and lists each distinct one. A failure prints fast-check's counterexample and the
// seed: `FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npm run fuzz` replays it.
import { runFuzz } from '../test/fuzz/harness.ts';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const runs = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 100_000;
const dialect = process.env.FUZZ_DIALECT ?? 'sqlite';
if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1 || (dialect !== 'sqlite' && dialect !== 'postgres')) {
  console.error('FUZZ_SEED must be an integer, FUZZ_RUNS a positive integer and FUZZ_DIALECT sqlite or postgres.');
  process.exit(2);
}
if (dialect === 'postgres' && !process.env.LASTMILE_TEST_PG) {
  console.error('FUZZ_DIALECT=postgres needs LASTMILE_TEST_PG (an admin URL such as postgres://postgres@127.0.0.1:5432/postgres).');
  process.exit(2);
}
console.log(`fuzz: seed=${seed} runs=${runs} dialect=${dialect} (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} FUZZ_DIALECT=${dialect} npm run fuzz)`);
try {
  const report = await runFuzz({ dialect, seed, runs, collect: process.env.FUZZ_ALL === '1' });
  if (report.failures.length) {
    console.error(`fuzz: ${report.failures.length} distinct failures (seed ${seed})`);
    process.exitCode = 1;
  }
  if (report.integrity !== 'ok') process.exitCode = 1;
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  // fast-check keeps the property's own error (what was wrong, the request, the answer) as the cause.
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause) console.error(cause instanceof Error ? cause.message : cause);
  console.error(`fuzz: FAILED with seed=${seed} runs=${runs} dialect=${dialect}`);
  process.exitCode = 1;
}
