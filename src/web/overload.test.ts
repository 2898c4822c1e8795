// Overload protection (web/overload.ts) in the real app: a deliberately blocked event loop gets 503 +
// Retry-After in the Problem format (a page for people, JSON for the API), assets and health probes are
// never shed, and normal answers come back by themselves once the loop is free again.
// Not dialect-specific (the decision is made before any database work), so SQLite only.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { createMailer } from '../mail/smtp.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { testConfig } from '../../test/support/app.ts';
import { isExemptFromShedding, overloadPage, STARTUP_GRACE_MS } from './overload.ts';

function busy(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

/** A keep-alive HTTP/1.1 connection that sends one request at a time and reads its status. */
async function connection(port: number) {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let buffered = '';
  let waiting: ((status: number) => void) | null = null;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    // Each response is read whole: headers, then content-length bytes.
    const head = buffered.indexOf('\r\n\r\n');
    if (head < 0) return;
    const length = Number(/content-length: *(\d+)/i.exec(buffered.slice(0, head))?.[1] ?? 0);
    if (buffered.length < head + 4 + length) return;
    const status = Number(buffered.slice(9, 12));
    buffered = buffered.slice(head + 4 + length);
    waiting?.(status);
  });
  return {
    socket,
    get(path: string): Promise<number> {
      return new Promise((resolve) => {
        waiting = resolve;
        socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      });
    },
  };
}

async function until(cond: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    if (await cond()) return true;
    await sleep(10);
  }
  return false;
}

describe('overload protection', () => {
  let app: FastifyInstance;
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('sqlite');
    const config = testConfig({ OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '30', OVERLOAD_RETRY_AFTER_SECONDS: '7' });
    const mailer = createMailer({ smtpUrl: 'log', from: config.mailFrom, log: { info() {} } });
    app = await buildApp({ config, database: db.handle, mailer });
    // A handler that holds the event loop, as a slow synchronous request does.
    app.get('/test-block', async () => {
      busy(120);
      return 'done';
    });
    await app.ready();
    // The first second after start-up is let through (start-up blocks the loop, and that is no crowd).
    await new Promise((r) => setTimeout(r, STARTUP_GRACE_MS));
  });

  after(async () => {
    await app.close();
    await db.cleanup();
  });

  test('a blocked event loop sheds with 503 + Retry-After, then recovers without a restart', async () => {
    // Building the app held the loop too: wait for a calm sample first.
    assert.ok(await until(() => !app.isUnderPressure(), 3000));
    assert.equal((await app.inject('/accessibility')).statusCode, 200);

    // The loop blocked 150 ms out of every ~155: every sample's delay is far over 30 ms.
    const blocker = setInterval(() => busy(150), 5);
    try {
      assert.ok(await until(() => app.isUnderPressure(), 3000), 'the delay is noticed');

      const page = await app.inject('/accessibility');
      assert.equal(page.statusCode, 503);
      assert.equal(page.headers['retry-after'], '7');
      assert.equal(page.headers['cache-control'], 'no-store');
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /<html lang="ja"/);
      assert.match(page.body, /ただいまアクセスが集中しています。7秒ほど待ってから/);
      assert.match(page.body, /href="\/accessibility">このページをもう一度読み込む/, 'a link to try the same page again');

      const en = await app.inject('/en/accessibility');
      assert.equal(en.statusCode, 503);
      assert.match(en.body, /<html lang="en"/);
      assert.match(en.body, /Please wait about 7 seconds/);

      const api = await app.inject({ url: '/api/v1/openapi.json', headers: { 'accept-language': 'en' } });
      assert.equal(api.statusCode, 503);
      assert.equal(api.headers['retry-after'], '7');
      assert.deepEqual(api.json(), { error: { code: 'overloaded', message: 'The portal is very busy at the moment. Please wait about 7 seconds and try again.', details: [] } });
      const apiJa = await app.inject('/api/v1/openapi.json');
      assert.match(apiJa.json().error.message, /^ただいまアクセスが集中しています/);

      // Assets are never shed (the 503 page itself needs its stylesheet).
      assert.equal((await app.inject('/assets/tokens.css')).statusCode, 200);
    } finally {
      clearInterval(blocker);
    }

    // Load gone: the next samples are under the limit and requests are served again.
    assert.ok(await until(async () => (await app.inject('/accessibility')).statusCode === 200, 3000), 'recovers by itself');
    assert.equal(app.isUnderPressure(), false);
  });

  test('within one busy turn of the event loop, requests beyond the allowed delay are shed at once', async () => {
    // Over real sockets: requests that arrive together are read in the same turn of the event loop
    // (app.inject would interleave them as promises instead).
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const sockets = await Promise.all([0, 1, 2].map(() => connection(Number(port))));
    try {
      // Each connection is accepted and read by the server already.
      for (const c of sockets) assert.equal(await c.get('/assets/tokens.css'), 200);
      assert.ok(await until(() => !app.isUnderPressure(), 3000));
      // Sent together: the first blocks the loop for 120 ms, so the two read after it in the same turn
      // would wait longer than 30 ms and are shed without being handled.
      const statuses = await Promise.all(sockets.map((c) => c.get('/test-block')));
      assert.deepEqual(statuses, [200, 503, 503]);
    } finally {
      for (const c of sockets) c.socket.destroy();
    }
    // The next turns start afresh.
    assert.ok(await until(async () => (await app.inject('/accessibility')).statusCode === 200, 3000));
  });

  test('beyond OVERLOAD_MAX_IN_FLIGHT requests in progress (waiting for the database), the next is shed at once', async () => {
    const d = await createTestDatabase('sqlite');
    const config = testConfig({ OVERLOAD_MAX_IN_FLIGHT: '2', OVERLOAD_RETRY_AFTER_SECONDS: '5' });
    const mailer = createMailer({ smtpUrl: 'log', from: config.mailFrom, log: { info() {} } });
    const a = await buildApp({ config, database: d.handle, mailer });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    a.get('/test-wait', async () => {
      await held;
      return 'done';
    });
    await a.ready();
    try {
      const slow = [a.inject('/test-wait'), a.inject('/test-wait')];
      await new Promise((r) => setTimeout(r, 50));
      const third = await a.inject('/accessibility');
      assert.equal(third.statusCode, 503);
      assert.equal(third.headers['retry-after'], '5');
      assert.equal((await a.inject('/assets/app.css')).statusCode, 200, 'assets are not counted');
      release();
      assert.deepEqual((await Promise.all(slow)).map((r) => r.statusCode), [200, 200]);
      assert.equal((await a.inject('/accessibility')).statusCode, 200, 'served again once the others finished');
    } finally {
      await a.close();
      await d.cleanup();
    }
  });

  test('what is never shed, and the page for a hostile path', () => {
    assert.ok(isExemptFromShedding('/assets/app.css'));
    assert.ok(isExemptFromShedding('/health'));
    assert.ok(isExemptFromShedding('/health/live'));
    assert.ok(!isExemptFromShedding('/healthy-living'));
    assert.ok(!isExemptFromShedding('/initiatives'));
    // //host would be a link to another site: the page links home instead.
    const page = overloadPage('//evil.example/x', 5);
    assert.doesNotMatch(page, /href="\/\/evil/);
    assert.match(page, /5秒ほど/);
  });
});
