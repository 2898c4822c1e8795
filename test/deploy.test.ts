// The shipped deployment files are checked, not just written: deploy/nginx.conf passes `nginx -t` with a
// self-signed certificate, and a real nginx started from it in front of two stub instances passes pages
// through untouched (br body, ETag, 304), caches /assets/, keeps the app's 503 and Retry-After, and answers
// a bilingual 503 itself when no instance is up. The documents name every configuration variable.
// Without nginx (/usr/sbin/nginx, Debian's nginx-light) the nginx tests are skipped and say so.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { loadConfig } from '../src/config.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const NO_NGINX = existsSync(NGINX) ? false : `nginx is not installed at ${NGINX} (Debian: apt-get install nginx-light); the nginx config was not checked`;
const SERVER_NAME = 'portal.example.jp';

function read(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** The variables src/config.ts reads: the keys of its zod schema. */
function configVariables(): string[] {
  const names = [...read('src/config.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+): z\b/gm)].map((m) => m[1]!);
  assert.ok(names.length > 40, `expected the schema's keys, found ${names.length}`);
  return names;
}

describe('deployment documents', () => {
  test('the guide and the README name every configuration variable', () => {
    const guide = read('docs/DEPLOYMENT.md');
    const readme = read('README.md');
    const missingGuide = configVariables().filter((v) => !guide.includes(`\`${v}\``));
    const missingReadme = configVariables().filter((v) => !readme.includes(`\`${v}\``));
    assert.deepEqual(missingGuide, [], 'variables of src/config.ts missing from the table in docs/DEPLOYMENT.md');
    assert.deepEqual(missingReadme, [], 'variables of src/config.ts missing from the configuration table in README.md');
  });

  test('the sample environment file sets only variables the app reads, and loads', () => {
    const known = new Set(configVariables());
    const text = read('deploy/lastmile.env.sample');
    const env: Record<string, string> = {};
    for (const line of text.split('\n')) {
      const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!;
    }
    const unknown = Object.keys(env).filter((k) => !known.has(k));
    assert.deepEqual(unknown, [], 'variables in deploy/lastmile.env.sample that src/config.ts does not read');
    // The sample's values are valid as they stand (placeholders included), so a copy starts.
    const config = loadConfig(env);
    assert.equal(config.trustProxy, 1);
    assert.equal(config.secureCookies, true);
    assert.equal(config.cookieSecretGenerated, false);
  });

  test('nginx accepts uploads a little larger than UPLOAD_MAX_BYTES, not much larger', () => {
    const m = /client_max_body_size (\d+)m;/.exec(read('deploy/nginx.conf'));
    assert.ok(m, 'client_max_body_size in deploy/nginx.conf');
    const nginxBytes = Number(m[1]) * 1024 * 1024;
    const appBytes = loadConfig({}).uploads.maxBytes;
    assert.ok(nginxBytes > appBytes && nginxBytes <= appBytes + 2 * 1024 * 1024, `client_max_body_size ${m[1]}m against UPLOAD_MAX_BYTES ${appBytes}`);
  });

  test('the systemd units start files that exist, as the env file and the users the guide describes', () => {
    for (const [unit, entry] of [
      ['deploy/systemd/lastmile@.service', 'src/main.ts'],
      ['deploy/systemd/lastmile-worker@.service', 'src/worker.ts'],
    ] as const) {
      const text = read(unit);
      assert.ok(existsSync(join(ROOT, entry)), entry);
      assert.match(text, new RegExp(`^ExecStart=.* ${entry.replace('.', '\\.')}$`, 'm'), `${unit} starts ${entry}`);
      assert.match(text, /^EnvironmentFile=\/etc\/lastmile\/lastmile\.env$/m, unit);
      assert.match(text, /^User=lastmile$/m, unit);
    }
    assert.match(read('deploy/systemd/lastmile@.service'), /^Environment=PORT=%i$/m);
  });

  const PG = process.env.LASTMILE_TEST_PG ?? '';
  test('deploy/postgresql.conf.sample names only settings PostgreSQL has, with values it accepts', { skip: PG ? false : 'no PostgreSQL (LASTMILE_TEST_PG): the sample settings were not checked' }, async () => {
    const settings = [...read('deploy/postgresql.conf.sample').matchAll(/^([a-z_]+) = (.+)$/gm)].map((m) => ({ name: m[1]!, value: m[2]!.replace(/^'(.*)'$/, '$1') }));
    assert.ok(settings.length > 20);
    const client = new pg.Client({ connectionString: PG });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; vartype: string; unit: string | null; min_val: string | null; max_val: string | null; enumvals: string[] | null }>(
        'SELECT name, vartype, unit, min_val, max_val, enumvals FROM pg_settings WHERE name = ANY($1)',
        [settings.map((s) => s.name)],
      );
      const known = new Map(rows.map((r) => [r.name, r]));
      assert.deepEqual(settings.filter((s) => !known.has(s.name)).map((s) => s.name), [], 'unknown settings');
      for (const s of settings) {
        const row = known.get(s.name)!;
        if (row.vartype === 'enum') assert.ok(row.enumvals!.includes(s.value), `${s.name} = ${s.value}: one of ${row.enumvals!.join(', ')}`);
        if (row.vartype === 'bool') assert.match(s.value, /^(on|off)$/, s.name);
      }
      // Sizes and durations: PostgreSQL itself says whether each value parses, for the settings a session may set.
      for (const s of settings.filter((x) => ['work_mem', 'maintenance_work_mem', 'effective_cache_size', 'random_page_cost', 'effective_io_concurrency', 'jit', 'log_min_duration_statement', 'log_temp_files', 'log_lock_waits'].includes(x.name))) {
        await client.query(`SET ${s.name} = '${s.value}'`).catch((err: Error) => assert.fail(`${s.name} = ${s.value}: ${err.message}`));
      }
    } finally {
      await client.end();
    }
  });

  const ANALYZE = '/usr/bin/systemd-analyze';
  test('systemd-analyze verify finds nothing to say about the units', { skip: existsSync(ANALYZE) ? false : `no ${ANALYZE}: the units' syntax was not checked` }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'lastmile-units-'));
    try {
      // Templates are verified through an instance, named as the guide names them.
      const units = [
        ['lastmile@.service', 'lastmile@3001.service'],
        ['lastmile-worker@.service', 'lastmile-worker@1.service'],
      ].map(([template, instance]) => {
        writeFileSync(join(dir, instance!), read(`deploy/systemd/${template}`));
        return join(dir, instance!);
      });
      // It exits 0 on unknown keys and bad values too, and says so on stderr: any word about our files fails.
      const r = spawnSync(ANALYZE, ['verify', '--man=no', ...units], { encoding: 'utf8', timeout: 30_000 });
      const about = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.includes(dir));
      assert.deepEqual(about, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface Prefix {
  dir: string;
  conf: string;
  cert: string;
}

/** A temporary nginx prefix: a self-signed certificate, the shipped site file with its paths and ports substituted. */
function preparePrefix(ports: { http: number; https: number; app1: number; app2: number }): Prefix {
  const dir = mkdtempSync(join(tmpdir(), 'lastmile-nginx-'));
  for (const d of ['tls', 'acme', 'cache', 'tmp']) mkdirSync(join(dir, d));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${SERVER_NAME}`, '-addext', `subjectAltName=DNS:${SERVER_NAME}`, '-keyout', join(dir, 'tls/privkey.pem'), '-out', join(dir, 'tls/fullchain.pem')], { stdio: 'ignore' });

  let site = read('deploy/nginx.conf');
  const replacements: [string | RegExp, string][] = [
    // The test machine may have no IPv6: the [::] listens go, the IPv4 ones move to loopback and high ports.
    [/^\s*listen \[::\]:\d+[^;]*;\n/gm, ''],
    ['listen 80;', `listen 127.0.0.1:${ports.http};`],
    ['listen 443 ssl http2 default_server;', `listen 127.0.0.1:${ports.https} ssl http2 default_server;`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`],
    [`/etc/letsencrypt/live/${SERVER_NAME}/`, `${dir}/tls/`],
    ['/var/www/letsencrypt', join(dir, 'acme')],
    ['/var/cache/nginx/lastmile', join(dir, 'cache')],
    ['/var/log/nginx/lastmile.access.log', join(dir, 'access.log')],
    ['127.0.0.1:3001', `127.0.0.1:${ports.app1}`],
    ['127.0.0.1:3002', `127.0.0.1:${ports.app2}`],
  ];
  for (const [from, to] of replacements) {
    const found = typeof from === 'string' ? site.includes(from) : (site.match(from)?.length ?? 0) > 0;
    // A placeholder that disappeared from the shipped file would leave a system path in the tested copy.
    assert.ok(found, `deploy/nginx.conf no longer contains ${String(from)}: update test/deploy.test.ts with it`);
    site = typeof from === 'string' ? site.replaceAll(from, to) : site.replace(from, to);
  }
  writeFileSync(join(dir, 'lastmile.conf'), site);

  // The main file stands in for Debian's /etc/nginx/nginx.conf, with its http-level defaults that the site
  // must override (gzip on, old TLS versions).
  const runningAsRoot = process.getuid?.() === 0;
  const main = `${runningAsRoot ? 'user root root;\n' : ''}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  default_type application/octet-stream;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  access_log off;
  ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
  ssl_prefer_server_ciphers on;
  gzip on;
  include ${dir}/lastmile.conf;
}
`;
  writeFileSync(join(dir, 'nginx.conf'), main);
  return { dir, conf: join(dir, 'nginx.conf'), cert: readFileSync(join(dir, 'tls/fullchain.pem'), 'utf8') };
}

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

test('deploy/nginx.conf passes nginx -t with a self-signed certificate, without warnings', { skip: NO_NGINX }, async () => {
  const prefix = preparePrefix({ http: await freePort(), https: await freePort(), app1: 3001, app2: 3002 });
  try {
    const r = spawnSync(NGINX, ['-t', '-p', prefix.dir, '-c', prefix.conf], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, `nginx -t failed:\n${r.stderr}`);
    // nginx 1.25.1 and later (Debian 13) prefer `http2 on;` to `listen … http2`: a deprecation, not a fault,
    // and the form that nginx 1.22 (Debian 12) understands.
    const warnings = r.stderr.split('\n').filter((l) => /\[(warn|emerg|alert|crit)\]/.test(l) && !/"listen \.\.\. http2" directive is deprecated/.test(l));
    assert.deepEqual(warnings, []);
  } finally {
    rmSync(prefix.dir, { recursive: true, force: true });
  }
});

// A stub of the app's behaviour that nginx must preserve: precompressed pages with ETag and 304, immutable
// assets, an overload 503 with Retry-After, and an echo of the forwarding headers.
const PAGE = `<!doctype html><html lang="ja"><title>取組一覧</title>${'<p>高齢者向けの詐欺対策セミナー。</p>'.repeat(200)}</html>`;
const PAGE_BR = brotliCompressSync(Buffer.from(PAGE));
const CSS = `body { font-family: "Noto Sans JP", sans-serif; }\n${'.x { margin: 0 }\n'.repeat(200)}`;

function stubApp(name: string, hits: Map<string, number>): http.Server {
  return http.createServer((req, res) => {
    const url = req.url ?? '/';
    hits.set(url, (hits.get(url) ?? 0) + 1);
    req.resume();
    req.on('end', () => {
      if (url === '/catalogue' || url === '/plain') {
        const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, no-cache', vary: 'Accept-Encoding', etag: '"page-v1"' };
        if (req.headers['if-none-match'] === '"page-v1"') return void res.writeHead(304, headers).end();
        const br = url === '/catalogue' && /\bbr\b/.test(req.headers['accept-encoding'] ?? '');
        res.writeHead(200, br ? { ...headers, 'content-encoding': 'br' } : headers).end(br ? PAGE_BR : PAGE);
      } else if (url.startsWith('/assets/app.css')) {
        res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' }).end(CSS);
      } else if (url === '/busy') {
        res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '7' }).end('{"error":{"code":"overloaded"}}');
      } else if (url === '/echo') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name, xff: req.headers['x-forwarded-for'], proto: req.headers['x-forwarded-proto'], host: req.headers.host }));
      } else res.writeHead(404).end();
    });
  });
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

