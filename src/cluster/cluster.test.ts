// The shared pieces of several instances against the local Redis (LASTMILE_TEST_REDIS): the rate-limit
// store (counted across instances, this instance's counters while Redis is down) and the once-only guard
// for completed forms. Own key prefixes, deleted afterwards.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis } from './redis.ts';
import { sharedRateLimitStore } from './rate-limit-store.ts';
import { submissionGuard } from './submission-guard.ts';

const REDIS_URL = process.env.LASTMILE_TEST_REDIS ?? '';
const quiet = { info() {}, warn() {} };

/** An "instance": the global limit (3 a minute) and a route of its own (2 a minute), counted in `redis`. */
async function instance(redis: Redis, nameSpace: string): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(rateLimit, { store: sharedRateLimitStore(redis, { nameSpace }), max: 3, timeWindow: 60_000 });
  app.get('/page', async () => 'ok');
  app.post('/login', { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => 'ok');
  await app.ready();
  return app;
}

describe('several instances', { skip: REDIS_URL ? false : 'no Redis (LASTMILE_TEST_REDIS is empty)' }, () => {
  let redis: Redis;
  let redis2: Redis;
  const prefix = `lastmile-test:${randomUUID()}:`;

  before(async () => {
    redis = await connectRedis(REDIS_URL, quiet);
    redis2 = await connectRedis(REDIS_URL, quiet);
  });
  after(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await closeRedis(redis);
    await closeRedis(redis2);
  });

  test('rate limits: the global and a route limit are counted across instances, per client', async () => {
    const a = await instance(redis, `${prefix}rl:`);
    const b = await instance(redis2, `${prefix}rl:`);
    const get = (app: FastifyInstance, ip = '192.0.2.1') => app.inject({ method: 'GET', url: '/page', remoteAddress: ip });
    assert.deepEqual([(await get(a)).statusCode, (await get(b)).statusCode, (await get(a)).statusCode], [200, 200, 200]);
    const refused = await get(b);
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await get(b, '192.0.2.2')).statusCode, 200, 'another client has its own count');
    const post = (app: FastifyInstance) => app.inject({ method: 'POST', url: '/login', remoteAddress: '192.0.2.3' });
    assert.deepEqual([(await post(a)).statusCode, (await post(b)).statusCode, (await post(a)).statusCode], [200, 200, 429], "the route's own limit too");
    await a.close();
    await b.close();
  });

  test('rate limits while Redis is down: each instance counts on its own, nothing fails open or closed', async () => {
    const dead = await connectRedis('redis://127.0.0.1:1', quiet, { readyTimeoutMs: 300 });
    const app = await instance(dead, `${prefix}rl-down:`);
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: 'GET', url: '/page', remoteAddress: '192.0.2.9' })).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 429]);
    await app.close();
    await closeRedis(dead);
  });

  test('a completed form is stored once, whichever instance the second click reaches', async () => {
    const a = submissionGuard(redis, { prefix: `${prefix}sub:` });
    const b = submissionGuard(redis2, { prefix: `${prefix}sub:` });
    const token = randomUUID().replace(/-/g, '');
    assert.equal(await a.first('diagnosis', token), true);
    assert.equal(await b.first('diagnosis', token), false, 'the other instance knows it');
    assert.equal(await b.first('five', token), true, 'per form');
    assert.equal(await a.first('diagnosis', 'short'), true, 'no valid token: always first');
    const alone = submissionGuard(null);
    assert.equal(await alone.first('diagnosis', token), true);
    assert.equal(await alone.first('diagnosis', token), false, 'without Redis: in memory, as before');
  });
});
