// Configuration comes only from here: read once from the environment, validated, then passed down.
// Behaviour never depends on NODE_ENV.
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
  BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** Seed the shipped data when the database has no initiatives yet. */
  SEED_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Requests per minute one client address may make (pages, API, exports); beyond it, 429 with Retry-After. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Behind a reverse proxy: trust X-Forwarded-For from it ("true", a hop count, or comma-separated addresses). */
  TRUST_PROXY: z.string().default('false'),
  /** Seconds to wait for in-flight requests on SIGTERM before exiting anyway. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(10),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  baseUrl: string;
  logLevel: (typeof LOG_LEVELS)[number];
  seedOnStart: boolean;
  shutdownGraceSeconds: number;
  rateLimitPerMinute: number;
  trustProxy: boolean | number | string[];
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
    baseUrl,
    logLevel: c.LOG_LEVEL,
    seedOnStart: c.SEED_ON_START,
    shutdownGraceSeconds: c.SHUTDOWN_GRACE_SECONDS,
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    trustProxy: c.TRUST_PROXY === 'true' ? true : c.TRUST_PROXY === 'false' ? false : /^\d+$/.test(c.TRUST_PROXY) ? Number(c.TRUST_PROXY) : c.TRUST_PROXY.split(',').map((x) => x.trim()),
  };
}
