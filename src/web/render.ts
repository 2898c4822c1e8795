import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Render a full HTML document. preact-render-to-string escapes every text and attribute value. */
export function renderDocument(vnode: VNode): string {
  return '<!doctype html>' + renderToString(vnode);
}

export function sendPage(reply: FastifyReply, vnode: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderDocument(vnode));
}
