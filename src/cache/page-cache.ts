// The page cache: public pages kept as rendered bytes, with their gzip and brotli forms, served with an
// ETag (304 when the visitor already has them).
//
// Key: the request's path and query (the language is in the path: /en/…) plus the versions of the data
// the route is made of (cached-routes.ts, versions.ts). Any committed write to that data moves its version
// (database triggers), so the next request renders afresh: no stale page after an edit, on any instance,
// whoever wrote. A page is also rendered again after PAGE_CACHE_TTL_SECONDS, for pages that change with the
// time alone (upcoming events, advisories that expire).
//
// Never cached: a request carrying a session cookie or an Authorization header (personal pages), any
// response that sets a cookie or carries a CSRF token, any status but 200, streamed bodies. The cache is in
// this process's memory (PAGE_CACHE_MB, least recently used evicted first); instances share the versions
// (the database), not the bytes.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants as zlibConstants, gzip, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LRUCache } from 'lru-cache';
import { cachedDomains } from './cached-routes.ts';
import { DatabaseVersions, type VersionSource } from './versions.ts';
import { adoptCspNonce, existingCspNonce } from '../web/csp-nonce.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

declare module 'fastify' {
  interface FastifyInstance {
    /** The data versions (cache/versions.ts). */
    versions: VersionSource;
    pageCache: PageCacheStats;
  }
  interface FastifyRequest {
    pageCache: RequestCacheState | null;
  }
}

type Encoding = 'br' | 'gzip';

interface Entry {
  version: string;
  expires: number;
  etag: string;
  contentType: string;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  /** The encodings already compressed well (or being compressed well). */
  well?: Set<Encoding>;
  /** The CSP nonce the page's scripts were rendered with; every hit's policy names it (web/csp-nonce.ts). */
  nonce?: string;
}

interface RequestCacheState {
  key: string;
  version: string;
  /** Served from the cache: the response must not be stored again. */
  hit: boolean;
}

export interface PageCacheStats {
  hits: number;
  misses: number;
  stored: number;
  /** Responses the cache declined to keep (cookies, CSRF tokens, streams, not 200). */
  declined: number;
  /** Bytes held now (all encodings). */
  bytes(): number;
}

/** What caches and browsers are told: keep it, but ask every time (ETag makes the answer a cheap 304). */
export const PUBLIC_CACHE_CONTROL = 'public, no-cache';
/** Bodies smaller than this are sent as they are. */
const MIN_COMPRESS = 1024;
const CSRF_FIELD = Buffer.from('name="_csrf"');

function entrySize(e: Entry, key: string): number {
  // The key and the entry's own fields are counted roughly, so that many small pages cannot overrun the budget.
  return e.identity.length + (e.br?.length ?? 0) + (e.gzip?.length ?? 0) + key.length + 200;
}

/** br when the client takes it, else gzip, else none (q=0 refuses). */
export function chooseEncoding(accept: string | undefined): Encoding | null {
  if (!accept) return null;
  let gz = false;
  for (const part of accept.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/.test(p));
    if (refused) continue;
    if (name === 'br') return 'br';
    if (name === 'gzip' || name === '*') gz = true;
  }
  return gz ? 'gzip' : null;
}

/**
 * Two qualities. A miss is compressed quickly, on the event loop (brotli 3 or gzip 1: about 0.5 ms for a
 * 53 KB catalogue page, 8.4 KB in brotli). A page that is asked for again is worth more: at its first hit
 * it is compressed again in the thread pool (brotli 5 or gzip 6: 7.1 KB, 1.3 ms) and the better bytes
 * replace the quick ones. (Measured on the 10,000-initiative bench catalogue.)
 */
function compressQuick(encoding: Encoding, body: Buffer): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 3, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body, { level: 1 });
}

function compressWell(encoding: Encoding, body: Buffer): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipAsync(body, { level: 6 });
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

