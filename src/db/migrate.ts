// Versioned migrations, run in order and recorded by Kysely's migrator (kysely_migration table).
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import { migration0001 } from './migrations/0001_catalogue.ts';
import { migration0002 } from './migrations/0002_accounts_content.ts';
import { migration0003 } from './migrations/0003_events.ts';
import { migration0004 } from './migrations/0004_materials.ts';
import { migration0005 } from './migrations/0005_delivery.ts';
import { migration0006 } from './migrations/0006_advisories.ts';
import { migration0007 } from './migrations/0007_desks_help.ts';
import { migration0008 } from './migrations/0008_self_checks.ts';
import { migration0009 } from './migrations/0009_declarations.ts';
import { migration0010 } from './migrations/0010_check_progress.ts';
import { migration0011 } from './migrations/0011_stats.ts';
import { migration0012 } from './migrations/0012_surveys.ts';
import { migration0013 } from './migrations/0013_evaluation.ts';
import { migration0014 } from './migrations/0014_data_versions.ts';
import { migration0015 } from './migrations/0015_retention.ts';
import { migration0016 } from './migrations/0016_imports.ts';
import { migration0017 } from './migrations/0017_partner_feeds.ts';

function provider(handle: DatabaseHandle): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '0001_catalogue': migration0001(handle.dialect),
        '0002_accounts_content': migration0002(handle.dialect),
        '0003_events': migration0003(handle.dialect),
        '0004_materials': migration0004(handle.dialect),
        '0005_delivery': migration0005(handle.dialect),
        '0006_advisories': migration0006(handle.dialect),
        '0007_desks_help': migration0007(handle.dialect),
        '0008_self_checks': migration0008(handle.dialect),
        '0009_declarations': migration0009(handle.dialect),
        '0010_check_progress': migration0010(handle.dialect),
        '0011_stats': migration0011(handle.dialect),
        '0012_surveys': migration0012(handle.dialect),
        '0013_evaluation': migration0013(handle.dialect),
        '0014_data_versions': migration0014(handle.dialect),
        '0015_retention': migration0015(handle.dialect),
        '0016_imports': migration0016(handle.dialect),
        '0017_partner_feeds': migration0017(handle.dialect),
      };
    },
  };
}

export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider: provider(handle) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
