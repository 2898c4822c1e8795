// An open-loop load at a fixed rate: requests leave evenly spaced whatever the answers do, as a crowd's do,
// on as many keep-alive connections as are needed. autocannon's rate limit sends each connection's quota
// for the second in one burst at the start of the second (lib/httpClient.js: reqsMadeThisSecond) and then
// waits, so its latencies at a fixed rate measure its own bursts; this is for "p99 at N requests/s".
import http from 'node:http';

export interface OpenLoopResult {
  offered: number;
  sent: number;
  answered: number;
  ok: number;
  /** Non-2xx answers by status. */
  statuses: Record<string, number>;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
}

export async function openLoop(port: number, paths: string[], rate: number, seconds: number, headers: Record<string, string>): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let errors = 0;
  let pending = 0;
  const one = (path: string) =>
    new Promise<void>((resolve) => {
      const start = performance.now();
      pending++;
      const req = http.request({ host: '127.0.0.1', port, path, headers, agent, timeout: 30_000 }, (res) => {
        res.on('data', () => {});
        res.on('end', () => {
          latencies.push(performance.now() - start);
          const s = res.statusCode ?? 0;
          if (s >= 200 && s < 300) ok++;
          else statuses[s] = (statuses[s] ?? 0) + 1;
          pending--;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        pending--;
        resolve();
      });
      req.end();
    });
  const started = performance.now();
  const total = Math.round(rate * seconds);
  await new Promise<void>((resolve) => {
    const tick = () => {
      // Send what is due by now (timers fire every millisecond at best; the schedule, not the timer, decides).
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      while (sent < due) void one(paths[sent++ % paths.length]!);
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const deadline = performance.now() + 30_000;
  while (pending > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { offered: rate, sent, answered: latencies.length, ok, statuses, errors, p50: Number(pct(latencies, 50).toFixed(1)), p99: Number(pct(latencies, 99).toFixed(1)), max: Number((latencies.at(-1) ?? NaN).toFixed(1)) };
}
