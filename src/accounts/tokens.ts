// Random tokens for sessions and email links. Only their SHA-256 is stored: high-entropy secrets need
// no slow hash, and a copy of the database yields no usable token.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
