import type { FastifyReply } from 'fastify';
import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { cspNonce, NonceContext } from './csp-nonce.ts';
import { installSafeUrls } from './safe-urls.ts';

// Unsafe addresses (javascript:, data:, …) never reach an href or src (web/safe-urls.ts).
installSafeUrls();

/**
 * Render a full HTML document. preact-render-to-string escapes every text and attribute value. `nonce` is
 * the response's CSP nonce, which <Script> puts on each script (web/script.tsx); without it no script runs.
 */
export function renderDocument(vnode: VNode, nonce?: string): string {
  return '<!doctype html>' + renderToString(nonce === undefined ? vnode : (h(NonceContext.Provider, { value: nonce }, vnode) as VNode));
}

export function sendPage(reply: FastifyReply, vnode: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(vnode, cspNonce(reply.raw)));
}
