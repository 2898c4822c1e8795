// Completing the 25-item self-diagnosis over HTTP, end to end: the real app in its own process (bench/server.ts)
// on SQLite, autocannon POSTing "check your answers" forms (CSRF token and cookie from a real page, a
// fresh submission token per request so none is taken for a double click), each answered with 303 only after
// its result committed. Stored results per second are counted in the database afterwards.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { journeyQuery, NO_ATTRIBUTES } from '../src/business/journey.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

const here = new URL('.', import.meta.url).pathname;

function startServer(env: Record<string, string>, children: ChildProcess[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, 'server.ts'), { env: { ...process.env, ...env }, execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    children.push(child);
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

export async function runChecksHttpBench(seconds: number, connections = 50): Promise<{ perSecond: number; p50: number; p99: number; stored: number; non303: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-checks-http-'));
  const children: ChildProcess[] = [];
  const url = `file:${join(dir, 'http.sqlite')}`;
  try {
    const h = openDatabase(url);
    await migrateToLatest(h);
    await h.destroy();
    const port = 4820;
    await startServer({ BENCH_MODE: 'app', DATABASE_URL: url, PORT: String(port) }, children);
    const base = `http://127.0.0.1:${port}`;
    const answers = 'yyyyypppnnuyyyyyyyyyypnyy';
    const page = await fetch(`${base}/business/check/diagnosis/check${journeyQuery(null, answers, { ...NO_ATTRIBUTES, size: '6-20', industry: 'E', pref: '13' })}`);
    if (page.status !== 200) throw new Error(`check page: ${page.status}`);
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const html = await page.text();
    const form = html.slice(html.indexOf('/business/check/diagnosis/complete'));
    const fields = new URLSearchParams();
    for (const m of form.slice(0, form.indexOf('</form>')).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
    if (!fields.get('_csrf') || !fields.get('a')) throw new Error('no form on the check page');
    let n = 0;
    const r = await autocannon({
      url: `${base}/business/check/diagnosis/complete`,
      connections,
      duration: seconds,
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      requests: [
        {
          setupRequest: (req) => {
            fields.set('t', `bench${(n++).toString(36).padStart(12, '0')}`);
            return { ...req, body: fields.toString() };
          },
        },
      ],
    });
    const non303 = r.non2xx - (r.statusCodeStats?.['303']?.count ?? 0);
    const db = openDatabase(url);
    const stored = Number((await db.db.selectFrom('check_results').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await db.destroy();
    return { perSecond: stored / seconds, p50: r.latency.p50, p99: r.latency.p99, stored, non303 };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
