// The delivery channels of this installation, built from the configuration: the composition root of
// the outbox (main.ts and the standalone worker use it; tests build the senders they need).
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { createPushSender } from '../push/sender.ts';
import { vapidKeys } from '../push/vapid.ts';
import { createEmailSender } from '../subscriptions/email-sender.ts';
import { createWebhookSender } from '../webhooks/sender.ts';
import { subscriptionLinkKey } from '../subscriptions/tokens.ts';
import type { ChannelSender } from './model.ts';
import type { OutboxOptions } from './worker.ts';

export async function buildSenders(config: Config, handle: DatabaseHandle, log: { info(obj: object, msg: string): void }): Promise<ChannelSender[]> {
  const d = config.delivery;
  return [
    createEmailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom, baseUrl: config.baseUrl, linkKey: await subscriptionLinkKey(handle.db), concurrency: d.emailConcurrency, log }),
    // Names the portal and where to reach it, so a receiver's operator knows whose requests these are.
    createWebhookSender({ userAgent: `Lastmile-Webhooks/1.0 (+${config.baseUrl})`, timeoutMs: d.timeoutMs, concurrency: d.webhookConcurrency }),
    // Also makes the VAPID keys on first start (after migration), shared by every instance.
    createPushSender({ vapid: { ...(await vapidKeys(handle.db)), subject: d.vapidSubject }, timeoutMs: d.timeoutMs, concurrency: d.pushConcurrency, allowPrivate: d.pushAllowPrivate }),
  ];
}

/** The worker settings of the configuration (everything but the senders, the id and the log). */
export function workerSettings(config: Config): Pick<OutboxOptions, 'batch' | 'leaseMs' | 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs'> {
  const d = config.delivery;
  return { batch: d.batch, leaseMs: d.leaseSeconds * 1000, maxAttempts: d.maxAttempts, retryBaseMs: d.retryBaseSeconds * 1000, retryMaxMs: d.retryMaxSeconds * 1000 };
}
