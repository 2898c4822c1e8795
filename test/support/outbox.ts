// What the delivery tests share: an advisory to send, and a wait for something the worker does.
import assert from 'node:assert/strict';
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
