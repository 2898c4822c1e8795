// `backup <target>`: a consistent online backup (database + uploaded files + manifest) while the portal runs.
import { Command } from 'commander';
import { createBackup } from '../ops/backup.ts';
import { action, appVersion, bytes, cliConfig, result } from './common.ts';
import { phasedProgress } from './progress.ts';

export function backupCommand(): Command {
  return new Command('backup')
    .summary('take a consistent backup while the portal runs / 稼働中にバックアップ')
    .description(
      'Writes a backup directory: the database (SQLite: online backup API, then an integrity check; PostgreSQL: pg_dump -Fc), the uploaded files of UPLOAD_DIR and a manifest.json with the sha256 of every part. The portal may keep running and writing. If <target> is an existing non-empty directory, a dated backup directory is made inside it.',
    )
    .argument('<target>', 'new backup directory, or an existing directory to put a dated one in')
    .action(
      action(async (target: string) => {
        const config = cliConfig();
        const p = phasedProgress({ database: { label: 'database', unit: 'bytes' }, uploads: { label: 'uploaded files', unit: 'bytes' }, verify: { label: 'verify', unit: 'bytes' } });
        let r;
        try {
          r = await createBackup({ databaseUrl: config.databaseUrl, uploadDir: config.uploads.dir, target, appVersion: appVersion(), log: p.log, onProgress: p.onProgress });
          p.done();
        } catch (err) {
          p.abort();
          throw err;
        }
        const { dir, manifest } = r;
        result(`Backup written to ${dir} (database ${bytes(manifest.database.bytes)}, ${manifest.uploads.files.length} uploaded files ${bytes(manifest.uploads.bytes)}, migration ${manifest.migration}). / バックアップを作成しました。`);
      }),
    );
}
