// `tsx bench/delivery-only.ts`: only the delivery benchmark (the same code `npm run bench` runs last).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { runDeliveryBench } from './delivery.ts';
import { fmt, recordFigures, type Figure } from './figures.ts';

const opts = {
  subscribers: Number(process.env.BENCH_DELIVERY_SUBSCRIBERS ?? 1_000_000),
  seconds: Number(process.env.BENCH_DELIVERY_SECONDS ?? 15),
  emailSubscribers: Number(process.env.BENCH_EMAIL_SUBSCRIBERS ?? 20_000),
  pushSubscribers: Number(process.env.BENCH_PUSH_SUBSCRIBERS ?? 50_000),
};
const figures: Figure[] = [];
/** The alerting's figures for the one table (bench/summary.ts): delivery rate per channel and engine. */
function record(r: { engine: string; delivery: Record<string, string | number>[] }) {
  for (const row of r.delivery)
    figures.push({ figure: `advisory delivery, ${r.engine}, ${row.channel} to ${fmt(Number(row.subscribers))} subscribers`, measured: `${fmt(Number(row['delivered/s']))}/s`, target: '', ok: '' });
  recordFigures('alerting', figures);
}
const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const dir = mkdtempSync(join(tmpdir(), 'lastmile-delivery-'));
try {
  if (engines.includes('sqlite')) {
    const h = openDatabase(`file:${join(dir, 'd.sqlite')}`);
    await migrateToLatest(h);
    record(await runDeliveryBench('SQLite', h, opts));
    await h.destroy();
  }
  if (engines.includes('postgres')) {
    const admin = process.env.BENCH_PG_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `lastmile_delivery_${process.pid}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    const h = openDatabase(u.toString());
    try {
      await migrateToLatest(h);
      record(await runDeliveryBench('PostgreSQL', h, opts));
    } finally {
      await h.destroy();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
