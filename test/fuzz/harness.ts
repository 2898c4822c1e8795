// The fuzzer's harness, shared by test/fuzz.test.ts (fixed seed, in `npm test`) and fuzz/run.ts
// (`npm run fuzz`, longer, random seed): builds the app on a seeded test database, signs in the three
// kinds of caller, learns real values from the app's own pages (harvest), sends generated requests with
// app.inject and checks every answer against the documented error format (checkResponse).
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { DialectName } from '../../src/db/database.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Client, createUser, organisationIdBySlug, signIn, type TestUser } from '../support/client.ts';
import { FIXTURE } from '../support/fixture.ts';
import { CALLERS, CSRF_PLACEHOLDER, REGRESSIONS, requestArb, type CallerKind, type FormSpec, type FuzzRequest, type Pools, type RouteSpec } from './arbitraries.ts';

interface Caller {
  kind: CallerKind;
  client: Client;
  user: TestUser | null;
  role: 'member' | 'admin' | null;
  csrf: string;
  stale: boolean;
}

export interface FuzzOptions {
  dialect: DialectName;
  seed: number;
  /** Number of generated requests (one per fast-check run). */
  runs: number;
  /** Keep going after a failure and list every distinct one (the runner's --all); the test stops at the first. */
  collect?: boolean;
  log?: (line: string) => void;
  /** Pages the harvest reads per signed-in caller (default 220). */
  harvestPages?: number;
}

export interface FuzzReport {
  seed: number;
  runs: number;
  requests: number;
  statuses: Record<string, number>;
  /** Distinct failures (route + problem) when collecting. */
  failures: { problem: string; request: FuzzRequest }[];
  routes: number;
  integrity: string;
}

// ---------------------------------------------------------------- the checks

