// Developer helper: CPU-profile N renders of one URL against a generated catalogue at /tmp/prof.sqlite.
// Usage: node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/profile-page.mts URL [N]
import { openDatabase } from '../src/db/database.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createMailer } from '../src/mail/smtp.ts';
const h = openDatabase('file:/tmp/prof.sqlite');
const config = loadConfig({ LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' });
const app = await buildApp({ config, database: h, mailer: createMailer({ smtpUrl: 'log', from: config.mailFrom, log: { info() {} } }) });
const url = process.argv[2] ?? '/initiatives';
const n = Number(process.argv[3] ?? 100);
for (let i = 0; i < 10; i++) await app.inject(url);
const s = performance.now();
for (let i = 0; i < n; i++) await app.inject(url);
console.log(url, ((performance.now() - s) / n).toFixed(2), 'ms per request');
await app.close();
await h.destroy();
