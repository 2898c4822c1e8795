// `migrate`: applies the migrations this version has and the database has not (the server does it at start too).
import { Command } from 'commander';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { action, cliConfig, result } from './common.ts';

export function migrateCommand(): Command {
  return new Command('migrate')
    .summary('apply pending database migrations / マイグレーションを適用')
    .description('Applies every migration this version of Lastmile has that the database of DATABASE_URL has not, in order (the server does the same when it starts).')
    .action(
      action(async () => {
        const config = cliConfig();
        const handle = openDatabase(config.databaseUrl);
        try {
          const applied = await migrateToLatest(handle);
          result(applied.length ? `Applied ${applied.length} migrations: ${applied.join(', ')}.` : 'The database is up to date. / 最新です。');
        } finally {
          await handle.destroy();
        }
      }),
    );
}
