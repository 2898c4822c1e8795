// What the delivery tests share: an advisory to send, a wait for something the worker does, a receiver.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DispatchPayload } from '../../src/outbox/model.ts';

/** A nationwide advisory numbered `subjectId`, as the outbox carries it. */
export function testAdvisory(subjectId: number): DispatchPayload {
  return {
    topic: 'advisory',
    action: 'published',
    subjectId,
    title: { ja: `注意喚起 ${subjectId}`, en: `Advisory ${subjectId}` },
    summary: { ja: '偽のSMSに注意してください。', en: 'Beware of fake SMS messages.' },
    url: { ja: `http://lastmile.test/advisories/${subjectId}`, en: `http://lastmile.test/en/advisories/${subjectId}` },
    severity: 'warning',
    audiences: [],
    prefectures: [],
    nationwide: true,
    publishedAt: new Date().toISOString(),
  };
}

/** Polls `check` every 25 ms until it holds; fails naming `what` after `tries` polls. */
export async function until(what: string, check: () => Promise<boolean> | boolean, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`never happened: ${what}`);
}

export interface RecordingReceiver {
  /** The address to subscribe (loopback, so the subscription needs allow_private). */
  url: string;
  /** The webhook-id of every delivery received, in order. */
  received: string[];
  close(): Promise<void>;
}

/** A webhook receiver on loopback that answers 204 to everything and records each delivery's webhook-id. */
export async function startRecordingReceiver(): Promise<RecordingReceiver> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['webhook-id']));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
