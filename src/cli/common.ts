// What every command of the operators' command line shares: the configuration (the server's own, from the
// environment), the exit codes scripts rely on, and error reporting without stack traces.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { OpsError } from '../ops/errors.ts';

/** 0: done; 1: the operation failed or was refused; 2: bad usage or configuration. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export const EXIT_CODES_HELP = `
Exit codes / 終了コード:
  0  done / 成功
  1  the operation failed or was refused (the message says why and what to do) / 失敗・拒否
  2  bad usage or configuration (unknown command or option, missing argument, invalid environment) / 使い方・設定の誤り

Configuration comes from the same environment variables as the server (DATABASE_URL, UPLOAD_DIR, …).`;

/** The server's configuration; an invalid environment is a usage error (exit 2). */
export function cliConfig(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new OpsError(err.message, EXIT.usage);
    throw err;
  }
}

export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Progress for the operator, on stderr so that stdout carries only results. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function result(message: string): void {
  process.stdout.write(`${message}\n`);
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function verbose(cmd: Command): boolean {
  return Boolean((cmd.optsWithGlobals() as { verbose?: boolean }).verbose);
}

/** The exit code for an error, after printing it: a message for operators, the stack only with --verbose. */
export function report(err: unknown, showStack: boolean): number {
  if (err instanceof OpsError) {
    process.stderr.write(`error: ${err.message}\n`);
    if (showStack && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`error: ${e.message}\n`);
  process.stderr.write(showStack && e.stack ? `${e.stack}\n` : '(run with --verbose for details)\n');
  return EXIT.failure;
}

/** Wraps a command's action: its outcome becomes the process's exit code. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const cmd = args[args.length - 1] as Command;
    try {
      await fn(...args);
      process.exitCode = EXIT.ok;
    } catch (err) {
      process.exitCode = report(err, verbose(cmd));
    }
  };
}

/** Commander's own errors (unknown option, missing argument) are usage errors: exit 2; help and version: 0. */
export function usageExit(err: CommanderError): never {
  const ok = err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version';
  process.exit(ok ? EXIT.ok : EXIT.usage);
}
