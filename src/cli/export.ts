// `export <file>`: every table as dialect-neutral NDJSON (for moving between SQLite and PostgreSQL).
import { Command } from 'commander';
import { openDatabase } from '../db/database.ts';
import { exportData } from '../ops/transfer.ts';
import { action, appVersion, cliConfig, progress, result } from './common.ts';
import { follow, withProgress } from './progress.ts';

export function exportCommand(): Command {
  return new Command('export')
    .summary('export every table to a dialect-neutral file / 全データを書き出す')
    .description('Writes every table of the configured database, in foreign-key order and from one snapshot, as NDJSON (gzip-compressed when <file> ends in .gz). The portal may keep running. Load it with import into an empty database of either kind.')
    .argument('<file>', 'output file (.ndjson or .ndjson.gz)')
    .action(
      action(async (file: string) => {
        const config = cliConfig();
        const handle = openDatabase(config.databaseUrl);
        try {
          progress(`Exporting the ${handle.dialect} database…`);
          const c = await withProgress({ label: 'export', unit: 'rows' }, (p) => exportData(handle, file, { appVersion: appVersion(), onProgress: follow(p) }), (c) => `${c.tables} tables`);
          result(`Exported ${c.rows} rows of ${c.tables} tables to ${file}. / 書き出しました。`);
        } finally {
          await handle.destroy();
        }
      }),
    );
}