const STACK_FRAME = /\n\s+at [^\n]*(\(|\/|node:|file:)/;
const FILE_PATH = new RegExp(`(/src/[\\w./-]*\\.tsx?\\b|node_modules/|${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`);
const TEXTUAL = /^(text\/|application\/(json|javascript|xml|atom\+xml|problem\+json)|image\/svg)/;

/** The address as the server sees it: app.inject, like a browser, resolves dot segments and turns \\ into /. */
export function effectiveUrl(url: string): string {
  const u = new URL(url.startsWith('//') ? `http://localhost${url}` : url, 'http://localhost');
  return u.pathname + u.search;
}

function requestText(req: FuzzRequest): string {
  const raw = `${req.url} ${typeof req.body === 'string' ? req.body : ''}`;
  let decoded = raw;
  for (let i = 0; i < 3; i++) {
    try {
      decoded = decodeURIComponent(decoded.replace(/\+/g, ' '));
    } catch {
      break;
    }
  }
  return raw + decoded;
}

/** What is wrong with this answer to that request, or null. */
export function checkResponse(req: FuzzRequest, res: LightMyRequestResponse): string | null {
  const status = res.statusCode;
  const type = String(res.headers['content-type'] ?? '');
  const url = effectiveUrl(req.url);
  if (status >= 500) return `status ${status}`;
  if (req.method === 'HEAD') return res.rawPayload.length === 0 ? null : `HEAD answered with a ${res.rawPayload.length}-byte body`;
  const body = res.body;
  // Static assets are our own files as written; the rest is generated and must never leak the server's insides.
  if (!url.startsWith('/assets/') && (TEXTUAL.test(type) || type === '')) {
    if (STACK_FRAME.test(body)) return 'stack trace in the body';
    const m = FILE_PATH.exec(body);
    // A page may show back what was asked for (the path in its language switch, a search term): only a path
    // the request did not carry is a leak.
    if (m && !requestText(req).includes(m[0])) return `file path in the body (${m[0]})`;
  }
  if (status < 400) return null;
  if (url.startsWith('/api/')) {
    if (!type.startsWith('application/json')) return `API error ${status} as ${type || 'no content type'}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `API error ${status} is not JSON`;
    }
    const e = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error;
    if (!e || typeof e.code !== 'string' || !e.code || typeof e.message !== 'string' || !e.message || !Array.isArray(e.details)) return `API error ${status} not in the documented format: ${body.slice(0, 200)}`;
    return null;
  }
  if (!type.startsWith('text/html')) return `error ${status} as ${type || 'no content type'} instead of an HTML page`;
  const en = url === '/en' || url.startsWith('/en/') || url.startsWith('/en?');
  if (!body.includes(`<html lang="${en ? 'en' : 'ja'}"`)) return `error ${status} not in the page's language (${en ? 'en' : 'ja'})`;
  // The error page (web/error-page.tsx); a form shown again with its error summary (GOV.UK pattern); or a
  // page that says what happened (web/message-page.tsx: "this link does not work").
  const errorPage = body.includes(en ? `Error code: ${status}` : `エラーコード: ${status}`);
  const summaryHtml = /<div class="error-summary[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(body);
  const summary = summaryHtml && summaryHtml[1]!.replace(/<[^>]*>/g, '').trim() ? summaryHtml : null;
  const message = /<h1>([^<]+)<\/h1>\s*<p>[^<]+/.exec(body);
  if (errorPage && !summary) return `error page ${status} without a message`;
  if (!errorPage && !summary && !message) return `error ${status} is neither the error page nor a form with an error summary nor a message page`;
  return null;
}

// ---------------------------------------------------------------- callers

async function makeCaller(t: TestApp, kind: CallerKind, n: number): Promise<Caller> {
  const client = new Client(t.app, `10.0.${CALLERS.indexOf(kind)}.1`);
  let user: TestUser | null = null;
  let role: Caller['role'] = null;
  if (kind === 'member') {
    const org = await organisationIdBySlug(t.db.handle, 'ipa');
    user = await createUser(t.db.handle, { email: `fuzz-member-${n}@lastmile.example`, organisationId: org, orgRole: 'admin' });
    role = 'member';
  } else if (kind === 'admin') {
    user = await createUser(t.db.handle, { email: `fuzz-admin-${n}@lastmile.example`, role: 'admin', totp: true });
    role = 'admin';
  }
  const caller: Caller = { kind, client, user, role, csrf: '', stale: false };
  await refresh(t, caller, n);
  return caller;
}

/** (Re)signs the caller in and takes a CSRF token; a user the fuzz disabled or demoted is replaced by a new one. */
async function refresh(t: TestApp, caller: Caller, n: number): Promise<void> {
  caller.client.cookies.clear();
  if (caller.user) {
    try {
      await signIn(caller.client, caller.user);
    } catch {
      const fresh = await makeCaller(t, caller.kind, n + 1000);
      Object.assign(caller, fresh);
      return;
    }
  }
  const page = await caller.client.get('/subscribe');
  caller.csrf = caller.client.csrf();
  if (page.statusCode !== 200) throw new Error(`/subscribe answered ${page.statusCode}`);
  caller.stale = false;
}

// ---------------------------------------------------------------- harvest

function routeMatcher(routes: RouteSpec[]): (path: string) => { pattern: string; params: Record<string, string> } | null {
  const compiled = routes
    .filter((r) => r.url.includes(':') && r.method === 'GET' && !r.url.startsWith('/en'))
    .map((r) => {
      const names: string[] = [];
      const re = new RegExp(
        '^' +
          r.url
            .split(/(:[A-Za-z_]+)/)
            .map((p) => (p.startsWith(':') ? (names.push(p.slice(1)), '([^/]+?)') : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
            .join('') +
          '$',
      );
      return { re, names, pattern: r.url };
    });
  return (path) => {
    for (const { re, names, pattern } of compiled) {
      const m = re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      try {
        names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      } catch {
        continue;
      }
      return { pattern, params };
    }
    return null;
  };
}

/** The POST forms of a page: where each posts and its fields with the values the page offers. */
function parseForms(html: string): FormSpec[] {
  const out: FormSpec[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = m[1]!;
    if (!/method="post"/i.test(attrs)) continue;
    const action = /action="([^"]*)"/.exec(attrs)?.[1];
    if (!action || !action.startsWith('/')) continue;
    const files = [...m[2]!.matchAll(/<input\b[^>]*type="file"[^>]*>/g)].map((t) => /\sname="([^"]+)"/.exec(t[0])?.[1]).filter((n): n is string => !!n);
    const fields = new Map<string, Set<string>>();
    const add = (n: string, v: string | undefined) => {
      const set = fields.get(n) ?? fields.set(n, new Set()).get(n)!;
      if (v !== undefined) set.add(decodeEntities(v));
    };
    for (const sel of m[2]!.matchAll(/<select\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) for (const o of sel[2]!.matchAll(/<option\b[^>]*value="([^"]*)"/g)) add(decodeEntities(sel[1]!), o[1]);
    for (const tag of m[2]!.matchAll(/<(?:input|textarea)\b[^>]*>/g)) {
      const name = /\sname="([^"]+)"/.exec(tag[0])?.[1];
      if (!name || name === '_csrf' || files.includes(name)) continue;
      add(decodeEntities(name), /\svalue="([^"]*)"/.exec(tag[0])?.[1]);
    }
    out.push({ action: decodeEntities(action).replace(/^\/en(?=\/)/, ''), multipart: /enctype="multipart/.test(attrs), files, fields: [...fields].map(([name, vs]) => ({ name, values: [...vs].filter((v) => v.length < 300) })) });
  }
  return out;
}

const decodeEntities = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** Crawls the app as each caller (links within the site, a bounded number of pages) and keeps the values it offers. */
async function harvest(t: TestApp, routes: RouteSpec[], callers: Caller[], maxPages: number): Promise<Pools> {
  const params = new Map<string, Set<string>>();
  const fields = new Set<string>();
  const values = new Set<string>();
  const queryKeys = new Set<string>();
  const queryValues = new Set<string>();
  const forms = new Map<string, FormSpec>();
  const match = routeMatcher(routes);
  const add = (m: Map<string, Set<string>>, k: string, v: string) => (m.get(k) ?? m.set(k, new Set()).get(k)!).add(v);

  const starts = routes.filter((r) => r.method === 'GET' && !r.url.includes(':') && !r.url.includes('*') && !r.url.startsWith('/en') && !r.url.startsWith('/assets/')).map((r) => r.url);
  for (const [i, caller] of callers.entries()) {
    const seen = new Set<string>(['/logout']);
    // Each page with parameters once per route pattern is enough to learn its forms and links.
    const patternsVisited = new Set<string>();
    // The first caller (the administrator) sees every page; the others only add their own area (/my).
    const queue = i === 0 ? [...starts] : starts.filter((u) => u.startsWith('/my'));
    let pages = 0;
    while (queue.length && pages < maxPages) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      pages++;
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: caller.client.cookieHeader() }, remoteAddress: caller.client.ip });
      const type = String(res.headers['content-type'] ?? '');
      const html = res.body;
      let links: string[] = [];
      if (type.startsWith('text/html')) {
        for (const m of html.matchAll(/\sname="([^"]+)"/g)) fields.add(decodeEntities(m[1]!));
        for (const m of html.matchAll(/\svalue="([^"]{0,200})"/g)) values.add(decodeEntities(m[1]!));
        links = [...html.matchAll(/\shref="(\/[^"#]*)"/g)].map((m) => decodeEntities(m[1]!));
        for (const f of parseForms(html)) if (!forms.has(f.action) && forms.size < 400) forms.set(f.action, f);
      } else if (type.startsWith('application/json')) {
        // The open API's links (figures, items) are absolute URLs on the configured base.
        links = [...html.matchAll(/"(?:https?:\/\/[^/"]+)?(\/[^"#\s]*)"/g)].map((m) => m[1]!);
      } else continue;
      for (const href of links) {
        const u = new URL(href, 'http://x');
        if (u.pathname.startsWith('/en') || u.pathname.startsWith('/assets/')) continue;
        for (const [k, v] of u.searchParams) {
          queryKeys.add(k);
          queryValues.add(v);
        }
        const found = match(u.pathname);
        if (!found) continue;
        for (const [k, v] of Object.entries(found.params)) add(params, k, v);
        if (!patternsVisited.has(found.pattern)) {
          patternsVisited.add(found.pattern);
          queue.unshift(u.pathname);
        }
      }
    }
  }
  // Ids of rows of every table, for parameters no link showed (drafts, deliveries, versions).
  const ids = new Set<string>();
  for (const table of await t.db.handle.db.introspection.getTables()) {
    if (!table.columns.some((c) => c.name === 'id')) continue;
    const rows = await sql<{ id: unknown }>`select id from ${sql.table(table.name)} order by id limit 20`.execute(t.db.handle.db);
    for (const r of rows.rows) ids.add(String(r.id));
  }
  values.delete('');
  values.delete(CSRF_PLACEHOLDER);
  // A CSRF token harvested as a value is one caller's token: the placeholder gives each caller its own.
  for (const v of [...values]) if (v.length > 40 && /^[\w-]+$/.test(v)) values.delete(v);
  return {
    params: Object.fromEntries([...params].map(([k, v]) => [k, [...v].slice(0, 60)])),
    ids: [...ids],
    fields: [...fields].filter((f) => f !== '_csrf'),
    values: [...values].slice(0, 2_000),
    queryKeys: [...queryKeys],
    queryValues: [...queryValues].slice(0, 2_000),
    forms: [...forms.values()],
  };
}

