// The webhook channel of the outbox: POSTs one signed JSON message per delivery, as the Standard
// Webhooks specification describes (https://www.standardwebhooks.com/), and tells the worker what
// happened (delivered / retry / gone / failed). The worker (outbox/worker.ts) owns retries, backoff,
// the dead-letter state and disabling a gone endpoint; this file only sends and classifies.
//
// Throughput (one advisory to a million endpoints): the body is built once per dispatch and language
// and kept in a small bounded cache; each delivery then costs one HMAC over `${id}.${ts}.` + body and a
// request on a keep-alive socket. No per-request DNS when a pooled connection is reused: resolution and
// vetting happen in the connection's `lookup` hook, which node only calls to open a new socket.
//
// SSRF: every new connection resolves the host and refuses it if ANY address is loopback, private,
// link-local, metadata… (src/links/addresses.ts), unless an administrator allowed this endpoint; the
// socket is then handed only the vetted addresses, so a DNS server that answers public at registration
// and 127.0.0.1 now (rebinding) cannot steer it. Literal IP hosts skip node's lookup, so they are vetted
// before the request. Endpoints allowed to reach private addresses use their own agents: a pooled socket
// opened for them can never be reused for an endpoint that is not.
//
// Redirects are NOT followed. Standard Webhooks receivers acknowledge with 2xx; a 3xx usually means a
// wrong URL (http→https, a moved path) that its owner should fix, and following it would need every hop
// re-vetted and the signed POST re-sent to a host the owner never registered. A 3xx is 'failed' (dead at
// once, visible in the delivery log with its Location) rather than retried: retrying cannot change it.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from '../links/addresses.ts';
import type { ChannelSender, DispatchMessage, OutgoingDelivery, SendOutcome } from '../outbox/model.ts';
import { bareHost, firstPrivate, resolveHost, systemResolver, type ResolvedAddress, type Resolver } from './url.ts';

export interface WebhookSenderOptions {
  userAgent: string;
  /** From opening the connection to the end of the answer. */
  timeoutMs: number;
  /** Deliveries in flight at once (the worker enforces it; the agents size their pools by it). */
  concurrency: number;
  /** Replaces DNS (tests: a resolver that changes its answer). */
  resolve?: Resolver;
  /** Longest Retry-After honoured; the worker caps it again with its own maximum. */
  maxRetryAfterMs?: number;
}

/** Bytes of a response body read (and thrown away) so its socket can be reused; beyond it the socket is dropped. */
const MAX_DRAIN_BYTES = 64 * 1024;
/** Bodies kept: one per dispatch and language. A fan-out works on one or two dispatches at a time. */
const BODY_CACHE_SIZE = 64;
/** Parsed endpoint URLs kept (many endpoints share a URL shape; a million distinct ones simply miss). */
const URL_CACHE_SIZE = 4096;
const RETRY_STATUSES = new Set([408, 409, 425, 429]);

/** The Standard Webhooks event type of a dispatch: advisory.published, advisory.corrected, event.published… */
export function eventTypeOf(dispatch: DispatchMessage): string {
  return `${dispatch.payload.topic}.${dispatch.payload.action}`;
}

/**
 * The JSON body. `data` is the DispatchPayload as written by the publisher (titles and summaries in both
 * languages, so the schema is one); `locale` says which language the endpoint's owner chose for display.
 */
export function webhookBody(dispatch: DispatchMessage, locale: 'ja' | 'en'): string {
  return JSON.stringify({ type: eventTypeOf(dispatch), timestamp: dispatch.createdAt, locale, data: dispatch.payload });
}

/** The key bytes of a "whsec_…" secret (base64 after the prefix), as Standard Webhooks libraries decode it. */
export function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

/** webhook-signature: "v1," + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)). */
export function signatureOf(key: Buffer, messageId: string, timestamp: number, body: Buffer | string): string {
  return 'v1,' + createHmac('sha256', key).update(`${messageId}.${timestamp}.`).update(body).digest('base64');
}

/** Retry-After as delay-seconds or an HTTP date, in ms from now (never negative), capped. */
export function parseRetryAfter(value: string | string[] | undefined, maxMs: number, now = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(maxMs, Math.max(0, ms));
}

/** What an HTTP answer means for the delivery (the worker acts on it). */
export function classifyResponse(status: number, headers: http.IncomingHttpHeaders, maxRetryAfterMs: number): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 410) return { kind: 'gone', status, error: 'HTTP 410 Gone: the endpoint was disabled' };
  if (status >= 300 && status < 400) {
    const location = typeof headers.location === 'string' ? headers.location.slice(0, 300) : '';
    return { kind: 'failed', status, error: `HTTP ${status} redirect${location ? ` to ${location}` : ''}: redirects are not followed, register the final URL` };
  }
  if (status >= 500 || RETRY_STATUSES.has(status)) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'], maxRetryAfterMs);
    return retryAfterMs === undefined ? { kind: 'retry', status, error: `HTTP ${status}` } : { kind: 'retry', status, error: `HTTP ${status}`, retryAfterMs };
  }
  return { kind: 'failed', status, error: `HTTP ${status}` };
}