describe('nginx in front of two instances', { skip: NO_NGINX }, () => {
  let prefix: Prefix;
  let nginx: ChildProcess | null = null;
  let ports: { http: number; https: number; app1: number; app2: number };
  const hits = new Map<string, number>();
  const apps: http.Server[] = [];

  function request(path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer; plain?: boolean } = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const common = { host: '127.0.0.1', path, method: options.method ?? 'GET', headers: { host: SERVER_NAME, ...options.headers } };
      const req = options.plain
        ? http.request({ ...common, port: ports.http, agent: false })
        : https.request({ ...common, port: ports.https, servername: SERVER_NAME, ca: prefix.cert, agent: false });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(options.body);
    });
  }

  before(async () => {
    ports = { http: await freePort(), https: await freePort(), app1: await freePort(), app2: await freePort() };
    for (const [i, port] of [ports.app1, ports.app2].entries()) {
      const app = stubApp(`app${i + 1}`, hits);
      await new Promise<void>((resolve) => app.listen(port, '127.0.0.1', resolve));
      apps.push(app);
    }
    prefix = preparePrefix(ports);
    nginx = spawn(NGINX, ['-p', prefix.dir, '-c', prefix.conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    nginx.stderr!.on('data', (d) => (stderr += d));
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await request('/echo');
        break;
      } catch (err) {
        if (nginx.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start: ${stderr || String(err)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    for (const app of apps) if (app.listening) await new Promise((resolve) => app.close(resolve));
    if (prefix) rmSync(prefix.dir, { recursive: true, force: true });
  });

  test('a page comes through with its brotli body, ETag and caching headers untouched, and 304 on If-None-Match', async () => {
    const page = await request('/catalogue', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-encoding'], 'br');
    assert.equal(page.headers.etag, '"page-v1"');
    assert.equal(page.headers['cache-control'], 'public, no-cache');
    assert.match(String(page.headers.vary), /Accept-Encoding/);
    assert.equal(brotliDecompressSync(page.body).toString(), PAGE);
    assert.equal(page.headers['x-cache-status'], undefined, 'pages are not cached by nginx');

    const again = await request('/catalogue', { headers: { 'accept-encoding': 'br', 'if-none-match': '"page-v1"' } });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  test('nginx does not compress pages itself, even with gzip on in the http block', async () => {
    const page = await request('/plain', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-encoding'], undefined);
    assert.equal(page.headers.etag, '"page-v1"', 'a strong ETag, not weakened by nginx');
    assert.equal(page.body.toString(), PAGE);
  });

  test('assets are cached by nginx (one request reaches the app) and gzip-compressed for clients that accept it', async () => {
    const url = '/assets/app.css?v=0123456789ab';
    const first = await request(url, { headers: { 'accept-encoding': 'gzip' } });
    const second = await request(url, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(first.status, 200);
    assert.equal(second.headers['x-cache-status'], 'HIT');
    assert.equal(hits.get(url), 1);
    assert.equal(second.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(second.body).toString(), CSS);
    assert.equal(second.headers['cache-control'], 'public, max-age=31536000, immutable');
  });

  test("the app's overload 503 reaches the client with its Retry-After and body, without a retry on the other instance", async () => {
    const before = hits.get('/busy') ?? 0;
    const busy = await request('/busy');
    assert.equal(busy.status, 503);
    assert.equal(busy.headers['retry-after'], '7');
    assert.equal(busy.body.toString(), '{"error":{"code":"overloaded"}}');
    assert.equal(hits.get('/busy')! - before, 1);
  });

  test('the app sees the client address (not what the client claims) and https', async () => {
    const echo = JSON.parse((await request('/echo', { headers: { 'x-forwarded-for': '203.0.113.9' } })).body.toString());
    assert.equal(echo.xff, '127.0.0.1');
    assert.equal(echo.proto, 'https');
    assert.equal(echo.host, SERVER_NAME);
  });

  test('plain HTTP is redirected to HTTPS; far too large uploads get a bilingual 413', async () => {
    const plain = await request('/catalogue?audience=seniors', { plain: true });
    assert.equal(plain.status, 301);
    assert.equal(plain.headers.location, `https://${SERVER_NAME}/catalogue?audience=seniors`);

    const big = await request('/my/materials/new', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(22 * 1024 * 1024) });
    assert.equal(big.status, 413);
    assert.match(big.body.toString(), /ファイルが大きすぎます[\s\S]*File too large/);
  });

  test('with no instance up, pages get a bilingual 503 and the API a JSON error, both with Retry-After', async () => {
    for (const app of apps) await new Promise((resolve) => app.close(resolve));
    const page = await request('/catalogue');
    assert.equal(page.status, 503);
    assert.equal(page.headers['retry-after'], '10');
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body.toString(), /ただいま利用できません[\s\S]*Temporarily unavailable/);

    const api = await request('/api/v1/initiatives');
    assert.equal(api.status, 503);
    assert.equal(api.headers['retry-after'], '10');
    assert.equal(JSON.parse(api.body.toString()).error.code, 'unavailable');

    const asset = await request('/assets/app.css?v=0123456789ab');
    assert.equal(asset.status, 200, 'a cached asset is still served');
  });
});
