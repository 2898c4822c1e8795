// Health probes for the orchestrator and the load balancer (issue 9, operations).
//
// GET /health/live   the process answers: 200 without touching the database. A liveness probe that a busy
//                    or database-less process fails would make systemd or Kubernetes restart it, dropping
//                    every request in flight; only a hung process should fail it.
// GET /health/ready  this instance should get traffic: the database answers `select 1` within
//                    READY_DB_TIMEOUT_MS, the process is not shedding load (web/overload.ts) and not
//                    shutting down. 200 when all hold, else 503 naming the checks that failed, so a load
//                    balancer sends the crowd to the other instances until this one recovers by itself.
//                    Redis is reported but does not fail readiness: without it each instance counts its own
//                    rate limits (cluster/rate-limit-store.ts) and serves normally, and failing every
//                    instance at once over it would turn a degraded mode into an outage.
// GET /health        the same as /health/ready: what a plain uptime monitor means by "is the portal up".
//
// None of them is shed by the overload protection, rate-limited (app.ts allowList) or kept by any cache.
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';

/** A database that takes longer than this to answer `select 1` is treated as not answering. */
export const READY_DB_TIMEOUT_MS = 2000;

export type CheckState = 'ok' | 'failed' | 'unavailable' | 'not_configured' | 'overloaded' | 'shutting_down';

export interface Readiness {
  status: 'ok' | 'unavailable';
  checks: { database: CheckState; redis: CheckState; load: CheckState; lifecycle: CheckState };
  /** Names of the checks that make the instance unready. */
  failed: string[];
}

function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').type('application/json; charset=utf-8');
}

async function healthPlugin(app: FastifyInstance) {
  let shuttingDown = false;
  // preClose runs when app.close() begins (SIGTERM in main.ts), before the server stops accepting: the load
  // balancer's next probe sees 503 and stops sending new requests while the ones in flight finish.
  app.addHook('preClose', (done) => {
    shuttingDown = true;
    done();
  });

  // Probes arrive every few seconds from every balancer; while the database hangs they must not pile up
  // queries: concurrent probes share one.
  let inFlight: Promise<CheckState> | null = null;
  const checkDatabase = (): Promise<CheckState> => {
    inFlight ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<CheckState>((resolve) => {
          timer = setTimeout(() => resolve('failed'), READY_DB_TIMEOUT_MS);
        });
        const query = sql`select 1 as ok`.execute(app.deps.database.db).then(
          () => 'ok' as const,
          () => 'failed' as const,
        );
        return await Promise.race([query, timeout]);
      } finally {
        clearTimeout(timer);
        inFlight = null;
      }
    })();
    return inFlight;
  };

  async function readiness(): Promise<Readiness> {
    const database = await checkDatabase();
    const redisClient = app.deps.redis;
    const redis: CheckState = !redisClient ? 'not_configured' : redisClient.status === 'ready' ? 'ok' : 'unavailable';
    // Decorated by @fastify/under-pressure (web/overload.ts); false when every limit is off.
    const load: CheckState = app.isUnderPressure?.() ? 'overloaded' : 'ok';
    const lifecycle: CheckState = shuttingDown ? 'shutting_down' : 'ok';
    const checks = { database, redis, load, lifecycle };
    const failed = (['database', 'load', 'lifecycle'] as const).filter((k) => checks[k] !== 'ok');
    return { status: failed.length ? 'unavailable' : 'ok', checks, failed };
  }

  const hidden = { schema: { hide: true } };
  app.get('/health/live', hidden, async (_req, reply) => noStore(reply).send({ status: 'ok' }));
  const ready = async (_req: unknown, reply: FastifyReply) => {
    const r = await readiness();
    return noStore(reply).code(r.status === 'ok' ? 200 : 503).send(r);
  };
  app.get('/health/ready', hidden, ready);
  app.get('/health', hidden, ready);
}

/** Register in buildApp (app.ts). fastify-plugin: its preClose hook must see the root instance close. */
export const healthRoutes = fp(healthPlugin, { name: 'lastmile-health', fastify: '5.x' });
