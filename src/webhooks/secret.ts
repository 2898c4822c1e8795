// Endpoint secrets (Standard Webhooks): "whsec_" + base64 of 32 random bytes.
//
// The secret is stored as it is, not hashed: it is the HMAC key every delivery is signed with, so the
// sender needs the key itself (a hash could verify a secret someone presents, but cannot sign). It is
// shown to the organisation once, when it is made or rotated, and never again; audit entries and logs
// never carry it.
import { randomBytes } from 'node:crypto';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
