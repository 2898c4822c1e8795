// The Content-Security-Policy nonce of one response. Scripts run only when they carry it
// (script-src 'nonce-…' in app.ts), so markup that slipped into a page can never start one.
//
// The nonce belongs to the raw response: helmet's CSP directive (a function of req and res) and the page
// renderer (render.ts, through NonceContext) read the same value without threading it through every view.
// A page served from the page cache keeps the nonce it was rendered with (adoptCspNonce): see SECURITY.md.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import { createContext } from 'preact';

const NONCE = Symbol('lastmile.cspNonce');
type WithNonce = ServerResponse & { [NONCE]?: string };

/** This response's nonce, made at first use: 128 random bits, base64 (CSP's nonce-source grammar). */
export function cspNonce(res: ServerResponse): string {
  const r = res as WithNonce;
  return (r[NONCE] ??= randomBytes(16).toString('base64'));
}

/** The nonce if this response has one already (never makes one). */
export function existingCspNonce(res: ServerResponse): string | undefined {
  return (res as WithNonce)[NONCE];
}

/** For helmet's script-src: the directive value of this response. */
export function nonceSource(_req: unknown, res: ServerResponse): string {
  return `'nonce-${cspNonce(res)}'`;
}

/**
 * A cached page is sent with the bytes rendered earlier, whose <script> tags carry that render's nonce:
 * the policy of this response must name that nonce instead of the fresh one helmet put in.
 */
export function adoptCspNonce(reply: FastifyReply, nonce: string): void {
  const current = existingCspNonce(reply.raw);
  const csp = reply.getHeader('content-security-policy');
  (reply.raw as WithNonce)[NONCE] = nonce;
  if (current === undefined || typeof csp !== 'string') return;
  reply.header('content-security-policy', csp.replaceAll(`'nonce-${current}'`, `'nonce-${nonce}'`));
}

/** What views read to put the nonce on a <script> (web/script.tsx); provided by render.ts. */
export const NonceContext = createContext<string | undefined>(undefined);
