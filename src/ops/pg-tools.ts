// pg_dump and pg_restore for the backup commands: found on PATH or in Debian's /usr/lib/postgresql/<ver>/bin,
// of a version the server accepts (pg_dump refuses a server newer than itself), and given the connection
// through the PG* environment variables so that no password ever appears in a process list or a log.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { OpsError } from './errors.ts';

const run = promisify(execFile);

export interface PgTool {
  path: string;
  major: number;
}

/** The PG* variables libpq reads, from a postgres:// URL (user, password, host, port, database, sslmode…). */
export function pgEnv(databaseUrl: string): Record<string, string> {
  const u = new URL(databaseUrl);
  const env: Record<string, string> = {};
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ''));
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  const params: Record<string, string> = { host: 'PGHOST', port: 'PGPORT', sslmode: 'PGSSLMODE', sslrootcert: 'PGSSLROOTCERT', sslcert: 'PGSSLCERT', sslkey: 'PGSSLKEY', application_name: 'PGAPPNAME' };
  for (const [k, v] of u.searchParams) if (params[k]) env[params[k]] = v;
  return env;
}

function candidates(tool: string): string[] {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) for (const v of readdirSync(debian)) dirs.push(join(debian, v, 'bin'));
  return [...new Set(dirs.map((d) => join(d, tool)).filter((p) => existsSync(p)))];
}

async function majorOf(path: string): Promise<number | null> {
  try {
    const { stdout } = await run(path, ['--version']);
    const m = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The tool for a server of this major version: the same version if there is one, else the nearest newer one. */
export async function findPgTool(tool: 'pg_dump' | 'pg_restore', serverMajor: number): Promise<PgTool> {
  const found: PgTool[] = [];
  for (const path of candidates(tool)) {
    const major = await majorOf(path);
    if (major !== null) found.push({ path, major });
  }
  const usable = found.filter((t) => t.major >= serverMajor).sort((a, b) => a.major - b.major);
  if (usable[0]) return usable[0];
  const seen = found.length ? ` (found: ${found.map((t) => `${t.path} ${t.major}`).join(', ')})` : '';
  throw new OpsError(
    `${tool} for PostgreSQL ${serverMajor} or later was not found on PATH nor in /usr/lib/postgresql/*/bin${seen}. Install the client of the server's version (Debian: apt-get install postgresql-client-${serverMajor}). / ${tool}（PostgreSQL ${serverMajor} 以降）が見つかりません。`,
  );
}

/** Runs a PostgreSQL client tool with the connection in its environment; its stderr becomes the error. */
export async function runPgTool(tool: PgTool, args: string[], databaseUrl: string): Promise<string> {
  try {
    const { stdout } = await run(tool.path, args, { env: { ...process.env, ...pgEnv(databaseUrl) }, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new OpsError(`${tool.path.split('/').pop()} failed: ${(e.stderr || e.message).trim()}`);
  }
}
