// A real server process (`node --import tsx src/main.ts`) for tests that need what app.inject cannot give:
// a process to SIGKILL, a database restarted underneath, real sockets. Start it on a free port with the
// test configuration (testConfig's variables: quiet, no jobs, no delivery worker, no limits, no shedding),
// wait until it answers HTTP, and stop or kill it. The process's output is kept for failure messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The environment a test server runs with unless overridden (the same choices as testConfig in app.ts). */
export const SERVER_TEST_ENV: Readonly<Record<string, string>> = {
  COOKIE_SECRET: 'test-cookie-secret-0123456789abcdefghijklmnop',
  LOG_LEVEL: 'warn',
  SEED_ON_START: 'true',
  JOBS_ENABLED: 'false',
  DELIVERY_WORKER: 'false',
  SMTP_URL: 'log',
  RATE_LIMIT_PER_MINUTE: '1000000',
  AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  // The test machine is busy by design (several suites at once): shedding has its own tests.
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
  OVERLOAD_MAX_IN_FLIGHT: '0',
};

export interface ServerProcess {
  /** http://127.0.0.1:PORT */
  base: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves when the process has exited (code or signal). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown code runs, in-flight requests lose their connections. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs` if it has not exited. */
  stop(graceMs?: number): Promise<void>;
}

/** A TCP port nobody listens on right now (taken and released at once). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface StartServerOptions {
  /** DATABASE_URL (file:… or postgres://…). */
  databaseUrl: string;
  /** Variables on top of SERVER_TEST_ENV (and PORT, BASE_URL, DATABASE_URL). */
  env?: Record<string, string>;
  /** Reuse a port (e.g. a restart on the same address); a free one otherwise. */
  port?: number;
  /** How long migrations, seeding and start-up may take (default 90 s: a busy 2-core machine). */
  timeoutMs?: number;
  /** Entry point relative to the repository (default src/main.ts). */
  entry?: string;
}

/**
 * Starts the server and resolves once it answers an HTTP request (any status: it listens and routes).
 * LOG_LEVEL=warn hides main.ts's "Lastmile is serving" line, so readiness is asked over HTTP instead.
 */
export async function startServer(options: StartServerOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry ?? 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...SERVER_TEST_ENV,
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: options.env?.BASE_URL ?? base,
      DATABASE_URL: options.databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const kill = async () => {
    if (!gone()) child.kill('SIGKILL');
    await exited;
  };
  const stop = async (graceMs = 15_000) => {
    if (!gone()) child.kill('SIGTERM');
    const timer = setTimeout(() => !gone() && child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (gone()) throw new Error(`the server exited before it listened (${child.exitCode ?? child.signalCode}):\n${out}`);
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`the server did not answer within ${options.timeoutMs ?? 90_000} ms:\n${out}`);
    }
    try {
      const res = await fetch(`${base}/robots.txt`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      break;
    } catch {
      await sleep(100);
    }
  }
  return { base, port, child, output: () => out, exited, kill, stop };
}
