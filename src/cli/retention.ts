// `retention`: deletes what the retention settings say is no longer kept (delivery logs, ended sessions and
// tokens, unconfirmed or unsubscribed addresses), the same pass the daily job runs (retention/retention.ts).
// For an operator who runs the portal with JOBS_ENABLED=false, or wants it done now (after lowering a period).
import { Command } from 'commander';
import { openDatabase } from '../db/database.ts';
import { runRetention } from '../retention/retention.ts';
import { action, cliConfig, result } from './common.ts';

export function retentionCommand(): Command {
  return new Command('retention')
    .summary('delete personal data and delivery logs past their retention period / 保存期間を過ぎた個人情報・配信記録を削除')
    .description('Deletes settled deliveries older than RETENTION_DELIVERY_DAYS, sessions, email-link tokens and failed sign-ins older than RETENTION_SESSION_DAYS, and email subscriptions left unconfirmed (or bounced) for RETENTION_PENDING_SUBSCRIPTION_DAYS; unsubscribed addresses are erased at once. The daily job does the same.')
    .action(
      action(async () => {
        const config = cliConfig();
        const handle = openDatabase(config.databaseUrl, { poolSize: config.databasePool.size, connectTimeoutMs: config.databasePool.connectTimeoutMs });
        try {
          const counts = await runRetention({ handle, config, now: new Date() });
          result(Object.entries(counts).map(([what, n]) => `${what}: ${n} deleted`).join('\n'));
        } finally {
          await handle.destroy();
        }
      }),
    );
}
