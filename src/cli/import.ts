// `import <file>`: loads an export into an empty database of either kind (same ids, same rows).
import { Command } from 'commander';
import { openDatabase } from '../db/database.ts';
import { importData } from '../ops/transfer.ts';
import { action, cliConfig, progress, result } from './common.ts';
import { phasedProgress } from './progress.ts';

export function importCommand(): Command {
  return new Command('import')
    .summary('load an export into an empty database / 空のデータベースへ読み込む')
    .description(
      'Loads a file made by export into the database of DATABASE_URL, which must be empty (a new database or SQLite file; it is migrated first). One transaction: on any error nothing is imported. Search indexes are rebuilt, id sequences set, trigger-maintained figures taken from the export. Do not start the portal on the new database before importing: it would seed it.',
    )
    .argument('<file>', 'a file made by export (.ndjson or .ndjson.gz)')
    .action(
      action(async (file: string) => {
        const config = cliConfig();
        const handle = openDatabase(config.databaseUrl);
        try {
          progress(`Importing into the ${handle.dialect} database…`);
          // The file is read in bytes (its row count is only at its end); the tables are named as they begin.
          const p = phasedProgress({ read: { label: 'import', unit: 'bytes' } });
          let c;
          try {
            c = await importData(handle, file, { log: p.note, onProgress: (done, total) => p.onProgress('read', done, total) });
            p.done();
          } catch (err) {
            p.abort();
            throw err;
          }
          result(`Imported ${c.rows} rows of ${c.tables} tables. / 読み込みました。`);
        } finally {
          await handle.destroy();
        }
      }),
    );
}
