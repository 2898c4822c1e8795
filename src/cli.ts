// The operators' command line: `npm run cli -- <command>` (or `node --import tsx src/cli.ts <command>`).
// One module per command under src/cli/; adding a command is one file and one addCommand line here.
// Exit codes (EXIT in cli/common.ts): 0 done, 1 failed or refused, 2 bad usage or configuration.
import { Command } from 'commander';
import { backupCommand } from './cli/backup.ts';
import { appVersion, EXIT_CODES_HELP, usageExit } from './cli/common.ts';
import { contentCommand } from './cli/content.ts';
import { createAdminCommand } from './cli/create-admin.ts';
import { exportCommand } from './cli/export.ts';
import { importCommand } from './cli/import.ts';
import { migrateCommand } from './cli/migrate.ts';
import { restoreCommand } from './cli/restore.ts';
import { retentionCommand } from './cli/retention.ts';
import { seedCommand } from './cli/seed.ts';
import { surveysCommand } from './cli/surveys.ts';

const program = new Command('lastmile')
  .description('Lastmile operators\' command line / ラストマイル運用コマンド')
  .version(appVersion())
  .option('-v, --verbose', 'show the stack trace of an unexpected error')
  .addHelpText('after', EXIT_CODES_HELP)
  .showHelpAfterError('(run with --help for usage)');

for (const command of [migrateCommand(), seedCommand(), createAdminCommand(), backupCommand(), restoreCommand(), exportCommand(), importCommand(), surveysCommand(), contentCommand(), retentionCommand()]) {
  program.addCommand(command.addHelpText('after', EXIT_CODES_HELP).showHelpAfterError('(run with --help for usage)').exitOverride(usageExit));
}
program.exitOverride(usageExit);

await program.parseAsync(process.argv);
