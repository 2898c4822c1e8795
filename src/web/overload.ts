// Overload protection: beyond what this process can serve, answer 503 with Retry-After at once instead
// of queueing requests without bound (a crowd after a national warning or a televised campaign).
// @fastify/under-pressure samples event-loop delay, event-loop utilisation and heap every SAMPLE_MS;
// while a sample is over its limit every request is shed in the first onRequest hook, before any other
// work (helmet, session, routing to a handler), and the next sample under the limits lets requests in
// again: recovery needs no restart. On top of the samples, a request that arrives in a turn of the event
// loop that has already run longer than the allowed delay is shed at once (see below). Registered before
// every other plugin so that a shed request costs almost nothing.
//
// Not shed: static assets (cheap, immutable, and the 503 page itself needs the stylesheets) and health
// probes under /health (issue 9 defines them): a liveness check that a busy process fails would make
// the orchestrator restart it, dropping every request in flight and sending the crowd to the others.
// A readiness probe can ask app.isUnderPressure() (decorated by under-pressure) itself.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { h, type VNode } from 'preact';
import type { Config } from '../config.ts';
import { localeFromAcceptLanguage, localePath, splitLocale, type Locale, type Text } from '../i18n/locale.ts';
import { ErrorSummary } from './components.tsx';
import { isApi } from './error-handler.ts';
import { Layout } from './layout.tsx';
import { renderDocument } from './render.ts';

/** How often the load is sampled: the longest a burst runs unchecked, and the shortest a shed lasts. */
export const SAMPLE_MS = 100;
/** After the app is ready, how long the samples of start-up are ignored. */
export const STARTUP_GRACE_MS = 1000;

declare module 'fastify' {
  interface FastifyInstance {
    /** Requests shed so far, for /metrics (ops/metrics.ts). */
    overloadStats: { shed: number };
  }
}

export interface OverloadOptions {
  overload: Config['overload'];
  /** Tests sample faster. */
  sampleIntervalMs?: number;
}

/** Requests that are never shed: static assets and health probes. */
export function isExemptFromShedding(url: string): boolean {
  return url.startsWith('/assets/') || url === '/health' || url.startsWith('/health/') || url.startsWith('/health?');
}

function message(seconds: number): Text {
  return {
    ja: `ただいまアクセスが集中しています。${seconds}秒ほど待ってから、もう一度お試しください。`,
    en: `The portal is very busy at the moment. Please wait about ${seconds} seconds and try again.`,
  };
}

const HEADING: Text = { ja: 'ただいま混み合っています', en: 'The portal is busy' };

/** Stands for the request's path in the rendered page, which is made once per language (see overloadPage). */
const PATH_MARK = '/__lastmile_overload_path__';
/** Stands for the request id, quoted to support (web/logging.ts). */
const ID_MARK = '__lastmile_overload_request_id__';
const pages = new Map<string, string>();

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function renderOverloadPage(locale: Locale, path: string, seconds: number): string {
  const t = (x: Text) => x[locale];
  return renderDocument(
    h(Layout, {
      locale,
      path,
      title: t(HEADING),
      children: [
        h('h1', null, t(HEADING)),
        h(ErrorSummary, { locale, title: t(message(seconds)), details: [] }),
        h('p', null, t({ ja: 'エラーコード: ', en: 'Error code: ' }), '503'),
        h('p', { class: 'lm-request-id' }, t({ ja: 'お問い合わせの際は、次の受付番号をお伝えください: ', en: 'If you contact us, please quote this reference: ' }), h('code', null, ID_MARK)),
        h(
          'ul',
          null,
          h('li', null, h('a', { href: localePath(locale, path) }, t({ ja: 'このページをもう一度読み込む', en: 'Load this page again' }))),
          h('li', null, h('a', { href: localePath(locale, '/help') }, t({ ja: '困ったときは（相談窓口の案内）', en: 'Get help (where to ask)' }))),
        ),
      ],
    }) as VNode,
  );
}

/**
 * The page a person sees: in the page's language, with a link to try the same page again. Shedding must
 * cost almost nothing, or the 503s themselves keep the loop overloaded: the page is rendered once per
 * language and the request's path is put in by a string replacement (escaped as the renderer would).
 */
export function overloadPage(url: string, seconds: number, requestId = ''): string {
  const { locale, path } = splitLocale(url);
  // A path like //host would be a link to another site; such a request gets the home page's link.
  const safePath = path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/';
  const key = `${locale}:${seconds}`;
  let page = pages.get(key);
  if (page === undefined) pages.set(key, (page = renderOverloadPage(locale, PATH_MARK, seconds)));
  return page.replaceAll(PATH_MARK, escapeAttribute(safePath)).replace(ID_MARK, escapeAttribute(requestId));
}

