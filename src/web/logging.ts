// The app's logger options (pino through Fastify), in one place so main.ts and the test that reads the log
// output (ops/logging.test.ts) use exactly the same ones. Every line is one JSON object with the request's
// id (reqId) when it belongs to a request; no line may carry a secret or an address:
// - the request serializer keeps method, path, host and client address — never headers (cookies,
//   Authorization), never a body (passwords, webhook secrets);
// - link tokens in a query (?t=, ?token=: confirmation, management, resume and reset links) are cut out;
// - email addresses anywhere in a line (a message, an error from an SMTP server quoting the recipient, a
//   query string) are replaced by [email] as the line is written: a last net under whatever a future log
//   call passes, at the cost of one regular expression per line.
import type { DestinationStream, LoggerOptions } from 'pino';
import pino from 'pino';
import type { Config } from '../config.ts';

/** Query parameters that carry link tokens (subscriptions, declarations, the self-check's resume link, accounts). */
const TOKEN_QUERY = /([?&](?:t|token)=)[^&#\s"]*/g;
/**
 * An address, also percent-encoded (%40) as it appears in a query string. Every part is bounded (a local part
 * has at most 64 characters, a label 63): unbounded, a logged URL of 16,000 letters would cost the regular
 * expression time quadratic in its length at every request (a denial of service through the log).
 */
const EMAIL = /[A-Za-z0-9._%+-]{1,64}(?:@|%40)[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g;

/** The URL as logged: path and query without link tokens. */
export function loggableUrl(url: string): string {
  return url.replace(TOKEN_QUERY, '$1[redacted]');
}

/** A written log line with every email address and link token taken out. */
export function scrubLine(line: string): string {
  // Most lines hold no @ at all: they cost two substring searches.
  const addressed = line.includes('@') || line.includes('%40') ? line.replace(EMAIL, '[email]') : line;
  return line.includes('t=') || line.includes('token=') ? addressed.replace(TOKEN_QUERY, '$1[redacted]') : addressed;
}

/** Wraps a destination so that what reaches it has been scrubbed (scrubLine). */
export function scrubbingStream(destination: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      destination.write(scrubLine(line));
    },
  };
}

/** Request ids accepted from the trusted proxy (nginx's $request_id is 32 hex digits): short, and nothing to inject. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The request id: the proxy's X-Request-Id when the request came from a trusted proxy and the value is a safe
 * token (so one id follows a request through nginx's log and ours), else a new UUID. From anyone else the
 * header is ignored: a client must not choose the id other people's log lines are filed under. With a hop
 * count or `true` (TRUST_PROXY) every peer is the proxy; with a list of addresses the peer must be one of them.
 */
export function requestIdGenerator(trustProxy: Config['trustProxy']): (req: { headers: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } }) => string {
  const fromProxy: (peer: string | undefined) => boolean = Array.isArray(trustProxy)
    ? (peer) => peer !== undefined && (trustProxy.includes(peer) || trustProxy.includes(peer.replace(/^::ffff:/, '')))
    : () => trustProxy !== false && trustProxy !== 0;
  return (req) => {
    const incoming = req.headers['x-request-id'];
    return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) && fromProxy(req.socket?.remoteAddress) ? incoming : crypto.randomUUID();
  };
}

/** Fastify's logger options: pino with the serializers and redaction above, written to `destination` (default stdout). */
export function loggerOptions(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): LoggerOptions & { stream: DestinationStream } {
  return {
    level: config.logLevel,
    // Belt and braces: the serializer below keeps no headers, but a log call passing a request's headers must not leak them.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie', 'password', '*.password', 'secret', '*.secret', 'webhook_secret', '*.webhook_secret'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; hostname?: string; ip?: string }) => ({
        method: req.method,
        url: loggableUrl(req.url),
        hostname: req.hostname,
        remoteAddress: req.ip,
      }),
    },
    // Synchronous, as pino writes by default: the last lines before a crash or process.exit are not lost.
    stream: scrubbingStream(destination ?? pino.destination({ dest: 1, sync: true })),
  };
}
