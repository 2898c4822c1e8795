// Fetches one partner feed without letting the fetch reach the portal's own network, hang, or fill memory.
//
// A feed's address is typed by an outside organisation and fetched from inside the portal's network, so
// it gets the webhooks' address rules (webhooks/url.ts, links/addresses.ts): https only, and no loopback,
// private, link-local, metadata… address, vetted when each connection is opened. The host is resolved
// once per hop, every address vetted, and the socket is handed only those addresses through the `lookup`
// hook, so a DNS server that answers public to the check and 127.0.0.1 to the connection (rebinding)
// cannot steer it (the link checker's technique, links/link-checker.ts). No keep-alive pool: a pooled
// socket would outlive the vetting it was opened under. allowPrivate (an administrator's per-feed flag,
// as webhooks' allow_private; tests use it for their loopback server) lifts the address rules and
// allows plain http.
//
// Redirects are followed by hand, at most MAX_REDIRECTS, each hop vetted again (a public page may redirect
// to http://169.254.169.254/). One deadline covers every lookup, hop and the whole body, so a server that
// never answers or drips a byte a second is cut off; the body is read up to maxBytes and no further.
// Nothing here parses or logs the body.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { bareHost, firstPrivate, resolveHost, systemResolver, type ResolvedAddress, type Resolver } from '../webhooks/url.ts';
import { abortable } from '../links/link-checker.ts';

export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  allowPrivate: boolean;
  userAgent: string;
  /** Validators of the last full answer, sent back so an unchanged feed answers 304. */
  etag: string | null;
  lastModified: string | null;
  /** The scheduler stopping. */
  signal?: AbortSignal;
  /** Replaces DNS (tests). */
  resolve?: Resolver;
  /** Replaces the address policy (tests: treat the loopback feed server as public). Defaults to links/addresses.ts. */
  isBlockedAddress?: (address: string) => boolean;
  /** Plain http without allowPrivate (tests: a loopback server has no certificate). Defaults to allowPrivate. */
  allowHttp?: boolean;
}

export type FetchResult =
  | { kind: 'not_modified' }
  | { kind: 'ok'; body: Buffer; contentType: string; etag: string | null; lastModified: string | null }
  | { kind: 'failed'; code: string; detail: string };

class FetchFailure extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

interface Hop {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer | null;
}

export async function fetchFeed(url: string, options: FetchOptions): Promise<FetchResult> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { kind: 'failed', code: 'bad_redirect', detail: 'invalid address' };
  }
  try {
    for (let redirects = 0; ; redirects++) {
      if (current.protocol !== 'https:' && !(current.protocol === 'http:' && (options.allowHttp ?? options.allowPrivate))) throw new FetchFailure('bad_redirect', `${current.protocol} is not allowed`);
      const addresses = await vet(current, options, signal);
      const hop = await get(current, addresses, options, signal);
      if (REDIRECT_STATUSES.has(hop.status)) {
        const location = typeof hop.headers.location === 'string' ? hop.headers.location : '';
        if (!location) throw new FetchFailure('http_status', `HTTP ${hop.status} without a Location`);
        if (redirects >= MAX_REDIRECTS) throw new FetchFailure('too_many_redirects', `more than ${MAX_REDIRECTS} redirects`);
        try {
          current = new URL(location, current);
        } catch {
          throw new FetchFailure('bad_redirect', 'invalid Location');
        }
        continue;
      }
      if (hop.status === 304) return { kind: 'not_modified' };
      if (hop.status < 200 || hop.status >= 300 || !hop.body) throw new FetchFailure('http_status', `HTTP ${hop.status}`);
      const header = (name: string) => {
        const v = hop.headers[name];
        return typeof v === 'string' && v.length <= 500 ? v : null;
      };
      return { kind: 'ok', body: hop.body, contentType: header('content-type') ?? '', etag: header('etag'), lastModified: header('last-modified') };
    }
  } catch (err) {
    if (err instanceof FetchFailure) return { kind: 'failed', code: err.code, detail: err.detail };
    if (deadline.aborted) return { kind: 'failed', code: 'timeout', detail: `no complete answer within ${options.timeoutMs} ms` };
    if (options.signal?.aborted) return { kind: 'failed', code: 'network', detail: 'aborted (the portal is stopping)' };
    const e = err as NodeJS.ErrnoException;
    return { kind: 'failed', code: 'network', detail: `${e.code ? `${e.code}: ` : ''}${(e.message ?? 'network error').split('\n')[0]!.slice(0, 200)}` };
  }
}

/** The host's addresses, every one allowed (any blocked one refuses the host: the socket could pick it). */
async function vet(target: URL, options: FetchOptions, signal: AbortSignal): Promise<ResolvedAddress[]> {
  const host = bareHost(target);
  const addresses = await abortable(resolveHost(host, options.resolve ?? systemResolver), signal);
  if (!addresses) throw new FetchFailure('dns', `${host} does not resolve`);
  if (!options.allowPrivate) {
    const policy = options.isBlockedAddress;
    const blocked = policy ? addresses.find((a) => policy(a.address))?.address : firstPrivate(addresses);
    if (blocked !== undefined) throw new FetchFailure('private_address', blocked === host ? blocked : `${host} → ${blocked}`);
  }
  return addresses;
}

function get(target: URL, addresses: ResolvedAddress[], options: FetchOptions, signal: AbortSignal): Promise<Hop> {
  const lookup: LookupFunction = (_host, opts, callback) => {
    const wanted = opts.family === 4 || opts.family === 6 ? addresses.filter((a) => a.family === opts.family) : addresses;
    const list = wanted.length ? wanted : addresses;
    if (opts.all) (callback as unknown as (err: null, all: ResolvedAddress[]) => void)(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  };
  const headers: http.OutgoingHttpHeaders = {
    'user-agent': options.userAgent,
    accept: 'text/calendar, application/atom+xml, application/rss+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1',
    // Compressed bodies would make the size limit a limit on the compressed size only.
    'accept-encoding': 'identity',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  return new Promise<Hop>((resolvePromise, reject) => {
    const req = (target.protocol === 'https:' ? https : http).request(
      { method: 'GET', host: bareHost(target), port: target.port || undefined, path: `${target.pathname}${target.search}`, headers, agent: false, signal, lookup },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          // Redirects, 304 and errors: the status is the answer; their bodies are not read.
          res.destroy();
          req.destroy();
          resolvePromise({ status, headers: res.headers, body: null });
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > options.maxBytes) {
          reject(new FetchFailure('too_large', `Content-Length ${declared} > ${options.maxBytes} bytes`));
          res.destroy();
          req.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > options.maxBytes) {
            // Settled first: destroying the response reports the cut as an error of its own.
            reject(new FetchFailure('too_large', `more than ${options.maxBytes} bytes`));
            res.destroy();
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolvePromise({ status, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('the answer was cut off')));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

