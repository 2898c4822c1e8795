// Links in subscription emails carry a token instead of requiring an account: HMAC-SHA256, keyed by a
// secret this installation generated for itself (instance_secrets), over what the link may do and for
// whom. Nothing is stored per token, every instance can check it, and changing the email address or
// re-sending a confirmation makes older links of that kind stop working.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { instanceSecret } from '../outbox/secrets.ts';

export type LinkPurpose = 'confirm' | 'manage';

export async function subscriptionLinkKey(db: Db): Promise<Buffer> {
  const value = await instanceSecret(db, 'subscription-link-key', () => randomBytes(32).toString('base64url'));
  return Buffer.from(value, 'base64url');
}

function mac(key: Buffer, purpose: LinkPurpose, id: number, binding: string): string {
  // 128 bits of the MAC are plenty for a link and keep URLs short.
  return createHmac('sha256', key).update(`${purpose}\n${id}\n${binding}`).digest().subarray(0, 16).toString('base64url');
}

/** "<id>.<mac>"; binding ties it to the current email address (and, to confirm, to when it was sent). */
export function linkToken(key: Buffer, purpose: LinkPurpose, id: number, binding: string): string {
  return `${id}.${mac(key, purpose, id, binding)}`;
}

/** The subscription id the token claims, before it is checked against the row. */
export function tokenId(token: string): number | null {
  const m = /^(\d{1,12})\.[A-Za-z0-9_-]{22}$/.exec(token);
  return m ? Number(m[1]) : null;
}

export function checkLinkToken(key: Buffer, purpose: LinkPurpose, token: string, binding: string): boolean {
  const id = tokenId(token);
  if (id === null) return false;
  const expected = Buffer.from(linkToken(key, purpose, id, binding));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
