// Progress of a long command (backup, restore, export, import…), on stderr so that stdout keeps only results.
// On a terminal: a bar with counts, rate and time left, redrawn in place. Otherwise (cron, systemd, a pipe):
// plain lines at most every PLAIN_EVERY_MS and one final line, so that a job's log stays readable and small.
// LASTMILE_PROGRESS=plain|bar|none overrides the detection.
import cliProgress from 'cli-progress';
import { bytes } from './common.ts';

export type ProgressUnit = 'rows' | 'bytes' | 'tables';
export type ProgressMode = 'bar' | 'plain' | 'none';

export interface Progress {
  tick(n?: number): void;
  /** The amount known only later (or changed): the percentage and the time left follow. */
  setTotal(n: number): void;
  /** The end: the bar completes (or one final plain line) with `summary`. */
  done(summary?: string): void;
  /** The operation failed: the bar stops where it was, without a final line (the error follows it). */
  abort(): void;
  /** What it is doing now (the table being read…): a line of its own, or on a terminal beside the bar's label. */
  note(message: string): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  unit: ProgressUnit;
}

/** What a terminal-less run writes at most this often (plus the final line). */
export const PLAIN_EVERY_MS = 2000;

interface Output {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressDeps {
  stream?: Output;
  env?: Record<string, string | undefined>;
  now?: () => number;
}

export function progressMode(stream: Output, env: Record<string, string | undefined>): ProgressMode {
  const forced = env.LASTMILE_PROGRESS?.trim().toLowerCase();
  if (forced === 'bar' || forced === 'plain' || forced === 'none') return forced;
  return stream.isTTY === true ? 'bar' : 'plain';
}

function amount(n: number, unit: ProgressUnit): string {
  return unit === 'bytes' ? bytes(n) : `${n}`;
}

function amounts(done: number, total: number | null, unit: ProgressUnit): string {
  if (unit === 'bytes') return total === null ? bytes(done) : `${bytes(done)}/${bytes(total)}`;
  return total === null ? `${done} ${unit}` : `${done}/${total} ${unit}`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

function rate(perSecond: number, unit: ProgressUnit): string {
  return unit === 'bytes' ? `${bytes(Math.round(perSecond))}/s` : `${Math.round(perSecond)} ${unit}/s`;
}

export function startProgress(options: ProgressOptions, deps: ProgressDeps = {}): Progress {
  const stream = deps.stream ?? process.stderr;
  const now = deps.now ?? Date.now;
  const mode = progressMode(stream, deps.env ?? process.env);
  const { label, unit } = options;
  const started = now();
  let total: number | null = options.total ?? null;
  let done = 0;
  let finished = false;

  // "25000/100000 rows (25%), 8200 rows/s, about 9 s left": the same words on a bar and in a log.
  const status = (): string => {
    const seconds = (now() - started) / 1000;
    const parts = [total !== null && total > 0 ? `${amounts(done, total, unit)} (${Math.min(100, Math.floor((done / total) * 100))}%)` : amounts(done, total, unit)];
    if (seconds >= 0.5 && done > 0) {
      const perSecond = done / seconds;
      parts.push(rate(perSecond, unit));
      if (total !== null && total > done) parts.push(`about ${duration((total - done) / perSecond)} left`);
    }
    return parts.join(', ');
  };
  const finalLine = (summary?: string): string => {
    const seconds = (now() - started) / 1000;
    const what = `${amount(done, unit)}${unit === 'bytes' ? '' : ` ${unit}`} in ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
    return `${label}: ${summary ? `${summary} (${what})` : `done, ${what}`}`;
  };

  if (mode === 'none') {
    return {
      tick: (n = 1) => void (done += n),
      setTotal: (n) => void (total = n),
      done: () => {},
      abort: () => {},
      note: (message) => void stream.write(`${message}\n`),
    };
  }

  if (mode === 'plain') {
    let lastLine = started;
    const maybeWrite = () => {
      const t = now();
      if (t - lastLine < PLAIN_EVERY_MS) return;
      lastLine = t;
      stream.write(`${label}: ${status()}\n`);
    };
    return {
      tick(n = 1) {
        done += n;
        maybeWrite();
      },
      setTotal(n) {
        total = n;
      },
      done(summary) {
        if (finished) return;
        finished = true;
        stream.write(`${finalLine(summary)}\n`);
      },
      abort() {
        finished = true;
      },
      note(message) {
        stream.write(`${message}\n`);
      },
    };
  }

  // A bar forced onto something that is not a terminal (LASTMILE_PROGRESS=bar into a file or a pipe) still
  // draws with escape sequences: cli-progress only moves the cursor on a stream that says it is a TTY.
  const target: Output = stream.isTTY ? stream : { isTTY: true, columns: stream.columns ?? 100, write: (chunk: string) => stream.write(chunk) };
  let summaryText: string | undefined;
  let detail = '';
  const bar = new cliProgress.SingleBar({
    stream: target as NodeJS.WritableStream,
    hideCursor: true,
    gracefulExit: true,
    barsize: 24,
    format: (opts, params) => (finished ? finalLine(summaryText) : `${label}${detail ? ` [${detail}]` : ''} ${cliProgress.Format.BarFormat(total ? params.progress : 0, opts)} ${status()}`),
  });
  bar.start(total ?? 0, 0);
  return {
    tick(n = 1) {
      done += n;
      bar.update(done);
    },
    setTotal(n) {
      total = n;
      bar.setTotal(n);
    },
    done(summary) {
      if (finished) return;
      finished = true;
      summaryText = summary;
      bar.stop();
    },
    abort() {
      if (finished) return;
      bar.stop();
      finished = true;
    },
    note(message) {
      // Lines written under a live bar would be overwritten by it: the bar carries the note instead.
      detail = message.trim().replace(/…$/, '');
      bar.update(done);
    },
  };
}

/**
 * An ops function's "so far: done of total" callback as ticks of `p` (src/ops reports cumulative counts, and
 * may learn the total only once it has started).
 */
export function follow(p: Progress): (done: number, total: number | null) => void {
  let seen = 0;
  let knownTotal: number | null = null;
  return (done, total) => {
    if (total !== null && total !== knownTotal) {
      knownTotal = total;
      p.setTotal(total);
    }
    if (done > seen) {
      p.tick(done - seen);
      seen = done;
    }
  };
}

/** Runs `fn` with a progress display that completes when it succeeds and stops where it was when it fails. */
export async function withProgress<T>(options: ProgressOptions, fn: (p: Progress) => Promise<T>, summary?: (r: T) => string, deps?: ProgressDeps): Promise<T> {
  const p = startProgress(options, deps);
  try {
    const r = await fn(p);
    p.done(summary?.(r));
    return r;
  } catch (err) {
    p.abort();
    throw err;
  }
}

/**
 * An operation in phases (a backup: the database, then the uploaded files), each with its own bar, and log
 * lines between them: a line is written only once the bar before it is complete, so the two never mix.
 */
export function phasedProgress<P extends string>(labels: Record<P, ProgressOptions>, deps?: ProgressDeps) {
  let current: { phase: P; progress: Progress; follow: (done: number, total: number | null) => void } | null = null;
  const stream = deps?.stream ?? process.stderr;
  return {
    onProgress(phase: P, done: number, total: number | null): void {
      if (current?.phase !== phase) {
        current?.progress.done();
        const progress = startProgress(labels[phase], deps);
        current = { phase, progress, follow: follow(progress) };
      }
      current.follow(done, total);
    },
    log(message: string): void {
      current?.progress.done();
      current = null;
      stream.write(`${message}\n`);
    },
    /** A line that does not end the current bar (it shows beside it on a terminal). */
    note(message: string): void {
      if (current) current.progress.note(message);
      else stream.write(`${message}\n`);
    },
    done(): void {
      current?.progress.done();
      current = null;
    },
    abort(): void {
      current?.progress.abort();
      current = null;
    },
  };
}