/** A connection refused by the address policy: the socket was never opened. */
class RefusedAddress extends Error {
  readonly code = 'ERR_WEBHOOK_PRIVATE_ADDRESS';
}

interface ParsedEndpoint {
  https: boolean;
  host: string;
  port: number | undefined;
  path: string;
  /** A literal IP host that the address policy refuses (names are vetted at connection time). */
  literalPrivate: boolean;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
}

function pickAddresses(addresses: ResolvedAddress[], family: number | undefined): ResolvedAddress[] {
  const wanted = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
  return wanted.length ? wanted : addresses;
}

/** A `lookup` for net.connect that resolves with `resolve`, optionally refuses private answers, and connects only to what it returned. */
function lookupWith(resolve: Resolver, guard: boolean): LookupFunction {
  return (hostname, opts, callback) => {
    resolveHost(hostname, resolve).then((addresses) => {
      if (!addresses) {
        const err = Object.assign(new Error(`dns: ${hostname} not found`), { code: 'ENOTFOUND' });
        return (callback as (e: Error) => void)(err);
      }
      if (guard) {
        const blocked = firstPrivate(addresses);
        if (blocked !== undefined) return (callback as (e: Error) => void)(new RefusedAddress(`refused: ${hostname} resolves to the private address ${blocked}`));
      }
      const list = pickAddresses(addresses, opts.family as number | undefined);
      if (opts.all) (callback as unknown as (err: null, all: ResolvedAddress[]) => void)(null, list);
      else callback(null, list[0]!.address, list[0]!.family);
    }, (callback as (e: Error) => void));
  };
}

