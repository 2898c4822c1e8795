// A benchmark server in its own process, so that the load generator does not share its event loop.
//   BENCH_MODE=app  → the real app on DATABASE_URL (already migrated and seeded)
//   BENCH_MODE=bare → a bare Fastify route answering every GET with the bytes of BENCH_BODY_FILE
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createMailer } from '../src/mail/smtp.ts';

const port = Number(process.env.PORT);
if (process.env.BENCH_MODE === 'bare') {
  const body = readFileSync(process.env.BENCH_BODY_FILE!);
  const encoding = process.env.BENCH_CONTENT_ENCODING;
  const app = Fastify({ logger: false });
  app.get('/*', (_req, reply) => {
    if (encoding) reply.header('content-encoding', encoding);
    return reply.type('text/html; charset=utf-8').send(body);
  });
  await app.listen({ port, host: '127.0.0.1' });
} else {
  const database = openDatabase(process.env.DATABASE_URL!);
  // The load generator is one client: lift the per-client limit so the bench measures the pages.
  // PAGE_CACHE_* and OVERLOAD_* pass through, so a scenario can turn them off.
  const passed = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(PAGE_CACHE_|OVERLOAD_)/.test(k)));
  const config = loadConfig({ BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', JOBS_ENABLED: 'false', ...passed });
  const mailer = createMailer({ smtpUrl: 'log', from: config.mailFrom, log: { info() {} } });
  const app = await buildApp({ config, database, mailer });
  await app.listen({ port, host: '127.0.0.1' });
}
process.send?.('ready');