export const pageCachePlugin = fp(async function pageCachePlugin(app: FastifyInstance) {
  const { config } = app.deps;
  const versions = app.deps.versions ?? new DatabaseVersions(app.deps.database);
  const now = () => (app.deps.now?.() ?? new Date()).getTime();
  const ttlMs = config.pageCache.ttlSeconds * 1000;
  const sessionCookie = /(?:^|;\s*)(?:__Host-)?lm_session=/;
  const store =
    config.pageCache.maxBytes > 0
      ? new LRUCache<string, Entry>({ maxSize: config.pageCache.maxBytes, sizeCalculation: entrySize })
      : null;
  const stats: PageCacheStats = { hits: 0, misses: 0, stored: 0, declined: 0, bytes: () => store?.calculatedSize ?? 0 };
  app.decorate('versions', versions);
  app.decorate('pageCache', stats);
  app.decorateRequest('pageCache', null);

  async function send(req: FastifyRequest, reply: FastifyReply, e: Entry, key: string): Promise<FastifyReply> {
    if (e.nonce) adoptCspNonce(reply, e.nonce);
    reply.header('etag', e.etag).header('cache-control', PUBLIC_CACHE_CONTROL).header('vary', 'Accept-Encoding');
    if (etagMatches(req.headers['if-none-match'], e.etag)) return reply.code(304).send();
    reply.code(200).header('content-type', e.contentType);
    const enc = e.identity.length >= MIN_COMPRESS ? chooseEncoding(req.headers['accept-encoding']) : null;
    if (!enc) return reply.send(e.identity);
    let body = e[enc];
    if (!body) {
      // The encoding this client wants is not made yet: make it once, keep it beside the others.
      body = e[enc] = compressQuick(enc, e.identity);
      if (store?.peek(key) === e) store.set(key, e);
    }
    upgrade(e, enc, key);
    return reply.header('content-encoding', enc).send(body);
  }

  /** At a page's first hit, its quick bytes are replaced by better ones, made in the thread pool. */
  function upgrade(e: Entry, enc: Encoding, key: string): void {
    e.well ??= new Set();
    if (e.well.has(enc)) return;
    e.well.add(enc);
    compressWell(enc, e.identity).then(
      (b) => {
        if (b.length < (e[enc]?.length ?? Infinity)) e[enc] = b;
        if (store?.peek(key) === e) store.set(key, e);
      },
      () => e.well?.delete(enc),
    );
  }

  // The lookup runs as the cached routes' own onRequest hook, after the rate limit's (also per route, added
  // by @fastify/rate-limit when the route is declared): a cache hit still counts against the client's limit.
  const lookup = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const domains = cachedDomains(req.routeOptions.url);
    if (!domains) return;
    const cookie = req.headers.cookie;
    if ((cookie && sessionCookie.test(cookie)) || req.headers.authorization) return;
    let version: string;
    try {
      version = await versions.current(domains);
    } catch (err) {
      // The database did not answer: render without the cache (the route will say what went wrong).
      req.log.warn({ err }, 'data versions unreadable; page not cached');
      return;
    }
    const key = req.url;
    req.pageCache = { key, version, hit: false };
    if (!store) return;
    const e = store.get(key);
    if (e && e.version === version && e.expires > now()) {
      req.pageCache.hit = true;
      stats.hits++;
      return send(req, reply, e, key);
    }
    stats.misses++;
  };
  app.addHook('onRoute', (route) => {
    if (!cachedDomains(route.url)) return;
    const own = route.onRequest;
    route.onRequest = [...(own === undefined ? [] : Array.isArray(own) ? own : [own]), lookup] as typeof route.onRequest;
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const pc = req.pageCache;
    if (!pc || pc.hit) return payload;
    if (reply.statusCode !== 200 || reply.hasHeader('set-cookie') || reply.hasHeader('content-encoding') || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
      stats.declined++;
      return payload;
    }
    const identity = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (identity.includes(CSRF_FIELD)) {
      stats.declined++;
      return payload;
    }
    // Only a page whose bytes carry the nonce (it has a <script>) keeps it: the others' bytes, and so their
    // ETags, stay the same from one render to the next.
    const nonce = existingCspNonce(reply.raw);
    const entry: Entry = {
      ...(nonce && identity.includes(`nonce="${nonce}"`) ? { nonce } : {}),
      version: pc.version,
      expires: now() + ttlMs,
      etag: `W/"${createHash('sha1').update(identity).digest('base64url').slice(0, 22)}"`,
      contentType: String(reply.getHeader('content-type') ?? 'application/octet-stream'),
      identity,
    };
    reply.header('etag', entry.etag).header('cache-control', PUBLIC_CACHE_CONTROL).header('vary', 'Accept-Encoding');
    const enc = identity.length >= MIN_COMPRESS ? chooseEncoding(req.headers['accept-encoding']) : null;
    if (enc) entry[enc] = compressQuick(enc, identity);
    if (store) {
      store.set(pc.key, entry);
      stats.stored++;
    }
    if (etagMatches(req.headers['if-none-match'], entry.etag)) {
      reply.code(304);
      return '';
    }
    if (enc) {
      reply.header('content-encoding', enc);
      return entry[enc];
    }
    return identity;
  });
});
