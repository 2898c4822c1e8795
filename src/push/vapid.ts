// The installation's VAPID key pair (RFC 8292): made on first use and kept in the database, so every
// instance signs with the same key and a restart keeps it. Browsers bind each subscription to the
// public key they were given; a new key would silently orphan every existing subscription.
import webpush from 'web-push';
import type { Db } from '../db/database.ts';
import { instanceSecret } from '../outbox/secrets.ts';

export interface VapidKeys {
  /** Uncompressed P-256 point, base64url (65 bytes): the browser's applicationServerKey. */
  publicKey: string;
  /** The private scalar, base64url (32 bytes). */
  privateKey: string;
}

/** One secret holding both halves: they must never be generated apart. */
export const VAPID_SECRET_NAME = 'vapid_keys';

export async function vapidKeys(db: Db): Promise<VapidKeys> {
  const value = await instanceSecret(db, VAPID_SECRET_NAME, () => JSON.stringify(webpush.generateVAPIDKeys()));
  const parsed = JSON.parse(value) as Partial<VapidKeys>;
  if (typeof parsed.publicKey !== 'string' || typeof parsed.privateKey !== 'string') throw new Error(`instance secret ${VAPID_SECRET_NAME} is not a VAPID key pair`);
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
}
