// Which errors mean "the database (or the disk under it) is unavailable" rather than "a bug".
//
// Such an error is not the request's fault and not the code's: PostgreSQL restarting, a network cut,
// a full disk, a database an operator made read-only. The error handler answers them with 503 and
// Retry-After instead of a 500, and says whether the user can still browse:
//   - 'down': nothing can be read or written (no connection, the server shutting down, I/O errors);
//   - 'writes_refused': reads work, writes are refused (disk full, read-only database or file system).
// The pool recovers by itself when the server is back (db/database.ts), so no restart is needed.
import type { Text } from '../i18n/locale.ts';

export type UnavailableKind = 'down' | 'writes_refused';

export interface Unavailable {
  kind: UnavailableKind;
  /** The error's code (SQLSTATE, SQLITE_…, E…) or a short description: safe to log, carries no secret. */
  reason: string;
}

/** Node socket errors of a connection that failed or broke (pg reports them as they are). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
/** File-system errors of a full or read-only disk (SQLite reports its own codes; uploads report these). */
const DISK_WRITE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

/**
 * Messages of pg and pg-pool that carry no code: a connection ended under a query, the pool's connect
 * timeout, a client that broke earlier.
 */
const PG_DOWN_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /not queryable/,
  /^Query read timeout/,
  /^Connection ended unexpectedly/,
];

function classifyOne(err: { code?: unknown; message?: unknown }): Unavailable | null {
  const code = typeof err.code === 'string' ? err.code : '';
  const message = typeof err.message === 'string' ? err.message : '';
  if (code.startsWith('SQLITE_')) {
    if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_READONLY')) return { kind: 'writes_refused', reason: code };
    // SQLITE_BUSY reaches the app only after busy_timeout ran out: another writer holds the file.
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_BUSY')) return { kind: 'down', reason: code };
    return null;
  }
  if (/^[0-9A-Z]{5}$/.test(code)) {
    // SQLSTATE: 25006 read_only_sql_transaction (default_transaction_read_only, a hot standby);
    // 53100 disk_full. Both leave reads working.
    if (code === '25006' || code === '53100') return { kind: 'writes_refused', reason: code };
    // 08: connection exception; 57P01–03: admin shutdown, crash shutdown, cannot connect now (starting
    // or stopping); 53: insufficient resources (out of memory, too many connections).
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code.startsWith('53')) return { kind: 'down', reason: code };
    return null;
  }
  if (NETWORK_CODES.has(code)) return { kind: 'down', reason: code };
  if (DISK_WRITE_CODES.has(code)) return { kind: 'writes_refused', reason: code };
  if (PG_DOWN_MESSAGES.some((re) => re.test(message))) return { kind: 'down', reason: message.slice(0, 80) };
  return null;
}

/**
 * Classifies an error from better-sqlite3, pg, pg-pool or the file system; null when it is not an
 * unavailable database. Looks into AggregateError's `errors` (Node reports a refused connection to a
 * host with several addresses as one AggregateError) but not into `cause`: pg and Kysely throw the
 * error itself, while fetch wraps an outbound request's ECONNREFUSED in a cause, and a partner's
 * server being down is not ours.
 */
export function classifyUnavailable(err: unknown): Unavailable | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; statusCode?: unknown };
  // An error that already says it is the request's fault (a client that hung up: ECONNRESET, 400) stays so.
  if (typeof e.statusCode === 'number' && e.statusCode < 500) return null;
  const own = classifyOne(e);
  if (own) return own;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const found = inner && typeof inner === 'object' ? classifyOne(inner as { code?: unknown; message?: unknown }) : null;
      if (found) return found;
    }
  }
  return null;
}

/** What the error answers: its code, message and Retry-After (seconds) per kind. */
export const UNAVAILABLE_ANSWERS: Record<UnavailableKind, { code: string; retryAfterSeconds: number; title: Text }> = {
  down: {
    code: 'database_unavailable',
    retryAfterSeconds: 30,
    title: {
      ja: 'サービスを一時的に利用できません。データベースに接続できません。30秒ほど待ってから、もう一度お試しください。入力した内容は保存されていません。',
      en: 'The service is temporarily unavailable: the database cannot be reached. Please wait about 30 seconds and try again. Nothing you sent has been saved.',
    },
  },
  writes_refused: {
    code: 'writes_unavailable',
    retryAfterSeconds: 300,
    title: {
      ja: '現在、保存できません。閲覧はできます。記憶領域の不足または保守作業のためです。入力した内容は保存されていないので、しばらく（5分ほど）待ってからもう一度送信してください。',
      en: 'Saving is not possible at the moment; you can still browse. The storage is full or under maintenance. Nothing you sent has been saved: please wait a while (about 5 minutes) and send it again.',
    },
  },
};