export function createWebhookSender(options: WebhookSenderOptions): ChannelSender & { close(): Promise<void> } {
  const { userAgent, timeoutMs } = options;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 24 * 3600_000;
  const resolve = options.resolve ?? systemResolver;
  // Pools as large as the concurrency: a fan-out to one receiver (a partner's gateway, the benchmark's
  // loopback sink) keeps every in-flight request on its own reused socket. LIFO reuses the warmest
  // socket and lets the others idle out; idle sockets close after 15 s (receivers often close at 5–60 s).
  const agentOptions = { keepAlive: true, keepAliveMsecs: 1000, maxSockets: options.concurrency, maxFreeSockets: options.concurrency, scheduling: 'lifo' as const, timeout: 15_000 };
  const agents = {
    guarded: { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) },
    open: { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) },
  };
  const guardedLookup = lookupWith(resolve, true);
  // Endpoints allowed private addresses still go through the injected resolver (tests), unvetted.
  const openLookup = options.resolve ? lookupWith(resolve, false) : undefined;

  const bodies = new Map<string, Buffer>();
  const bodyOf = (dispatch: DispatchMessage, locale: 'ja' | 'en'): Buffer => {
    const key = `${dispatch.id}:${locale}`;
    let body = bodies.get(key);
    if (!body) {
      if (bodies.size >= BODY_CACHE_SIZE) bodies.delete(bodies.keys().next().value!);
      body = Buffer.from(webhookBody(dispatch, locale));
      bodies.set(key, body);
    }
    return body;
  };

  const endpoints = new Map<string, ParsedEndpoint | null>();
  const endpointOf = (raw: string): ParsedEndpoint | null => {
    let e = endpoints.get(raw);
    if (e !== undefined) return e;
    try {
      const u = new URL(raw);
      const host = bareHost(u);
      e =
        u.protocol === 'https:' || u.protocol === 'http:'
          ? { https: u.protocol === 'https:', host, port: u.port ? Number(u.port) : undefined, path: `${u.pathname}${u.search}`, literalPrivate: isIP(host) !== 0 && isPrivateAddress(host) }
          : null;
    } catch {
      e = null;
    }
    if (endpoints.size >= URL_CACHE_SIZE) endpoints.delete(endpoints.keys().next().value!);
    endpoints.set(raw, e);
    return e;
  };

  // The worker passes one signal to every send of a batch. One abort listener per signal (not one per
  // request, as http.request's own `signal` option would add) ends every request still in flight.
  const inflight = new WeakMap<AbortSignal, Set<http.ClientRequest>>();
  const track = (signal: AbortSignal, req: http.ClientRequest) => {
    let set = inflight.get(signal);
    if (!set) {
      const requests = new Set<http.ClientRequest>();
      set = requests;
      inflight.set(signal, requests);
      signal.addEventListener('abort', () => {
        for (const r of requests) r.destroy(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      }, { once: true });
    }
    set.add(req);
    req.once('close', () => set.delete(req));
  };

  const post = (e: ParsedEndpoint, allowPrivate: boolean, headers: http.OutgoingHttpHeaders, body: Buffer, signal: AbortSignal): Promise<Answer> =>
    new Promise<Answer>((resolvePromise, reject) => {
      const pool = allowPrivate ? agents.open : agents.guarded;
      let settled = false;
      let answer: Answer | null = null;
      const settle = (err: Error | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (answer) resolvePromise(answer);
        else reject(err ?? new Error('no answer'));
      };
      const req = (e.https ? https : http).request(
        {
          method: 'POST',
          host: e.host,
          port: e.port,
          path: e.path,
          headers,
          agent: e.https ? pool.https : pool.http,
          lookup: allowPrivate ? openLookup : guardedLookup,
        },
        (res) => {
          answer = { status: res.statusCode ?? 0, headers: res.headers };
          let bytes = 0;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            // A receiver that streams a large answer loses its socket rather than our time.
            if (bytes > MAX_DRAIN_BYTES) {
              res.destroy();
              settle(null);
            }
          });
          res.on('end', () => settle(null));
          // The status is known; a reset while its body was read changes nothing.
          res.on('error', () => settle(null));
          res.on('close', () => settle(null));
        },
      );
      const timer = setTimeout(() => req.destroy(Object.assign(new Error(`timeout after ${timeoutMs} ms`), { code: 'ETIMEDOUT_WEBHOOK' })), timeoutMs);
      req.on('error', (err) => settle(Object.assign(err, { reusedSocket: req.reusedSocket })));
      track(signal, req);
      req.end(body);
    });

  return {
    channel: 'webhook',
    concurrency: options.concurrency,
    async send(delivery: OutgoingDelivery, signal: AbortSignal): Promise<SendOutcome> {
      const { target } = delivery;
      if (!target.webhookUrl || !target.webhookSecret) return { kind: 'failed', error: 'the subscription has no webhook URL or secret' };
      const e = endpointOf(target.webhookUrl);
      if (!e) return { kind: 'failed', error: 'invalid webhook URL' };
      if (e.literalPrivate && !target.allowPrivate) return { kind: 'failed', error: `refused: ${e.host} is a private address` };
      if (!e.https && !target.allowPrivate) return { kind: 'failed', error: 'refused: plain http is only allowed for endpoints an administrator allowed' };

      if (signal.aborted) return { kind: 'retry', error: 'aborted (the worker is stopping)' };
      const body = bodyOf(delivery.dispatch, target.locale);
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: http.OutgoingHttpHeaders = {
        'content-type': 'application/json',
        'content-length': body.length,
        'user-agent': userAgent,
        'webhook-id': delivery.messageId,
        'webhook-timestamp': timestamp,
        'webhook-signature': signatureOf(secretBytes(target.webhookSecret), delivery.messageId, timestamp, body),
      };
      for (let attempt = 0; ; attempt++) {
        try {
          const answer = await post(e, target.allowPrivate, headers, body, signal);
          return classifyResponse(answer.status, answer.headers, maxRetryAfterMs);
        } catch (err) {
          const x = err as NodeJS.ErrnoException & { reusedSocket?: boolean };
          // A pooled socket the receiver closed while idle: node's documented remedy is to send again at
          // once on a fresh socket (the receiver never saw the request; if it did, the id dedupes it).
          if (attempt === 0 && x.reusedSocket && (x.code === 'ECONNRESET' || x.code === 'EPIPE') && !signal.aborted) continue;
          return outcomeOfError(x, signal);
        }
      }
    },
    async close() {
      for (const pool of [agents.guarded, agents.open]) {
        pool.http.destroy();
        pool.https.destroy();
      }
      bodies.clear();
      endpoints.clear();
    },
  };
}

function outcomeOfError(err: NodeJS.ErrnoException, signal: AbortSignal): SendOutcome {
  if (err instanceof RefusedAddress) return { kind: 'failed', error: err.message };
  if (err.code === 'ETIMEDOUT_WEBHOOK') return { kind: 'retry', error: err.message };
  if (signal.aborted || err.name === 'AbortError') return { kind: 'retry', error: 'aborted (the worker is stopping)' };
  const code = err.code ? `${err.code}: ` : '';
  return { kind: 'retry', error: `${code}${(err.message ?? 'network error').split('\n')[0]!.slice(0, 200)}` };
}
