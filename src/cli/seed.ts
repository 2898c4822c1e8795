// `seed`: the shipped catalogue (organisations, strategy, initiatives) and what the server seeds with it on
// first start (campaigns, desks and help, self-check definitions, survey baselines), for an operator who runs
// the portal with SEED_ON_START=false or prepares a database before the first start.
import { Command } from 'commander';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { OpsError } from '../ops/errors.ts';
import { prepareData } from '../seed/seed.ts';
import { action, cliConfig, EXIT, progress, result } from './common.ts';

async function organisationCount(handle: DatabaseHandle): Promise<number> {
  const row = await handle.db.selectFrom('organisations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function seedCommand(): Command {
  return new Command('seed')
    .summary('load the shipped catalogue into an empty database / 初期データを投入')
    .description(
      'Migrates the database of DATABASE_URL first (as the server does at start), then loads the shipped catalogue (organisations, strategy measures, initiatives) and what comes with it (campaigns, desks and help flows, self-check definitions, survey baselines), the same as the server does on its first start with SEED_ON_START=true. Only into a database whose catalogue is empty (no organisation; accounts made by create-admin do not count): otherwise it refuses (exit 1), or with --if-empty says "already seeded" and succeeds.',
    )
    .option('--if-empty', 'a database that already has a catalogue is not an error: exit 0 / 既にデータがあれば何もせず成功')
    .action(
      action(async (opts: { ifEmpty?: boolean }) => {
        const config = cliConfig();
        const handle = openDatabase(config.databaseUrl);
        try {
          const applied = await migrateToLatest(handle);
          if (applied.length) progress(`Migrated the database (${applied.length} migrations).`);
          const already = async (n: number) => {
            if (opts.ifEmpty) return result(`The database is already seeded (${n} organisations); nothing was changed. / 既に初期データがあります。`);
            throw new OpsError(`The database already has a catalogue (${n} organisations): seed only fills an empty one, and nothing was changed. Use --if-empty in scripts that may run twice. / 既にデータがあるため投入しませんでした。`, EXIT.failure);
          };
          const before = await organisationCount(handle);
          if (before > 0) return already(before);
          progress('Seeding the shipped catalogue…');
          // prepareData checks again under a lock: another process (a starting server) may have seeded meanwhile.
          const { seeded } = await prepareData(handle, true);
          if (seeded === 0) return already(await organisationCount(handle));
          result(`Seeded ${seeded} initiatives of ${await organisationCount(handle)} organisations, with campaigns, desks, self-checks and survey baselines. / 初期データを投入しました。`);
        } finally {
          await handle.destroy();
        }
      }),
    );
}
