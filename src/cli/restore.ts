// `restore <backup>`: puts a backup back into the configured database and UPLOAD_DIR.
import { Command } from 'commander';
import { restoreBackup } from '../ops/backup.ts';
import { action, cliConfig, result } from './common.ts';
import { phasedProgress } from './progress.ts';

export function restoreCommand(): Command {
  return new Command('restore')
    .summary('restore a backup into the configured database / バックアップから復元')
    .description(
      'Checks the backup against its manifest (sha256 of every part), then restores the database (SQLite: the file replaced atomically; the portal and workers must be stopped. PostgreSQL: pg_restore --clean --if-exists in one transaction into the database of DATABASE_URL, which must exist) and copies the uploaded files into UPLOAD_DIR. A database that already holds data is refused unless --force.',
    )
    .argument('<backup>', 'a directory made by backup')
    .option('--force', 'replace a database that already holds data / 既存のデータを置き換える')
    .action(
      action(async (source: string, opts: { force?: boolean }) => {
        const config = cliConfig();
        const p = phasedProgress({ database: { label: 'database', unit: 'bytes' }, uploads: { label: 'uploaded files', unit: 'bytes' }, verify: { label: 'verify', unit: 'bytes' } });
        let r;
        try {
          r = await restoreBackup({ databaseUrl: config.databaseUrl, uploadDir: config.uploads.dir, source, force: opts.force, log: p.log, onProgress: p.onProgress });
          p.done();
        } catch (err) {
          p.abort();
          throw err;
        }
        result(`Restored the backup of ${r.manifest.createdAt} (${r.manifest.dialect}, migration ${r.manifest.migration}); ${r.uploadsCopied} uploaded files copied. Start the portal: it applies any newer migrations. / 復元しました。`);
      }),
    );
}
