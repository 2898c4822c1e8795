// The durable delivery pipeline (an outbox). Publishing something people subscribed to (an advisory,
// an event, a new material) writes one `dispatches` row and one `deliveries` row per matching
// subscription in the SAME transaction as the publication; workers (outbox/worker.ts) send them later
// through a channel sender (email, webhook, web push). A crash at any moment loses nothing: a
// delivery is only marked delivered after its channel confirmed it, and a delivery a dead worker had
// claimed becomes due again when its lease runs out. Only deliveries in flight at a crash can be sent
// twice, and each carries a stable message id (messageIdOf) so receivers can drop repeats.
import type { Text } from '../i18n/locale.ts';

export const CHANNELS = ['email', 'webhook', 'push'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a subscription can ask for. Advisories always; events and new materials optionally. */
export const TOPICS = ['advisory', 'event', 'material'] as const;
export type Topic = (typeof TOPICS)[number];

/** 'published' the first time; 'corrected' when a published entry was changed (sent as a correction); 'withdrawn'. */
export const DISPATCH_ACTIONS = ['published', 'corrected', 'withdrawn'] as const;
export type DispatchAction = (typeof DISPATCH_ACTIONS)[number];

export const SUBSCRIPTION_STATUSES = ['pending', 'active', 'disabled', 'unsubscribed'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The message itself, written once per dispatch (not per recipient) by whoever publishes; every channel
 * renders it: email as text, webhooks as the JSON `data`, web push as a title, a line and a link.
 * Plain text only (no Markdown, no HTML): channels must be able to put it anywhere.
 */
export interface DispatchPayload {
  topic: Topic;
  action: DispatchAction;
  /** Public id of the advisory / event / material. */
  subjectId: number;
  title: Text;
  /** A few plain-text lines: what is happening and what to do (advisory), when and where (event). */
  summary: Text;
  /** Absolute URLs of the public page in Japanese and in English. */
  url: Text;
  /** Advisories: 'emergency' | 'warning' | 'caution' | 'info'. */
  severity?: string;
  /** Audience codes (taxonomy AUDIENCES); empty means everyone. */
  audiences: string[];
  /** JIS prefecture codes ('13'); empty with nationwide = true means the whole country. */
  prefectures: string[];
  nationwide: boolean;
  /** Corrections and withdrawals: what changed, or why it was withdrawn. */
  note?: Text;
  /** ISO timestamp of the publication (or correction / withdrawal). */
  publishedAt: string;
  /** Advisories: the last day it applies (YYYY-MM-DD), if given. Events: start time (ISO). */
  validUntil?: string | null;
  startsAt?: string | null;
}

export interface DispatchMessage {
  id: number;
  createdAt: string;
  payload: DispatchPayload;
}

/** Where one delivery goes: the channel's fields of the subscription. */
export interface DeliveryTarget {
  subscriptionId: number;
  channel: Channel;
  locale: 'ja' | 'en';
  email: string | null;
  webhookUrl: string | null;
  /** "whsec_" + base64 of the key (Standard Webhooks). */
  webhookSecret: string | null;
  /** An administrator allowed this endpoint to resolve to a private / loopback address. */
  allowPrivate: boolean;
  pushEndpoint: string | null;
  pushP256dh: string | null;
  pushAuth: string | null;
}

export interface OutgoingDelivery {
  deliveryId: number;
  /** Stable across retries, replays and a crash-and-resend: receivers drop repeats by it. */
  messageId: string;
  /** 1 for the first try. */
  attempt: number;
  dispatch: DispatchMessage;
  target: DeliveryTarget;
}

export type SendOutcome =
  /** The receiver took it (2xx, SMTP 250). */
  | { kind: 'delivered'; status?: number }
  /** Try again later (network error, timeout, 429, 5xx, SMTP 4xx); retryAfterMs from Retry-After if given. */
  | { kind: 'retry'; status?: number; error: string; retryAfterMs?: number }
  /** The endpoint is gone for good (webhook 410, push 404/410): the subscription is disabled. */
  | { kind: 'gone'; status?: number; error: string }
  /** This message will never be accepted (4xx other than 408/409/425/429, refused address): dead at once. */
  | { kind: 'failed'; status?: number; error: string };

/** One delivery channel. The worker calls send() with at most `concurrency` deliveries in flight. */
export interface ChannelSender {
  channel: Channel;
  concurrency: number;
  send(delivery: OutgoingDelivery, signal: AbortSignal): Promise<SendOutcome>;
  close?(): Promise<void>;
}

export function messageIdOf(dispatchId: number, subscriptionId: number): string {
  return `msg_lm${dispatchId}x${subscriptionId}`;
}
