// `npm audit` at high severity: every high or critical advisory against an installed package (direct or
// transitive, dev included) fails this test unless audit-exceptions.json names the package with the reason it
// does not apply to us. When the registry's advisory endpoint cannot be reached (on the project's machines the
// registry mirror answers POST with 405, and audit needs a POST), the test says so and skips: it cannot prove
// the dependencies clean there, and says it did not. REQUIRE_AUDIT=1 turns that skip into a failure, for a CI
// that can reach the advisory database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const EXCEPTIONS: Record<string, string> = JSON.parse(readFileSync(new URL('../audit-exceptions.json', import.meta.url), 'utf8')).exceptions;

interface AuditReport {
  vulnerabilities?: Record<string, { severity: string; via: unknown[]; fixAvailable: unknown }>;
  statusCode?: number;
  message?: string;
  error?: unknown;
}

function audit(): Promise<AuditReport> {
  return new Promise((resolve, reject) => {
    // npm audit exits 1 when it finds anything (or fails); the JSON on stdout tells which.
    execFile('npm', ['audit', '--json', '--audit-level=high'], { cwd: ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      try {
        resolve(JSON.parse(stdout) as AuditReport);
      } catch {
        reject(err ?? new Error(`npm audit printed no JSON: ${stdout.slice(0, 300)}`));
      }
    });
  });
}

test('npm audit: no high or critical advisory against an installed package, except those explained in audit-exceptions.json', async (t) => {
  const report = await audit();
  if (!report.vulnerabilities) {
    const why = `npm audit could not reach the advisory database: ${report.message ?? JSON.stringify(report).slice(0, 200)}`;
    if (process.env.REQUIRE_AUDIT === '1') assert.fail(why);
    console.log(`SKIPPING: ${why}`);
    t.skip(why);
    return;
  }
  const serious = Object.entries(report.vulnerabilities).filter(([, v]) => v.severity === 'high' || v.severity === 'critical');
  const unexplained = serious.filter(([name]) => !EXCEPTIONS[name]).map(([name, v]) => `${name} (${v.severity})`);
  t.diagnostic(`high/critical advisories: ${serious.length}; explained in audit-exceptions.json: ${serious.length - unexplained.length}`);
  assert.deepEqual(unexplained, [], 'fix (npm update / npm audit fix) or explain each in audit-exceptions.json');
  // An exception that no longer matches anything is stale: remove it so the list stays true.
  const stale = Object.keys(EXCEPTIONS).filter((name) => !serious.some(([n]) => n === name));
  assert.deepEqual(stale, [], 'audit-exceptions.json names packages that no longer have a high advisory: remove them');
});
