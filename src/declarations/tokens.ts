// Links in a declaration's emails carry a token instead of an account, as subscriptions do: HMAC-SHA256
// keyed by a secret this installation made for itself (instance_secrets, a key of its own so no other
// capability's link can be replayed here), over the purpose, the declaration's id and what binds it.
// Nothing per token is stored; the confirmation link is bound to when it was sent (re-sending retires
// the older one) and the management link to the contact address.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { instanceSecret } from '../outbox/secrets.ts';

export type DeclarationLinkPurpose = 'declaration-confirm' | 'declaration-manage';

export async function declarationLinkKey(db: Db): Promise<Buffer> {
  return Buffer.from(await instanceSecret(db, 'declaration-link-key', () => randomBytes(32).toString('base64url')), 'base64url');
}

function mac(key: Buffer, purpose: DeclarationLinkPurpose, id: number, binding: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${id}\n${binding}`).digest().subarray(0, 16).toString('base64url');
}

/** "<id>.<mac>" */
export function declarationToken(key: Buffer, purpose: DeclarationLinkPurpose, id: number, binding: string): string {
  return `${id}.${mac(key, purpose, id, binding)}`;
}

/** The declaration id a token claims, before it is checked against the row. */
export function tokenId(token: string): number | null {
  const m = /^([1-9]\d{0,11})\.[A-Za-z0-9_-]{22}$/.exec(token);
  return m ? Number(m[1]) : null;
}

export function checkDeclarationToken(key: Buffer, purpose: DeclarationLinkPurpose, token: string, binding: string): boolean {
  const id = tokenId(token);
  if (id === null) return false;
  const expected = Buffer.from(declarationToken(key, purpose, id, binding));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export const confirmBinding = (email: string, sentAt: string) => `${email}\n${sentAt}`;
export const manageBinding = (email: string) => email;
