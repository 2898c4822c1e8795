// The delivery channels of this installation, built from the configuration: the composition root of
// the outbox (main.ts and the standalone worker use it; tests build the senders they need).
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { createEmailSender } from '../subscriptions/email-sender.ts';
import { subscriptionLinkKey } from '../subscriptions/tokens.ts';
import type { ChannelSender } from './model.ts';
import type { OutboxOptions } from './worker.ts';

export async function buildSenders(config: Config, handle: DatabaseHandle, log: { info(obj: object, msg: string): void }): Promise<ChannelSender[]> {
  const d = config.delivery;
  return [
    createEmailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom, baseUrl: config.baseUrl, linkKey: await subscriptionLinkKey(handle.db), concurrency: d.emailConcurrency, log }),
  ];
}

/** The worker settings of the configuration (everything but the senders, the id and the log). */
export function workerSettings(config: Config): Pick<OutboxOptions, 'batch' | 'leaseMs' | 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs'> {
  const d = config.delivery;
  return { batch: d.batch, leaseMs: d.leaseSeconds * 1000, maxAttempts: d.maxAttempts, retryBaseMs: d.retryBaseSeconds * 1000, retryMaxMs: d.retryMaxSeconds * 1000 };
}
