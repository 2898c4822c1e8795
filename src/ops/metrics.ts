// GET /metrics in the Prometheus text format (prom-client), for the operators' Prometheus (issue 9).
//
// What is measured, and where:
// - requests, latency and errors: one onResponse hook per request, labelled by the route's pattern
//   (req.routeOptions.url: "/initiatives/:id"), never the raw URL, whose ids and query strings would make a
//   new series per request; unknown paths are all "(unmatched)";
// - queue depth: deliveries pending and dead per channel, counted by two indexed queries when Prometheus
//   scrapes (the partial indexes of migrations 0005 and 0015), kept QUEUE_CACHE_MS so several scrapers cost
//   one count, never per request;
// - deliveries settled by this process's outbox worker (main.ts hands its counts over with
//   setDeliveryCounts); `npm run worker` processes count their own and do not serve HTTP yet;
// - page cache hits and misses, overload sheds, the PostgreSQL pool: read from the objects that already
//   keep them, at scrape time;
// - process metrics (CPU, memory, event-loop lag, GC) from prom-client's collectDefaultMetrics, in one
//   registry per process: tests build many apps in one process, and each call of collectDefaultMetrics
//   starts an event-loop monitor that is never stopped, so it is made once, at the first scrape.
// Everything else lives in a registry per app instance, never prom-client's global one.
//
// Access: with METRICS_TOKEN set, only `Authorization: Bearer <token>`; without it, only requests made on
// this machine that did not pass through a proxy (no X-Forwarded-For / Forwarded / X-Real-IP), since nginx on
// the same machine forwards the internet's requests from loopback too. deploy/nginx.conf refuses /metrics
// as well. Metrics are not public: route names and queue sizes help an attacker time an attack.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DrainCounts } from '../outbox/worker.ts';
import { Problem } from '../web/problem.ts';

/** How long the queue counts are reused between scrapes. */
export const QUEUE_CACHE_MS = 5000;

export interface AppMetrics {
  registry: Registry;
  /** The outbox worker running in this process (main.ts), whose settled deliveries are exported. */
  setDeliveryCounts(read: () => DrainCounts): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/** Whether this request may read the metrics (see the top of the file). */
export function metricsAllowed(req: FastifyRequest, token: string | null): boolean {
  if (token) {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    // Hashes of equal length, so the comparison takes the same time whatever was sent.
    return m !== null && timingSafeEqual(sha256(m[1]!), sha256(token));
  }
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && PROXY_HEADERS.every((h) => req.headers[h] === undefined);
}

const FORBIDDEN = new Problem(403, 'metrics_forbidden', {
  ja: 'このアドレスからは運用メトリクスを読めません。METRICS_TOKEN を設定し、Authorization: Bearer で送ってください。',
  en: 'Metrics cannot be read from here. Set METRICS_TOKEN and send it as Authorization: Bearer.',
});

/** Counters whose values something else keeps: each scrape copies them (prom-client counters cannot be set). */
function copiedCounter(registry: Registry, name: string, help: string, labelNames: string[], read: () => Array<[Record<string, string>, number]>) {
  return new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, Math.max(0, value));
    },
  });
}

