// A push service on 127.0.0.1 for tests and the benchmark, written independently of the sender: it
// plays the browser too (holds the subscription's private key) and
//   - decrypts each message itself (RFC 8291 on RFC 8188 aes128gcm, with node:crypto's ECDH, hkdfSync
//     and AES-GCM, written apart from the sender's encryption), and
//   - verifies the VAPID Authorization header (RFC 8292): the ES256 signature against the key in k=,
//     and the aud / exp / sub claims.
// It answers each path with the status the test set for it (201 by default).
import { createECDH, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BrowserKeys {
  ecdh: ECDH;
  /** What the browser sends us: base64url of the uncompressed public key and of the auth secret. */
  p256dh: string;
  auth: string;
}

export function browserKeys(): BrowserKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { ecdh, p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}

/** RFC 8291 §3.4 + RFC 8188 §2: one aes128gcm record from an application server, opened by the user agent. */
export function decryptAes128gcm(body: Buffer, keys: BrowserKeys): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const records = body.subarray(21 + idlen);
  if (idlen !== 65) throw new Error(`keyid must be the 65-byte ECDH public key, got ${idlen}`);
  if (records.length > rs) throw new Error('more than one record: a push message fits in one');
  const uaPublic = keys.ecdh.getPublicKey();
  const ecdhSecret = keys.ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, Buffer.from(keys.auth, 'base64url'), keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(records.subarray(records.length - 16));
  const padded = Buffer.concat([decipher.update(records.subarray(0, records.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero or more 0x00 of padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('last record delimiter 0x02 missing');
  return padded.subarray(0, end);
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
  /** The JWT itself, to see whether the sender reused it. */
  token: string;
  /** The k= public key. */
  key: string;
}

/** Parses and verifies "vapid t=<JWT>, k=<key>"; throws on any problem. */
export function verifyVapid(header: string | undefined, expected: { publicKey: string; audience: string; subject: string; nowS?: number }): VapidClaims {
  const m = /^vapid t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`not a VAPID header: ${header}`);
  const [, token, key] = m as unknown as [string, string, string];
  if (key !== expected.publicKey) throw new Error('k= is not the VAPID public key');
  const [h, p, s] = token.split('.') as [string, string, string];
  const head = JSON.parse(Buffer.from(h, 'base64url').toString());
  if (head.alg !== 'ES256') throw new Error(`alg ${head.alg}`);
  const pub = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({ format: 'jwk', key: { kty: 'EC', crv: 'P-256', x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') } });
  const signature = Buffer.from(s, 'base64url');
  if (signature.length !== 64) throw new Error('ES256 signature must be 64 bytes (r || s)');
  if (!verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)) throw new Error('bad signature');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { aud: string; exp: number; sub: string };
  const nowS = expected.nowS ?? Math.floor(Date.now() / 1000);
  if (claims.aud !== expected.audience) throw new Error(`aud ${claims.aud}, expected ${expected.audience}`);
  if (!(claims.exp > nowS && claims.exp <= nowS + 24 * 3600)) throw new Error(`exp ${claims.exp} not within 24 h of ${nowS}`);
  if (claims.sub !== expected.subject) throw new Error(`sub ${claims.sub}, expected ${expected.subject}`);
  return { ...claims, token, key };
}

export interface ReceivedPush {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Decrypted JSON, or null when it could not be decrypted / verified (see error). */
  message: Record<string, unknown> | null;
  vapid: VapidClaims | null;
  error: string | null;
}

export interface LoopbackPushService {
  origin: string;
  /** Endpoint URL for a path ("/sub/1"). */
  endpoint(path: string): string;
  /** The browser keys of a path's subscription (made on first ask). */
  keysFor(path: string): BrowserKeys;
  /** Status (and headers) to answer on a path; default 201. A delay in ms holds the answer. */
  respond(path: string, status: number, headers?: Record<string, string>, delayMs?: number): void;
  received: ReceivedPush[];
  /** Requests answered so far (also when not verifying). */
  count: number;
  /** Skip decryption and verification (benchmark: measure the sender, not this service). */
  verify: boolean;
  close(): Promise<void>;
}

export async function startLoopbackPushService(vapid: { publicKey: string; subject: string }): Promise<LoopbackPushService> {
  const keys = new Map<string, BrowserKeys>();
  const answers = new Map<string, { status: number; headers: Record<string, string>; delayMs: number }>();
  const received: ReceivedPush[] = [];
  let origin = '';
  const service: LoopbackPushService = {
    origin: '',
    endpoint: (path) => `${origin}${path}`,
    keysFor(path) {
      let k = keys.get(path);
      if (!k) keys.set(path, (k = browserKeys()));
      return k;
    },
    respond(path, status, headers = {}, delayMs = 0) {
      answers.set(path, { status, headers, delayMs });
    },
    received,
    count: 0,
    verify: true,
    close: () =>
      new Promise<void>((res) => {
        server.closeAllConnections();
        server.close(() => res());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const answer = answers.get(path) ?? { status: 201, headers: {}, delayMs: 0 };
      if (service.verify) {
        const entry: ReceivedPush = { path, headers: req.headers, message: null, vapid: null, error: null };
        try {
          if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
          entry.vapid = verifyVapid(req.headers.authorization, { publicKey: vapid.publicKey, audience: origin, subject: vapid.subject });
          entry.message = JSON.parse(decryptAes128gcm(Buffer.concat(chunks), service.keysFor(path)).toString('utf8'));
        } catch (err) {
          entry.error = (err as Error).message;
        }
        received.push(entry);
      }
      service.count++;
      const send = () => res.writeHead(answer.status, answer.headers).end();
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  service.origin = origin;
  return service;
}
