// `npm start` on a machine with nothing: the SQLite file is created, migrated and seeded on first start,
// left alone on the next start, and SIGTERM ends the process cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'lastmile-start-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function start(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${join(dir, 'data', 'lastmile.sqlite')}`, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const deadline = Date.now() + 30_000;
  while (!out.includes('Lastmile is serving')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, log: () => out, exited };
}

test('first start creates, migrates and seeds the database; a restart keeps it; SIGTERM exits 0', async () => {
  const port = 40_000 + Math.floor(Math.random() * 10_000);
  const first = await start(port);
  try {
    assert.match(first.log(), /database seeded with the shipped catalogue/);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/initiatives`);
    const total = (await res.json()).total;
    assert.ok(total >= 55);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    assert.match(first.log(), /shutting down/);

    const second = await start(port);
    try {
      assert.doesNotMatch(second.log(), /database seeded/);
      const again = await (await fetch(`http://127.0.0.1:${port}/api/v1/initiatives`)).json();
      assert.equal(again.total, total);
      const page = await fetch(`http://127.0.0.1:${port}/initiatives`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'nonce-[A-Za-z0-9+/]{22}=='/);
      assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  } finally {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
  }
});
