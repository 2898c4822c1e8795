// Configuration comes only from here: read once from the environment, validated, then passed down.
// Behaviour never depends on NODE_ENV.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .min(1)
    .default('file:./data/lastmile.sqlite')
    .refine((v) => v.startsWith('file:') || v.startsWith('postgres://') || v.startsWith('postgresql://') || v === ':memory:', {
      message: 'DATABASE_URL must be file:PATH (SQLite), :memory: or postgres://…',
    }),
  /** PostgreSQL: connections each process keeps in its pool (instances × this must stay under max_connections). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** PostgreSQL: how long a request waits for a connection before it fails with 503 (the server down, or every connection busy). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Seed the shipped data when the database has no initiatives yet. */
  SEED_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Requests per minute one client address may make (pages, API, exports); beyond it, 429 with Retry-After. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Sign-in, registration, password-reset and similar form posts one client address may make per minute. */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Behind a reverse proxy: trust X-Forwarded-For from it ("true", a hop count, or comma-separated addresses). */
  TRUST_PROXY: z.string().default('false'),
  /** Seconds to wait for in-flight requests on SIGTERM before exiting anyway. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(10),
  /** Signs the CSRF and device cookies. Set it (32+ characters) in every deployment, and the same on every instance. */
  COOKIE_SECRET: z.string().min(32, { message: 'COOKIE_SECRET must be at least 32 characters' }).optional(),
  /** Secure cookies (HTTPS only). Defaults to true when BASE_URL is https. */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** Sessions end after this many minutes without a request… */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** …and this many hours after sign-in, whatever the activity. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** smtp://user:pass@host:port or smtps://…; "log" prints each message to the log instead of sending it. */
  SMTP_URL: z
    .string()
    .default('log')
    .refine((v) => v === 'log' || /^smtps?:\/\//.test(v), { message: 'SMTP_URL must be smtp://…, smtps://… or log' }),
  MAIL_FROM: z.string().min(3).default('Lastmile <no-reply@lastmile.invalid>'),
  /** Run scheduled jobs (link checks, freshness reminders) in this process. */
  JOBS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Seconds after start before each scheduled job's first attempt (at most its interval). */
  JOBS_FIRST_RUN_SECONDS: z.coerce.number().int().min(0).max(24 * 3600).default(60),
  /** Minutes between link-check rounds; 0 turns the link checker off. */
  LINK_CHECK_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  /** Links checked per round, at most one per LINK_CHECK_SPACING_MS. */
  LINK_CHECK_BATCH: z.coerce.number().int().min(1).max(10_000).default(50),
  LINK_CHECK_SPACING_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  LINK_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Days before a link is checked again. */
  LINK_CHECK_MAX_AGE_DAYS: z.coerce.number().min(0).max(365).default(7),
  /** Let the link checker reach private and loopback addresses (off: it refuses them, against SSRF). */
  LINK_CHECK_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Minutes between rounds of partner feed fetches (feeds/fetch.ts); 0 turns them off. */
  FEEDS_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  /** Feeds fetched per round at most (those fetched longest ago first). */
  FEEDS_PER_ROUND: z.coerce.number().int().min(1).max(10_000).default(100),
  /** One feed fetch, every redirect and the whole body included. */
  FEEDS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Largest feed body read; a longer one is cut there and reported to its owner. */
  FEEDS_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(5 * 1024 * 1024),
  /** Rows a sheet uploaded on the web may have (bulk import); the command line reads IMPORT_MAX_ROWS too. */
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  /** Hours a previewed import waits for confirmation before its file is deleted. */
  IMPORT_PREVIEW_HOURS: z.coerce.number().min(1).max(24 * 30).default(24),
  /** Where uploaded materials are stored (by content hash), outside the web root. */
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  /** Largest file an organisation may upload, in bytes (larger: refused with 413 and a form error). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(2 * 1024 * 1024 * 1024).default(20 * 1024 * 1024),
  /** Run the delivery worker (advisories to email, webhooks and web push) in this process. */
  DELIVERY_WORKER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** How often an idle worker looks for due deliveries. */
  DELIVERY_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Deliveries one worker claims at a time, per channel. */
  DELIVERY_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  /** A claimed delivery that its worker has not settled by then (it crashed) is due again. */
  DELIVERY_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** Attempts before a delivery goes to the dead-letter state (its owner can replay it). */
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry delay; each later one doubles (with full jitter), up to DELIVERY_RETRY_MAX_SECONDS. */
  DELIVERY_RETRY_BASE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  DELIVERY_RETRY_MAX_SECONDS: z.coerce.number().min(0).max(7 * 24 * 3600).default(6 * 3600),
  /** Messages in flight at once, per channel and worker. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(2000).default(200),
  PUSH_CONCURRENCY: z.coerce.number().int().min(1).max(2000).default(200),
  /** Simultaneous SMTP connections of the subscription mail pool. */
  EMAIL_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** One webhook or push request, from connecting to the end of the answer. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** The VAPID "sub" claim: how a push service reaches the operator (mailto: or https:). Defaults to BASE_URL. */
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https?:\/\/)/, { message: 'VAPID_SUBJECT must start with mailto: or https://' }).optional(),
  /** Let web push go to private or loopback addresses (tests and benchmarks only: push endpoints come from browsers, i.e. from anyone). */
  PUSH_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** redis://… shared by every instance: rate limits and once-only guards. Unset: one instance on its own (page-cache invalidation needs no Redis: the data versions are in the database). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { message: 'REDIS_URL must be redis://… or rediss://…' })
    .optional(),
  /** Memory for rendered public pages (with their gzip and brotli forms), per instance, in MiB; 0 turns the page cache off. */
  PAGE_CACHE_MB: z.coerce.number().int().min(0).max(16_384).default(64),
  /** A cached page is rendered again after this long even without a change (pages that depend on the time: upcoming events). */
  PAGE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Beyond this event-loop delay the portal answers 503 with Retry-After instead of queueing; 0 turns the check off. */
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(200),
  /**
   * Beyond this event-loop utilisation (0–1) the portal answers 503; 0 (the default) turns the check off:
   * a process serving cached pages flat out sits at ≈1 while answering in 2 ms (measured by npm run bench),
   * so utilisation alone is not overload; the event-loop delay is.
   */
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: z.coerce.number().min(0).max(1).default(0),
  /** Beyond this heap in use (MiB) the portal answers 503; 0 turns the check off. */
  OVERLOAD_MAX_HEAP_MB: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** Requests in progress at once in this process (all waiting for the database count); beyond it, 503 at once; 0 turns the bound off. */
  OVERLOAD_MAX_IN_FLIGHT: z.coerce.number().int().min(0).max(1_000_000).default(100),
    /** The Retry-After of an overload 503, in seconds. */
  OVERLOAD_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** Bearer token Prometheus sends to /metrics (Authorization: Bearer …). Unset: /metrics answers only requests made on this machine without a proxy. */
  METRICS_TOKEN: z.string().min(16, { message: 'METRICS_TOKEN must be at least 16 characters' }).optional(),
  /** Settled deliveries (delivered, dead, cancelled) of messages sent more than this many days ago are deleted, then their dispatches. */
  RETENTION_DELIVERY_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Expired sessions, used or expired email-link tokens and failed sign-ins are deleted this many days after they stopped counting. */
  RETENTION_SESSION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Unconfirmed email subscriptions (and addresses disabled because mail to them bounced) are erased after this many days; not less than the 7 days a confirmation link works. */
  RETENTION_PENDING_SUBSCRIPTION_DAYS: z.coerce.number().int().min(7).max(3650).default(7),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** PostgreSQL pool: size and connect timeout (db/database.ts). */
  databasePool: { size: number; connectTimeoutMs: number };
  baseUrl: string;
  logLevel: (typeof LOG_LEVELS)[number];
  seedOnStart: boolean;
  shutdownGraceSeconds: number;
  rateLimitPerMinute: number;
  authRateLimitPerMinute: number;
  trustProxy: boolean | number | string[];
  cookieSecret: string;
  /** True when no COOKIE_SECRET was configured and a random one was made for this process. */
  cookieSecretGenerated: boolean;
  secureCookies: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  smtpUrl: string;
  mailFrom: string;
  jobsEnabled: boolean;
  jobsFirstRunSeconds: number;
  linkCheck: {
    intervalMinutes: number;
    batch: number;
    spacingMs: number;
    timeoutMs: number;
    maxAgeDays: number;
    allowPrivate: boolean;
  };
  /** Partner feeds (feeds/fetch.ts). */
  feeds: {
    intervalMinutes: number;
    perRound: number;
    timeoutMs: number;
    maxBytes: number;
  };
  imports: { maxRows: number; previewHours: number };
  uploads: {
    dir: string;
    maxBytes: number;
  };
  delivery: {
    workerEnabled: boolean;
    pollMs: number;
    batch: number;
    leaseSeconds: number;
    maxAttempts: number;
    retryBaseSeconds: number;
    retryMaxSeconds: number;
    webhookConcurrency: number;
    pushConcurrency: number;
    emailConcurrency: number;
    timeoutMs: number;
    vapidSubject: string;
    pushAllowPrivate: boolean;
  };
  /** Shared state for several instances; null: this process is on its own. */
  redisUrl: string | null;
  pageCache: {
    /** 0: off. */
    maxBytes: number;
    ttlSeconds: number;
  };
  overload: {
    /** 0 turns each check off. */
    maxEventLoopDelayMs: number;
    maxEventLoopUtilization: number;
    maxHeapBytes: number;
    maxInFlight: number;
    retryAfterSeconds: number;
  };
  /** Bearer token for /metrics; null: loopback requests without a proxy only (ops/metrics.ts). */
  metricsToken: string | null;
  /** Days personal data and delivery logs are kept (retention/retention.ts). */
  retention: {
    deliveryDays: number;
    sessionDays: number;
    pendingSubscriptionDays: number;
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): Config {
  // Treat empty strings as unset, as shells and .env files often leave them empty.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const baseUrl = (c.BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    databasePool: { size: c.DATABASE_POOL_SIZE, connectTimeoutMs: c.DATABASE_CONNECT_TIMEOUT_MS },
    baseUrl,
    logLevel: c.LOG_LEVEL,
    seedOnStart: c.SEED_ON_START,
    shutdownGraceSeconds: c.SHUTDOWN_GRACE_SECONDS,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    authRateLimitPerMinute: c.AUTH_RATE_LIMIT_PER_MINUTE,
    cookieSecret: c.COOKIE_SECRET ?? randomBytes(32).toString('base64url'),
    cookieSecretGenerated: c.COOKIE_SECRET === undefined,
    secureCookies: c.COOKIE_SECURE ? c.COOKIE_SECURE === 'true' : baseUrl.startsWith('https://'),
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: c.SESSION_ABSOLUTE_HOURS,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    jobsEnabled: c.JOBS_ENABLED,
    jobsFirstRunSeconds: c.JOBS_FIRST_RUN_SECONDS,
    linkCheck: {
      intervalMinutes: c.LINK_CHECK_INTERVAL_MINUTES,
      batch: c.LINK_CHECK_BATCH,
      spacingMs: c.LINK_CHECK_SPACING_MS,
      timeoutMs: c.LINK_CHECK_TIMEOUT_MS,
      maxAgeDays: c.LINK_CHECK_MAX_AGE_DAYS,
      allowPrivate: c.LINK_CHECK_ALLOW_PRIVATE,
    },
    feeds: { intervalMinutes: c.FEEDS_INTERVAL_MINUTES, perRound: c.FEEDS_PER_ROUND, timeoutMs: c.FEEDS_TIMEOUT_MS, maxBytes: c.FEEDS_MAX_BYTES },
    uploads: { dir: c.UPLOAD_DIR, maxBytes: c.UPLOAD_MAX_BYTES },
    imports: { maxRows: c.IMPORT_MAX_ROWS, previewHours: c.IMPORT_PREVIEW_HOURS },
    delivery: {
      workerEnabled: c.DELIVERY_WORKER,
      pollMs: c.DELIVERY_POLL_MS,
      batch: c.DELIVERY_BATCH,
      leaseSeconds: c.DELIVERY_LEASE_SECONDS,
      maxAttempts: c.DELIVERY_MAX_ATTEMPTS,
      retryBaseSeconds: c.DELIVERY_RETRY_BASE_SECONDS,
      retryMaxSeconds: c.DELIVERY_RETRY_MAX_SECONDS,
      webhookConcurrency: c.WEBHOOK_CONCURRENCY,
      pushConcurrency: c.PUSH_CONCURRENCY,
      emailConcurrency: c.EMAIL_CONCURRENCY,
      timeoutMs: c.WEBHOOK_TIMEOUT_MS,
      vapidSubject: c.VAPID_SUBJECT ?? baseUrl,
      pushAllowPrivate: c.PUSH_ALLOW_PRIVATE,
    },
    redisUrl: c.REDIS_URL ?? null,
    pageCache: { maxBytes: c.PAGE_CACHE_MB * 1024 * 1024, ttlSeconds: c.PAGE_CACHE_TTL_SECONDS },
    overload: {
      maxEventLoopDelayMs: c.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
      maxEventLoopUtilization: c.OVERLOAD_MAX_EVENT_LOOP_UTILIZATION,
      maxHeapBytes: c.OVERLOAD_MAX_HEAP_MB * 1024 * 1024,
      maxInFlight: c.OVERLOAD_MAX_IN_FLIGHT,
      retryAfterSeconds: c.OVERLOAD_RETRY_AFTER_SECONDS,
    },
    metricsToken: c.METRICS_TOKEN ?? null,
    retention: { deliveryDays: c.RETENTION_DELIVERY_DAYS, sessionDays: c.RETENTION_SESSION_DAYS, pendingSubscriptionDays: c.RETENTION_PENDING_SUBSCRIPTION_DAYS },
    trustProxy: c.TRUST_PROXY === 'true' ? true : c.TRUST_PROXY === 'false' ? false : /^\d+$/.test(c.TRUST_PROXY) ? Number(c.TRUST_PROXY) : c.TRUST_PROXY.split(',').map((x) => x.trim()),
  };
}