async function metricsPlugin(app: FastifyInstance) {
  const registry = new Registry();
  const { database } = app.deps;

  const requests = new Counter({ name: 'lastmile_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status class', labelNames: ['method', 'route', 'status_class'], registers: [registry] });
  const errors = new Counter({ name: 'lastmile_http_errors_total', help: 'HTTP answers with a 4xx or 5xx status, by route pattern and status', labelNames: ['route', 'status'], registers: [registry] });
  // Buckets from a cached page (2 ms) to a slow export (10 s): the 0.1 s bucket is the target of the dashboards' p95.
  const latency = new Histogram({ name: 'lastmile_http_request_duration_seconds', help: 'Time from receiving a request to sending its answer, by route pattern', labelNames: ['method', 'route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry] });

  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? '(unmatched)';
    const status = reply.statusCode;
    requests.inc({ method: req.method, route, status_class: `${Math.floor(status / 100)}xx` });
    if (status >= 400) errors.inc({ route, status: String(status) });
    latency.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    done();
  });

  // Queue depth, counted at scrape time (see the top of the file).
  let queue: { at: number; rows: Array<{ channel: string; status: string; n: number }> } | null = null;
  async function queueRows() {
    if (queue && Date.now() - queue.at < QUEUE_CACHE_MS) return queue.rows;
    const rows: Array<{ channel: string; status: string; n: number }> = [];
    for (const status of ['pending', 'dead'] as const) {
      const r = await database.db
        .selectFrom('deliveries')
        .select(['channel', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('status', '=', status)
        .groupBy('channel')
        .execute();
      for (const x of r) rows.push({ channel: x.channel, status, n: Number(x.n) });
    }
    queue = { at: Date.now(), rows };
    return rows;
  }
  new Gauge({
    name: 'lastmile_outbox_deliveries',
    help: 'Deliveries waiting to be sent (pending, including those backing off) and dead letters, by channel',
    labelNames: ['channel', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const r of await queueRows()) this.set({ channel: r.channel, status: r.status }, r.n);
      } catch {
        // The database is down: the series disappear and lastmile_database_up says why.
      }
    },
  });
  new Gauge({
    name: 'lastmile_database_up',
    help: '1 when the last queue count reached the database, else 0',
    registers: [registry],
    async collect() {
      try {
        await queueRows();
        this.set(1);
      } catch {
        this.set(0);
      }
    },
  });

  let deliveryCounts: (() => DrainCounts) | null = null;
  copiedCounter(registry, 'lastmile_outbox_settled_total', "Deliveries settled by this process's outbox worker, by outcome", ['outcome'], () =>
    deliveryCounts ? Object.entries(deliveryCounts()).map(([outcome, n]) => [{ outcome }, n]) : [],
  );

  // Page cache (cache/page-cache.ts) and overload protection (web/overload.ts) keep their own counts.
  copiedCounter(registry, 'lastmile_page_cache_requests_total', 'Cacheable requests answered from the page cache (hit) or rendered (miss)', ['result'], () =>
    app.pageCache ? [[{ result: 'hit' }, app.pageCache.hits], [{ result: 'miss' }, app.pageCache.misses]] : [],
  );
  new Gauge({
    name: 'lastmile_page_cache_bytes',
    help: 'Bytes of rendered pages (all encodings) held by the page cache',
    registers: [registry],
    collect() {
      this.set(app.pageCache?.bytes() ?? 0);
    },
  });
  copiedCounter(registry, 'lastmile_overload_shed_total', 'Requests answered 503 at once because the process was beyond capacity', [], () => [[{}, app.overloadStats?.shed ?? 0]]);

  // PostgreSQL's pool: connections open, idle, and requests waiting for one (the first sign of a pool too small).
  const pool = database.pool;
  if (pool) {
    new Gauge({
      name: 'lastmile_db_pool_connections',
      help: 'PostgreSQL pool: connections by state (total, idle) and requests waiting for a connection',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  app.decorate('metrics', {
    registry,
    setDeliveryCounts(read: () => DrainCounts) {
      deliveryCounts = read;
    },
  } satisfies AppMetrics);

  const token = app.deps.config.metricsToken;
  app.get('/metrics', { schema: { hide: true } }, async (req, reply: FastifyReply) => {
    if (!metricsAllowed(req, token)) throw FORBIDDEN;
    const text = (await processMetrics().metrics()) + (await registry.metrics());
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
  });
}

/** Register in buildApp (app.ts) before the routes: fastify-plugin, so the hook sees every route. */
export const metricsRoutes = fp(metricsPlugin, { name: 'lastmile-metrics', fastify: '5.x' });
