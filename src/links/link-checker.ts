// Checks that an initiative's link still answers, without letting the check reach the portal's own network.
//
// SSRF: the host is resolved once per hop and every address it resolves to is vetted (isPrivateAddress).
// Resolving first and letting the HTTP client resolve again to connect would leave a time-of-check /
// time-of-use gap: a hostile DNS server can answer a public address to the check and 127.0.0.1 to the
// connection (DNS rebinding). node's global fetch cannot be told which address to connect to (its
// `dispatcher` must come from the bundled undici, which is not importable), so the request is made with
// node:http / node:https and a `lookup` hook that hands the socket only the addresses already vetted:
// the connection goes where the check looked. TLS still verifies the certificate against the host name
// (and sends it as SNI), because `host` stays the name.
//
// Redirects are followed by hand (at most MAX_REDIRECTS) so that each hop's host goes through the same
// vetting: a public page may redirect to http://169.254.169.254/.
import { promises as dns, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress } from './addresses.ts';

export { isPrivateAddress } from './addresses.ts';

export interface CheckResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export interface CheckOptions {
  /** Covers the whole check: every lookup, request and redirect. */
  timeoutMs: number;
  /** Allow loopback and private addresses (development and tests only). */
  allowPrivate: boolean;
  userAgent: string;
  /** Aborts the check early (the scheduler stopping); the result is then { error: 'aborted' }. */
  signal?: AbortSignal;
  /** Replaces the DNS lookup (tests: a resolver that changes its answer). */
  resolve?: (host: string) => Promise<LookupAddress[]>;
  /** Replaces the address policy (tests: treat one loopback address as public). Defaults to isPrivateAddress. */
  isBlockedAddress?: (address: string) => boolean;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Errors after which a server that choked on HEAD may still answer GET. */
const HEAD_RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'HPE_INVALID_CONSTANT', 'HPE_INVALID_HEADER_TOKEN']);

class CheckFailure extends Error {
  constructor(readonly short: string) {
    super(short);
  }
}

interface Hop {
  status: number;
  location: string | undefined;
}

export async function checkUrl(url: string, options: CheckOptions): Promise<CheckResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { ok: false, statusCode: null, error: 'invalid url' };
  }
  let lastStatus: number | null = null;
  try {
    for (let redirects = 0; ; redirects++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw new CheckFailure('unsupported scheme');
      const addresses = await vet(current, options, signal);
      const hop = await headThenGet(current, addresses, options.userAgent, signal);
      lastStatus = hop.status;
      if (REDIRECT_STATUSES.has(hop.status) && hop.location) {
        if (redirects >= MAX_REDIRECTS) return { ok: false, statusCode: hop.status, error: 'too many redirects' };
        try {
          current = new URL(hop.location, current);
        } catch {
          return { ok: false, statusCode: hop.status, error: 'invalid redirect' };
        }
        continue;
      }
      // A 3xx without a Location (304, 300) is a final answer from a live server.
      const ok = hop.status >= 200 && hop.status < 400;
      return { ok, statusCode: hop.status, error: null };
    }
  } catch (err) {
    return { ok: false, statusCode: null, error: describe(err, timeout, options.signal) ?? (lastStatus === null ? 'failed' : `failed after ${lastStatus}`) };
  }
}

/** The addresses the host resolves to, all of them allowed; throws 'refused: private address' otherwise. */
async function vet(target: URL, options: CheckOptions, signal: AbortSignal): Promise<LookupAddress[]> {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  let addresses: LookupAddress[];
  const family = isIP(host);
  if (family) addresses = [{ address: host, family }];
  else {
    const lookup = options.resolve ?? ((h: string) => dns.lookup(h, { all: true, verbatim: true }));
    addresses = await abortable(lookup(host), signal);
  }
  if (addresses.length === 0) throw new CheckFailure('dns: no address');
  if (!options.allowPrivate || options.isBlockedAddress) {
    const blocked = options.isBlockedAddress ?? isPrivateAddress;
    // Any blocked address refuses the host: the client could be steered to whichever one it tries.
    if (addresses.some((a) => blocked(a.address))) throw new CheckFailure('refused: private address');
  }
  return addresses;
}

async function headThenGet(target: URL, addresses: LookupAddress[], userAgent: string, signal: AbortSignal): Promise<Hop> {
  let head: Hop;
  try {
    head = await request('HEAD', target, addresses, userAgent, signal);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (signal.aborted || !code || !HEAD_RESET_CODES.has(code)) throw err;
    return request('GET', target, addresses, userAgent, signal);
  }
  // Some servers refuse HEAD outright although the page is there.
  if (head.status === 405 || head.status === 501) return request('GET', target, addresses, userAgent, signal);
  return head;
}

function request(method: 'HEAD' | 'GET', target: URL, addresses: LookupAddress[], userAgent: string, signal: AbortSignal): Promise<Hop> {
  return new Promise<Hop>((resolvePromise, reject) => {
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      {
        method,
        protocol: target.protocol,
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        headers: { 'user-agent': userAgent, accept: '*/*' },
        // No keep-alive pool: a pooled socket would outlive the address vetting it was opened under.
        agent: false,
        signal,
        // Connect only to the vetted addresses, whatever the resolver says now (see the top of the file).
        lookup: (_host, opts, callback) => {
          const wanted = opts.family === 4 || opts.family === 6 ? addresses.filter((a) => a.family === opts.family) : addresses;
          const list = wanted.length ? wanted : addresses;
          if (opts.all) (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, list);
          else callback(null, list[0]!.address, list[0]!.family);
        },
      },
      (res) => {
        const hop = { status: res.statusCode ?? 0, location: res.headers.location };
        // The body is not wanted (a GET's may be large): drop the connection now.
        res.destroy();
        req.destroy();
        resolvePromise(hop);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The promise, or the signal's reason as soon as it aborts (partner feeds use it too). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((res, rej) => {
    const onAbort = () => rej(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        res(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        rej(e);
      },
    );
  });
}

/** A short, stable error for the moderators' list: a code, never a stack or a long message. */
function describe(err: unknown, timeout: AbortSignal, external: AbortSignal | undefined): string | null {
  if (err instanceof CheckFailure) return err.short;
  if (timeout.aborted) return 'timeout';
  if (external?.aborted) return 'aborted';
  const e = err as NodeJS.ErrnoException | undefined;
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN' || e?.code === 'ENODATA') return `dns: ${e.code}`;
  if (e?.code) return e.code;
  if (e?.message) return e.message.split('\n')[0]!.slice(0, 120);
  return null;
}
