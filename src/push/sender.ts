// The web push channel (RFC 8030 protocol, RFC 8291 aes128gcm encryption, RFC 8292 VAPID).
//
// Throughput: a national advisory goes to every push subscriber at once, so nothing that can be done
// once is done per message.
//   - The VAPID JWT (an ES256 signature) is made once per push-service origin and reused until an hour
//     before it expires (12 h lifetime); a 401/403 from that origin drops it so the next message signs
//     afresh.
//   - The notification text is rendered once per dispatch and language; only the tag (the message id)
//     differs per recipient.
//   - Requests go through keep-alive agents (one for https, one for http), at most `concurrency`
//     sockets per push service: after the first message, each one is a write on an open connection.
//   What remains per message is what must be: a fresh ECDH key pair, the ECDH with the browser's key,
//   HKDF and AES-GCM (aes128gcmEncrypter), and the request itself.
//
// SSRF: push endpoints come from browsers, i.e. from anyone. Unless `allowPrivate` (tests and
// benchmarks), an endpoint must be https and every address its host resolves to must be public
// (links/addresses.ts). The check sits in the sockets' `lookup` hook, so the connection goes to the
// address that was vetted (no DNS-rebinding gap); kept-alive sockets were all opened through it.
// Node does not call `lookup` for IP literals, so those are checked before the request.
import { createCipheriv, createECDH, createHmac, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { promises as dns, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress } from '../links/addresses.ts';
import type { ChannelSender, DispatchPayload, OutgoingDelivery, SendOutcome } from '../outbox/model.ts';

export interface PushSenderOptions {
  vapid: { publicKey: string; privateKey: string; subject: string };
  /** One request, from connecting to the end of the answer. */
  timeoutMs: number;
  /** Requests in flight at once (the worker's limit), and sockets per push service. */
  concurrency: number;
  /** Let endpoints be http: and resolve to loopback / private addresses (tests and benchmarks only). */
  allowPrivate: boolean;
  /** Replaces the DNS lookup (tests). */
  resolve?: (host: string) => Promise<LookupAddress[]>;
  /** The clock for VAPID expiry (tests). */
  now?: () => number;
}

/** The JSON the service worker (push/service-worker.ts) shows. Kept small: push services limit payloads to ~4 KB. */
export interface PushNotification {
  title: string;
  body: string;
  url: string;
  /** The message id: a repeated delivery replaces the notification instead of showing it twice. */
  tag: string;
  severity?: string;
  /** Language of the text (the subscription's). */
  lang: 'ja' | 'en';
  topic: DispatchPayload['topic'];
  action: DispatchPayload['action'];
}

const VAPID_LIFETIME_S = 12 * 3600;
/** Re-sign when less than this is left: a push service may check `exp` against a clock that runs ahead. */
const VAPID_RENEW_MARGIN_S = 3600;
const BODY_MAX = 180;
const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
const WEEK_S = 7 * DAY_S;

const PREFIX: Record<'ja' | 'en', Record<DispatchPayload['action'], string>> = {
  ja: { published: '【注意喚起】', corrected: '【訂正】', withdrawn: '【取り下げ】' },
  en: { published: '[Advisory] ', corrected: '[Correction] ', withdrawn: '[Withdrawn] ' },
};
const TOPIC_PREFIX: Record<'ja' | 'en', Record<'event' | 'material', string>> = {
  ja: { event: '【イベント】', material: '【新しい教材】' },
  en: { event: '[Event] ', material: '[New material] ' },
};

/** Title of the notification: what kind of message it is, then the subject's title. */
export function notificationTitle(p: DispatchPayload, locale: 'ja' | 'en'): string {
  const title = p.title[locale] || p.title.ja;
  if (p.action !== 'published') return PREFIX[locale][p.action] + title;
  return (p.topic === 'advisory' ? PREFIX[locale].published : TOPIC_PREFIX[locale][p.topic]) + title;
}

/** The first lines of the summary (or of the note of a correction / withdrawal), cut at BODY_MAX characters. */
export function notificationBody(p: DispatchPayload, locale: 'ja' | 'en'): string {
  const source = (p.action !== 'published' && p.note ? p.note[locale] || p.note.ja : '') || p.summary[locale] || p.summary.ja;
  const text = source
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  const chars = [...text];
  return chars.length <= BODY_MAX ? text : `${chars.slice(0, BODY_MAX - 1).join('')}…`;
}

/**
 * How long the push service keeps the message for a device that is offline (TTL, seconds): an advisory
 * until the end of its last day (at most a week, a day when it has none); an event until it starts;
 * a new material a week. Never less than an hour: a correction or withdrawal must still arrive.
 */
export function timeToLive(p: DispatchPayload, nowMs: number): number {
  const until = (iso: string | null | undefined, fallback: number) => {
    if (!iso) return fallback;
    const end = new Date(iso.length === 10 ? `${iso}T23:59:59+09:00` : iso).getTime();
    if (Number.isNaN(end)) return fallback;
    return Math.min(WEEK_S, Math.max(HOUR_S, Math.floor((end - nowMs) / 1000)));
  };
  if (p.topic === 'advisory') return until(p.validUntil, DAY_S);
  if (p.topic === 'event') return until(p.startsAt, DAY_S);
  return WEEK_S;
}

/** RFC 8030 Urgency: an emergency or a warning wakes the device; events and materials can wait for it. */
export function urgencyOf(p: DispatchPayload): 'high' | 'normal' | 'low' {
  if (p.topic === 'advisory') return p.severity === 'emergency' || p.severity === 'warning' ? 'high' : 'normal';
  return 'low';
}

/**
 * RFC 8030 Topic: a message still waiting at the push service is replaced by a newer one on the same
 * subject (a correction replaces the undelivered original). Base64url alphabet, at most 32 characters.
 */
export function topicOf(p: DispatchPayload): string {
  return `${p.topic}-${p.subjectId}`.slice(0, 32);
}

class Refused extends Error {
  readonly code = 'EPUSHREFUSED';
}

interface CachedVapid {
  header: string;
  exp: number;
}

interface RenderedText {
  /** The JSON of the notification up to the tag's value. */
  prefix: string;
  ttl: string;
  urgency: string;
  topic: string;
}

export function createPushSender(options: PushSenderOptions): ChannelSender {
  const now = options.now ?? Date.now;
  const { publicKey, privateKey, subject } = options.vapid;
  // The key is checked now: a broken key pair must stop the worker's start, not fail each message.
  const agentOptions = { keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency, scheduling: 'lifo' as const };
  const agents = { 'https:': new https.Agent(agentOptions), 'http:': new http.Agent(agentOptions) };
  const signVapid = vapidSigner(publicKey, privateKey, subject);
  const encrypt = aes128gcmEncrypter();
  const vapidByOrigin = new Map<string, CachedVapid>();
  // One rendering per dispatch and language. Deliveries come in dispatch order, so a handful is plenty.
  const rendered = new Map<string, RenderedText>();
  const resolve = options.resolve ?? ((host: string) => dns.lookup(host, { all: true, verbatim: true }));

  function vapidHeader(origin: string): string {
    const nowS = Math.floor(now() / 1000);
    const cached = vapidByOrigin.get(origin);
    if (cached && cached.exp - nowS > VAPID_RENEW_MARGIN_S) return cached.header;
    const exp = nowS + VAPID_LIFETIME_S;
    const header = signVapid(origin, exp);
    vapidByOrigin.set(origin, { header, exp });
    return header;
  }

  function textOf(d: OutgoingDelivery): RenderedText {
    const locale = d.target.locale === 'en' ? 'en' : 'ja';
    const key = `${d.dispatch.id}:${locale}`;
    let r = rendered.get(key);
    if (!r) {
      const p = d.dispatch.payload;
      const full = JSON.stringify({
        title: notificationTitle(p, locale),
        body: notificationBody(p, locale),
        url: p.url[locale] || p.url.ja,
        severity: p.severity,
        lang: locale,
        topic: p.topic,
        action: p.action,
        tag: '',
      } satisfies PushNotification);
      r = { prefix: full.slice(0, -3), ttl: String(timeToLive(p, now())), urgency: urgencyOf(p), topic: topicOf(p) };
      if (rendered.size >= 16) rendered.delete(rendered.keys().next().value!);
      rendered.set(key, r);
    }
    return r;
  }

  // Hands the socket only addresses that passed the policy; a refusal surfaces as a request error.
  const lookup = (host: string, opts: { family?: number; all?: boolean }, callback: (...args: any[]) => void) => {
    resolve(host).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error('dns: no address'), { code: 'ENOTFOUND' }));
        if (!options.allowPrivate && addresses.some((a) => isPrivateAddress(a.address))) return callback(new Refused('refused: private address'));
        const wanted = opts.family === 4 || opts.family === 6 ? addresses.filter((a) => a.family === opts.family) : addresses;
        const list = wanted.length ? wanted : addresses;
        if (opts.all) callback(null, list);
        else callback(null, list[0]!.address, list[0]!.family);
      },
      (err) => callback(err),
    );
  };

  // The worker passes one signal for a whole batch: one listener per signal, not one per request
  // (hundreds of listeners on one AbortSignal is a leak warning, and each add/remove costs).
  const aborters = new WeakMap<AbortSignal, Set<() => void>>();
  function onAbortOf(signal: AbortSignal, fn: () => void): () => void {
    let set = aborters.get(signal);
    if (!set) {
      const fns = (set = new Set());
      aborters.set(signal, fns);
      signal.addEventListener('abort', () => [...fns].forEach((f) => f()), { once: true });
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  async function send(d: OutgoingDelivery, signal: AbortSignal): Promise<SendOutcome> {
    const { pushEndpoint, pushP256dh, pushAuth } = d.target;
    if (!pushEndpoint || !pushP256dh || !pushAuth) return { kind: 'failed', error: 'subscription has no endpoint or keys' };
    let url: URL;
    try {
      url = new URL(pushEndpoint);
    } catch {
      return { kind: 'failed', error: 'invalid endpoint' };
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowPrivate)) return { kind: 'failed', error: 'refused: endpoint must be https' };
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !options.allowPrivate && isPrivateAddress(host)) return { kind: 'failed', error: 'refused: private address' };

    const text = textOf(d);
    let body: Buffer;
    try {
      body = encrypt(Buffer.from(pushP256dh, 'base64url'), Buffer.from(pushAuth, 'base64url'), Buffer.from(`${text.prefix}${JSON.stringify(d.messageId)}}`));
    } catch (err) {
      // Keys of the wrong length or not on the curve: this subscription can never be sent to.
      return { kind: 'failed', error: `encryption: ${(err as Error).message.slice(0, 100)}` };
    }
    let authorization: string;
    try {
      authorization = vapidHeader(url.origin);
    } catch (err) {
      return { kind: 'retry', error: `vapid: ${(err as Error).message.slice(0, 100)}` };
    }
    const result = await post(url, host, body, {
      authorization,
      ttl: text.ttl,
      urgency: text.urgency,
      topic: text.topic,
    }, signal);
    if ('error' in result) return result.error;
    const { status, retryAfter } = result;
    if (status >= 200 && status < 300) return { kind: 'delivered', status };
    if (status === 404 || status === 410) return { kind: 'gone', status, error: `push service answered ${status}: subscription expired or unsubscribed` };
    if (status === 401 || status === 403) vapidByOrigin.delete(url.origin);
    if (status === 429 || status === 408 || status >= 500) {
      const retryAfterMs = parseRetryAfter(retryAfter, now());
      return { kind: 'retry', status, error: `push service answered ${status}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    }
    return { kind: 'failed', status, error: `push service answered ${status}` };
  }

  function post(
    url: URL,
    host: string,
    body: Buffer,
    h: { authorization: string; ttl: string; urgency: string; topic: string },
    signal: AbortSignal,
  ): Promise<{ status: number; retryAfter: string | undefined } | { error: SendOutcome }> {
    return new Promise((resolvePromise) => {
      let settled = false;
      const finish = (v: { status: number; retryAfter: string | undefined } | { error: SendOutcome }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        forget();
        resolvePromise(v);
      };
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(
        {
          method: 'POST',
          protocol: url.protocol,
          host,
          port: url.port || undefined,
          path: `${url.pathname}${url.search}`,
          agent: agents[url.protocol as 'https:' | 'http:'],
          lookup: lookup as any,
          headers: {
            'content-type': 'application/octet-stream',
            'content-encoding': 'aes128gcm',
            'content-length': body.length,
            ttl: h.ttl,
            urgency: h.urgency,
            topic: h.topic,
            authorization: h.authorization,
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const retryAfter = res.headers['retry-after'];
          // Read the (small) answer to the end so the socket goes back to the pool.
          res.resume();
          res.on('end', () => finish({ status, retryAfter }));
          res.on('error', () => finish({ status, retryAfter }));
        },
      );
      const onAbort = () => {
        req.destroy();
        finish({ error: { kind: 'retry', error: 'aborted' } });
      };
      const timer = setTimeout(() => {
        req.destroy();
        finish({ error: { kind: 'retry', error: 'timeout' } });
      }, options.timeoutMs);
      let forget = () => {};
      // The error listener comes first: destroying a request (abort, timeout) emits 'error', and an
      // 'error' with no listener would crash the whole worker process.
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof Refused) return finish({ error: { kind: 'failed', error: err.message } });
        const code = err.code ?? err.message.split('\n')[0]!.slice(0, 80);
        finish({ error: { kind: 'retry', error: code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `dns: ${code}` : code } });
      });
      if (signal.aborted) return onAbort();
      forget = onAbortOf(signal, onAbort);
      req.end(body);
    });
  }

  return {
    channel: 'push',
    concurrency: options.concurrency,
    send,
    async close() {
      agents['https:'].destroy();
      agents['http:'].destroy();
    },
  };
}

const KEY_INFO = Buffer.from('WebPush: info\0');
const CEK_INFO = Buffer.from('Content-Encoding: aes128gcm\0\x01');
const NONCE_INFO = Buffer.from('Content-Encoding: nonce\0\x01');
const ONE = Buffer.from([1]);
const LAST_RECORD = Buffer.from([2]);
const RECORD_SIZE = 4096;

/**
 * RFC 8291 message encryption (aes128gcm content coding of RFC 8188, one record). Written here rather
 * than through webpush.encrypt because, measured side by side, it is 15–40 % faster: the ECDH object
 * is made once and only its key pair is renewed per message (a fresh ephemeral key for every message,
 * as RFC 8291 requires), the keys are not converted to base64 and back, and the output is written
 * into one buffer. Checked in the tests by two independent decryptions (node:crypto HKDF, and http_ece,
 * the library web-push uses).
 */
export function aes128gcmEncrypter(): (uaPublic: Buffer, authSecret: Buffer, plaintext: Buffer) => Buffer {
  const ecdh = createECDH('prime256v1');
  return (uaPublic, authSecret, plaintext) => {
    if (uaPublic.length !== 65 || uaPublic[0] !== 4) throw new Error('p256dh must be an uncompressed P-256 point (65 bytes)');
    if (authSecret.length !== 16) throw new Error('auth must be 16 bytes');
    if (plaintext.length + 1 + 16 + 86 > RECORD_SIZE) throw new Error('payload too large for one record');
    const asPublic = ecdh.generateKeys();
    // Throws when the point is not on the curve: the subscription's key is unusable.
    const secret = ecdh.computeSecret(uaPublic);
    const prkKey = createHmac('sha256', authSecret).update(secret).digest();
    const ikm = createHmac('sha256', prkKey).update(KEY_INFO).update(uaPublic).update(asPublic).update(ONE).digest();
    const salt = randomBytes(16);
    const prk = createHmac('sha256', salt).update(ikm).digest();
    const cek = createHmac('sha256', prk).update(CEK_INFO).digest().subarray(0, 16);
    const nonce = createHmac('sha256', prk).update(NONCE_INFO).digest().subarray(0, 12);
    const cipher = createCipheriv('aes-128-gcm', cek, nonce);
    // Header: salt (16) | record size (4) | key id length (1) | key id = our ephemeral public key (65).
    const out = Buffer.allocUnsafe(86 + plaintext.length + 1 + 16);
    salt.copy(out, 0);
    out.writeUInt32BE(RECORD_SIZE, 16);
    out[20] = 65;
    asPublic.copy(out, 21);
    let offset = 86;
    offset += cipher.update(plaintext).copy(out, offset);
    offset += cipher.update(LAST_RECORD).copy(out, offset);
    offset += cipher.final().copy(out, offset);
    cipher.getAuthTag().copy(out, offset);
    return out;
  };
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The Authorization header of RFC 8292 ("vapid t=<JWT>, k=<public key>") for one push-service origin.
 * Signed here with node:crypto rather than webpush.getVapidHeaders: that one refuses every subject but
 * https: and mailto:, while a development or test BASE_URL (the default subject) is http://. The
 * signing key is imported once per sender, not per signature.
 */
export function vapidSigner(publicKey: string, privateKey: string, subject: string): (audience: string, exp: number) => string {
  const pub = Buffer.from(publicKey, 'base64url');
  if (pub.length !== 65 || pub[0] !== 4) throw new Error('VAPID public key must be an uncompressed P-256 point (65 bytes)');
  const key = createPrivateKey({
    format: 'jwk',
    key: { kty: 'EC', crv: 'P-256', d: privateKey, x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33, 65).toString('base64url') },
  });
  const header = b64json({ typ: 'JWT', alg: 'ES256' });
  return (aud, exp) => {
    const input = `${header}.${b64json({ aud, exp, sub: subject })}`;
    const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
    return `vapid t=${input}.${signature.toString('base64url')}, k=${publicKey}`;
  };
}

function b64json(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}
