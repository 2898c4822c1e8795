import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults: port 3000, the SQLite file under ./data, seeding on', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.databaseUrl, 'file:./data/lastmile.sqlite');
  assert.equal(c.baseUrl, 'http://localhost:3000');
  assert.equal(c.seedOnStart, true);
  assert.equal(c.logLevel, 'info');
  assert.equal(c.rateLimitPerMinute, 600);
  assert.equal(c.trustProxy, false);
});

test('TRUST_PROXY takes true, a hop count or a list of addresses', () => {
  assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy, ['10.0.0.1', '10.0.0.2']);
});

test('values from the environment are validated, and every mistake is named', () => {
  const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@db/lastmile', BASE_URL: 'https://portal.example.jp/', LOG_LEVEL: 'warn', NODE_ENV: 'production' });
  assert.equal(c.port, 8080);
  assert.equal(c.baseUrl, 'https://portal.example.jp');
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
    (err: unknown) => err instanceof ConfigError && /PORT/.test(err.message) && /DATABASE_URL/.test(err.message) && /LOG_LEVEL/.test(err.message),
  );
});
