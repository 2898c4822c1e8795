// RedisVersions against the local Redis (LASTMILE_TEST_REDIS, set by scripts/run-tests.mjs when Redis
// answers). Each test uses its own key prefix and deletes its keys afterwards; nothing else is touched.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { closeRedis, connectRedis } from '../cluster/redis.ts';
import { RedisVersions, type VersionsClient } from './redis-versions.ts';

const REDIS_URL = process.env.LASTMILE_TEST_REDIS ?? '';
const quiet = { info() {}, warn() {} };

describe('RedisVersions', { skip: REDIS_URL ? false : 'no Redis (LASTMILE_TEST_REDIS is empty)' }, () => {
  let redis: Redis;
  let other: Redis;
  const prefixes: string[] = [];
  const newPrefix = () => {
    const p = `lastmile-test:${randomUUID()}:`;
    prefixes.push(p);
    return p;
  };

  /** A client whose MGET replies arrive `delayMs` late (the read has passed Redis long before), counting MGETs. */
  function slowReplies(client: Redis, delayMs: number): VersionsClient & { mgets: number } {
    const wrapped = {
      mgets: 0,
      mget: (async (...keys: string[]) => {
        wrapped.mgets++;
        const values = await client.mget(...keys);
        await sleep(delayMs);
        return values;
      }) as unknown as Redis['mget'],
      multi: (() => client.multi()) as Redis['multi'],
    };
    return wrapped;
  }

  before(async () => {
    redis = await connectRedis(REDIS_URL, quiet);
    other = await connectRedis(REDIS_URL, quiet);
  });

  after(async () => {
    for (const p of prefixes) {
      const keys = await redis.keys(`${p}*`);
      if (keys.length) await redis.del(...keys);
    }
    await closeRedis(redis);
    await closeRedis(other);
  });

  test('a version per domain: a bump moves only its own domain, and is seen by another instance', async () => {
    const prefix = newPrefix();
    const a = new RedisVersions(redis, { prefix });
    const b = new RedisVersions(other, { prefix });
    const before = await b.current(['content', 'stats']);
    assert.match(before, /^\.\d+\.\d+$/);
    assert.equal(await a.current(['content', 'stats']), before, 'both instances read the same versions');
    const stats0 = await b.current(['stats']);
    await a.bump(['content']);
    const afterContent = await b.current(['content', 'stats']);
    assert.notEqual(afterContent, before);
    assert.equal(await b.current(['stats']), stats0, "a content bump leaves 'stats' alone");
    await a.bump(['stats']);
    assert.notEqual(await b.current(['stats']), stats0);
    await a.close();
    await b.close();
  });

  test('fresh: a call made after a bump was acknowledged never gets the reply of a read that was already in flight', async () => {
    const prefix = newPrefix();
    const writer = new RedisVersions(redis, { prefix });
    // The reader's replies come 30 ms after Redis answered: a read in flight has long passed Redis.
    const slow = slowReplies(other, 30);
    const reader = new RedisVersions(slow, { prefix });
    const start = Number((await reader.current(['content'])).slice(1));
    for (let i = 1; i <= 5; i++) {
      const early = reader.current(['content']); // in flight: it reads before the bump below
      await sleep(5);
      await writer.bump(['content']);
      // Acknowledged: every call from now on must see it, even though a read is in flight.
      const seen = Number((await reader.current(['content'])).slice(1));
      assert.ok(seen >= start + i, `call ${i} after the bump saw ${seen}, expected at least ${start + i}`);
      const earlyValue = Number((await early).slice(1));
      assert.ok(earlyValue < start + i, 'the read in flight really predated the bump (the test checks something)');
    }
  });

  test('fresh under concurrent bumps from several writers', async () => {
    const prefix = newPrefix();
    const writers = [new RedisVersions(redis, { prefix }), new RedisVersions(redis, { prefix })];
    const reader = new RedisVersions(slowReplies(other, 2), { prefix });
    const base = Number((await reader.current(['content'])).slice(1));
    let acknowledged = 0;
    let stop = false;
    // The reader is busy all along: many calls in flight at any moment.
    const hammer = (async () => {
      while (!stop) await Promise.all(Array.from({ length: 20 }, () => reader.current(['content'])));
    })();
    const writing = writers.map(async (w) => {
      for (let i = 0; i < 25; i++) {
        await w.bump(['content']);
        const floor = ++acknowledged; // at least this many bumps were acknowledged before the call below
        const seen = Number((await reader.current(['content'])).slice(1));
        assert.ok(seen >= base + floor, `saw ${seen}, but ${floor} bumps had been acknowledged over ${base}`);
      }
    });
    await Promise.all(writing);
    stop = true;
    await hammer;
  });

  test('coalesced: one MGET in flight at a time, and every call arriving during it shares the next one', async () => {
    const prefix = newPrefix();
    const slow = slowReplies(redis, 20);
    const versions = new RedisVersions(slow, { prefix });
    await versions.current(['content']); // creates the keys
    slow.mgets = 0;
    const first = versions.current(['content']); // starts a read at once
    await sleep(1);
    const during = Array.from({ length: 200 }, (_, i) => versions.current(i % 2 ? ['content'] : ['stats', 'content']));
    const values = await Promise.all([first, ...during]);
    assert.equal(slow.mgets, 2, '201 calls: the read in flight and one shared read after it');
    assert.equal(new Set(values.filter((_, i) => i > 0 && i % 2 === 0)).size, 1, 'the calls that shared a read got the same answer');
    // Idle again: a new call starts its own read at once.
    await versions.current(['content']);
    assert.equal(slow.mgets, 3);
  });

  test('versions never repeat after Redis lost the keys (restart without persistence, eviction)', async () => {
    const prefix = newPrefix();
    const versions = new RedisVersions(redis, { prefix });
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      seen.add(await versions.current(['content', 'stats']));
      await versions.bump(['content']);
      seen.add(await versions.current(['content', 'stats']));
      await redis.del(`${prefix}version:content`, `${prefix}version:stats`);
      await versions.bump(['stats']); // a bump on a lost key starts at a random offset too, not at 1
    }
    seen.add(await versions.current(['content', 'stats']));
    assert.equal(seen.size, 11);
    assert.ok(![...seen].some((v) => /\.(0|1|2)(\.|$)/.test(v)), `no small counters: ${[...seen].join(' ')}`);
  });

  test('Redis down: current() answers at once with a version no cached page has, bump() rejects, start-up does not hang', async () => {
    const t0 = Date.now();
    // Port 1: nothing listens there.
    const dead = await connectRedis('redis://127.0.0.1:1', quiet, { readyTimeoutMs: 500 });
    assert.ok(Date.now() - t0 < 2000, 'connectRedis gave up waiting');
    const versions = new RedisVersions(dead, { prefix: newPrefix() });
    const t1 = Date.now();
    const a = await versions.current(['content']);
    const b = await versions.current(['content']);
    assert.match(a, /^!unavailable/);
    assert.notEqual(a, b, 'never the same answer twice, so nothing cached under it is served');
    await assert.rejects(versions.bump(['content']));
    assert.ok(Date.now() - t1 < 500, `answered in ${Date.now() - t1} ms`);
    await closeRedis(dead);
  });

  test('a bump Redis did not take is made again before this instance trusts its next read', async () => {
    const prefix = newPrefix();
    let failNext = false;
    const flaky = {
      mget: ((...keys: string[]) => redis.mget(...keys)) as unknown as Redis['mget'],
      multi: (() => {
        if (failNext) {
          failNext = false;
          return { set() { return this; }, incr() { return this; }, exec: async () => { throw new Error('connection lost'); } };
        }
        return redis.multi();
      }) as unknown as Redis['multi'],
    };
    const versions = new RedisVersions(flaky, { prefix });
    const observer = new RedisVersions(other, { prefix });
    const before = await versions.current(['content']);
    failNext = true;
    await assert.rejects(versions.bump(['content']));
    assert.equal(await observer.current(['content']), before, 'Redis never got the bump');
    const after = await versions.current(['content']);
    assert.notEqual(after, before, 'the lost bump was made before the read');
    assert.equal(await observer.current(['content']), after, 'and every instance sees it');
  });
});