/** The 503 in the documented Problem format: JSON under /api/ in the caller's language, else a page. */
function shed(req: FastifyRequest, reply: FastifyReply, seconds: number): string | object {
  reply
    .code(503)
    .header('retry-after', String(seconds))
    // Not to be kept by a cache in front: the next request may well be served.
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff');
  if (isApi(req.url)) {
    const locale: Locale = localeFromAcceptLanguage(req.headers['accept-language']);
    reply.type('application/json; charset=utf-8');
    return { error: { code: 'overloaded', message: message(seconds)[locale], details: [] } };
  }
  // helmet has not run for a shed request: the page gets the one policy it needs.
  reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'self'; frame-ancestors 'none'");
  return overloadPage(req.url, seconds, req.id);
}

async function overloadPlugin(app: FastifyInstance, options: OverloadOptions) {
  const o = options.overload;
  const stats = { shed: 0 };
  app.decorate('overloadStats', stats);
  // Start-up (migrations, seeding, the first index builds) blocks the loop before the server listens; the
  // samples taken then are not a crowd. The first second after the app is ready is let through.
  let graceUntil = Number.POSITIVE_INFINITY;
  app.addHook('onReady', async () => {
    graceUntil = performance.now() + STARTUP_GRACE_MS;
  });
  await app.register(underPressure, {
    // Not shorter than the allowed delay: under-pressure reads an interval without a single loop sample (one
    // turn longer than the interval) as an infinite delay, so with 100 ms a burst of twenty 5 ms requests
    // handled in one turn would shed everything for the next interval although no one waited 1 s
    // (measured: a third of the answers were 503 at 180 req/s with the default 1,000 ms limit).
    sampleInterval: options.sampleIntervalMs ?? Math.max(SAMPLE_MS, o.maxEventLoopDelayMs),
    // 0 turns a check off (under-pressure reads 0 as "not checked").
    maxEventLoopDelay: o.maxEventLoopDelayMs,
    maxEventLoopUtilization: o.maxEventLoopUtilization,
    // The default ('cumulative') averages since start-up, which a long-running process never leaves.
    eventLoopUtilizationMode: 'interval',
    maxHeapUsedBytes: o.maxHeapBytes,
    retryAfter: o.retryAfterSeconds,
    // Returning a body makes under-pressure send it and stop the request; undefined lets it through.
    pressureHandler: ((req: FastifyRequest, reply: FastifyReply) => {
      if (isExemptFromShedding(req.url) || performance.now() < graceUntil) return undefined;
      stats.shed++;
      return shed(req, reply, o.retryAfterSeconds);
    }) as unknown as (req: FastifyRequest, reply: FastifyReply) => void,
  });
  // The samples above see a backlog only after it happened. On SQLite a request runs to its end in one
  // go (better-sqlite3 is synchronous), so every request that arrived together is handled in the same
  // turn of the event loop: admitted all at once, a hundred of them block the loop for seconds and the
  // 503s wait behind them. So within one turn, once the turn has run longer than the allowed delay, the
  // rest of it is shed at once; the next turn starts afresh (first request always admitted).
  const budget = o.maxEventLoopDelayMs;
  if (budget > 0) {
    let turnStart = 0;
    let inTurn = false;
    const endTurn = () => {
      inTurn = false;
    };
    app.addHook('onRequest', (req, reply, done) => {
      const now = performance.now();
      if (!inTurn) {
        inTurn = true;
        turnStart = now;
        setImmediate(endTurn);
      } else if (now - turnStart > budget && !isExemptFromShedding(req.url)) {
        stats.shed++;
        reply.send(shed(req, reply, o.retryAfterSeconds));
        return;
      }
      done();
    });
  }
  // On PostgreSQL a request waits for a pooled connection while the event loop sits idle, so neither the
  // delay nor the utilisation sees a backlog: a bound on the requests in progress does. Beyond it, 503 at
  // once. Assets and health probes are neither counted nor shed.
  const maxInFlight = o.maxInFlight;
  if (maxInFlight > 0) {
    let inFlight = 0;
    const counted = Symbol('counted');
    type Counted = FastifyRequest & { [counted]?: boolean };
    const release = (req: FastifyRequest) => {
      if ((req as Counted)[counted]) {
        (req as Counted)[counted] = false;
        inFlight--;
      }
    };
    app.addHook('onRequest', (req, reply, done) => {
      if (isExemptFromShedding(req.url)) return done();
      if (inFlight >= maxInFlight) {
        stats.shed++;
        reply.send(shed(req, reply, o.retryAfterSeconds));
        return;
      }
      inFlight++;
      (req as Counted)[counted] = true;
      done();
    });
    app.addHook('onResponse', (req, _reply, done) => {
      release(req);
      done();
    });
    app.addHook('onRequestAbort', (req, done) => {
      release(req);
      done();
    });
  }
}

/** Register first in buildApp (app.ts). fastify-plugin: the hook must cover every route of the app. */
export const overloadProtection = fp(overloadPlugin, { name: 'lastmile-overload', fastify: '5.x' });