// ---------------------------------------------------------------- send

async function send(app: FastifyInstance, caller: Caller, req: FuzzRequest): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...req.headers };
  const own = caller.client.cookieHeader();
  if (req.withCookies && own) headers.cookie = headers.cookie ? `${own}; ${headers.cookie}` : own;
  let payload: string | Buffer | undefined;
  if (typeof req.body === 'string') payload = req.body.split(CSRF_PLACEHOLDER).join(encodeURIComponent(caller.csrf));
  else if (req.body) payload = Buffer.from(Buffer.from(req.body).toString('latin1').split(CSRF_PLACEHOLDER).join(caller.csrf), 'latin1');
  return app.inject({ method: req.method as 'GET', url: req.url, headers, payload, remoteAddress: caller.client.ip });
}

const SIGNED_OUT = /^(\/en)?\/(login|my\/account\/two-factor)/;

// ---------------------------------------------------------------- the run

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? ((l: string) => console.log(l));
  // Uploads the fuzz gets accepted go to a directory of this run, removed with it.
  const uploadDir = mkdtempSync(join(tmpdir(), 'lastmile-fuzz-uploads-'));
  const t = await startTestApp(opts.dialect, FIXTURE, { env: { UPLOAD_DIR: uploadDir } });
  try {
    const callers = new Map<CallerKind, Caller>();
    let n = 0;
    for (const kind of CALLERS) callers.set(kind, await makeCaller(t, kind, n++));
    const routes = t.app.routeTable.map((r) => ({ method: r.method, url: r.url }));
    const cpu0 = process.cpuUsage();
    const pools = await harvest(t, routes, [callers.get('admin')!, callers.get('member')!], opts.harvestPages ?? 220);
    const cpu1 = process.cpuUsage(cpu0);
    if (opts.collect) log(`fuzz: harvest ${Math.round((cpu1.user + cpu1.system) / 1000)} ms CPU; params ${JSON.stringify(Object.fromEntries(Object.entries(pools.params).map(([k, v]) => [k, v.length])))} fields ${pools.fields.length} forms ${pools.forms.length} values ${pools.values.length} queryKeys ${pools.queryKeys.length}`);
    const statuses: Record<string, number> = {};
    const failures: FuzzReport['failures'] = [];
    const distinct = new Set<string>();
    let requests = 0;
    const cost: Record<string, { n: number; ms: number }> = {};
    const codes: Record<string, number> = {};
    const breakdown: Record<string, number> = {};
    const property = fc.asyncProperty(requestArb(routes, pools), async (req) => {
      const caller = callers.get(req.caller)!;
      if (caller.stale) await refresh(t, caller, n++);
      const c0 = opts.collect ? process.cpuUsage() : null;
      const res = await send(t.app, caller, req);
      if (c0) {
        const c = process.cpuUsage(c0);
        const size = req.url.length + (req.body?.length ?? 0) + Object.values(req.headers).reduce((a, v) => a + v.length, 0);
        const cls = `${size < 2_000 ? 'small' : size < 50_000 ? 'medium' : 'large'} ${req.caller === 'anonymous' ? 'anon' : 'signed'} ${res.statusCode}`;
        const e = (cost[cls] ??= { n: 0, ms: 0 });
        e.n++;
        e.ms += (c.user + c.system) / 1000;
      }
      requests++;
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (opts.collect) {
        const k = res.statusCode === 403 || res.statusCode === 400 ? `${req.caller} ${req.method} ${res.statusCode} ${(/<h2 id="error-summary-title">([^<]{0,30})/.exec(res.body) ?? /"code":"([^"]+)"/.exec(res.body))?.[1]}` : `${req.caller} ${req.method} ${res.statusCode}`;
        breakdown[k] = (breakdown[k] ?? 0) + 1;
      }
      // A fuzzed request may sign its caller out (logout, ended sessions, a demoted account): sign in again.
      if (caller.user && res.statusCode === 303 && SIGNED_OUT.test(String(res.headers.location ?? ''))) caller.stale = true;
      if (opts.collect && res.statusCode >= 400) {
        const code = /"code":"([^"]+)"/.exec(res.body)?.[1] ?? /<h2 id="error-summary-title">([^<]{0,40})/.exec(res.body)?.[1];
        const k = `${res.statusCode} ${code}`;
        codes[k] = (codes[k] ?? 0) + 1;
      }
      const problem = checkResponse(req, res);
      if (!problem) return;
      if (opts.collect) {
        const key = `${req.route} ${problem.replace(/\(.*$/, '')}`;
        if (!distinct.has(key)) {
          distinct.add(key);
          failures.push({ problem, request: req });
          log(`fuzz: FAIL ${key}: ${problem}\n  ${JSON.stringify(req).slice(0, 600)}\n  -> ${res.statusCode} ${res.body.slice(0, 300).replace(/\n/g, ' ')}`);
        }
        return;
      }
      throw new Error(`${problem}\nrequest: ${JSON.stringify(req).slice(0, 2_000)}\nanswer: ${res.statusCode} ${res.body.slice(0, 1_000)}`);
    });
    let error: unknown = null;
    try {
      // On failure fast-check shrinks the request (replaying it against the database as the run left it) and
      // reports the counterexample with the seed and path that replay it.
      await fc.assert(property, { seed: opts.seed, numRuns: opts.runs, examples: REGRESSIONS.map((r) => [r]) });
    } catch (err) {
      error = err;
    }
    const cpu2 = process.cpuUsage(cpu0);
    if (opts.collect) log(`fuzz: requests ${Math.round((cpu2.user + cpu2.system - cpu1.user - cpu1.system) / 1000)} ms CPU`);
    const integrity = await integrityCheck(t);
    const line = `fuzz: seed=${opts.seed} dialect=${opts.dialect} runs=${opts.runs} requests=${requests} routes=${routes.length} statuses=${JSON.stringify(sortStatuses(statuses))} integrity=${integrity}`;
    log(line);
    if (opts.collect) for (const [k, v] of Object.entries(cost).sort((a, b) => b[1].ms - a[1].ms)) log(`cost ${k.padEnd(24)} n=${v.n} total=${Math.round(v.ms)}ms avg=${(v.ms / v.n).toFixed(1)}ms`);
    if (opts.collect) log(`fuzz: error codes and titles ${JSON.stringify(Object.fromEntries(Object.entries(codes).sort()), null, 1)}`);
    if (opts.collect) log(`fuzz: by caller, method and status ${JSON.stringify(Object.fromEntries(Object.entries(breakdown).sort()))}`);
    if (error) throw error;
    return { seed: opts.seed, runs: opts.runs, requests, statuses: sortStatuses(statuses), failures, routes: routes.length, integrity };
  } finally {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  }
}

function sortStatuses(s: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(s).sort(([a], [b]) => Number(a) - Number(b)));
}

/** Nothing half-written: SQLite's own checks; on PostgreSQL every foreign key is enforced by the server, so a query per table shows it still reads. */
async function integrityCheck(t: TestApp): Promise<string> {
  const db = t.db.handle.db;
  if (t.db.handle.dialect === 'sqlite') {
    const ic = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
    const fk = await sql<Record<string, unknown>>`PRAGMA foreign_key_check`.execute(db);
    const ok = ic.rows.length === 1 && ic.rows[0]!.integrity_check === 'ok' && fk.rows.length === 0;
    return ok ? 'ok' : `FAILED ${JSON.stringify(ic.rows)} ${JSON.stringify(fk.rows.slice(0, 10))}`;
  }
  for (const table of await db.introspection.getTables()) await sql`select count(*) from ${sql.table(table.name)}`.execute(db);
  const invalid = await sql<{ relname: string }>`select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid where not i.indisvalid`.execute(db);
  return invalid.rows.length === 0 ? 'ok' : `FAILED invalid indexes ${invalid.rows.map((r) => r.relname).join(', ')}`;
}
