// multipart/form-data bodies for tests, built by hand so that tests control every byte: the order of
// the parts (is _csrf read before the file?), the file name as sent (path tricks, NUL, RTL override)
// and the declared Content-Type (which the server must ignore).
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Client } from './client.ts';

export type Part = { name: string; value: string } | { name: string; filename: string; contentType?: string; data: Buffer | string };

export function multipartBody(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----lastmile${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('filename' in p) {
      // The name is sent as raw UTF-8, as browsers do (quotes and CR/LF escaped).
      const fn = p.filename.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"; filename="${fn}"\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}\r\n\r\n`, 'utf8'));
      chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, 'utf8'));
      chunks.push(Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n`, 'utf8'));
      chunks.push(Buffer.from(p.value, 'utf8'));
      chunks.push(Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Form fields (repeated names for arrays) as parts, in order. */
export function fieldParts(fields: Record<string, string | string[]>): Part[] {
  return Object.entries(fields).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })));
}

/** POSTs a multipart body with the client's cookies. */
export async function postMultipart(client: Client, url: string, parts: Part[]): Promise<LightMyRequestResponse> {
  const { body, contentType } = multipartBody(parts);
  const res = await client.app.inject({ method: 'POST', url, headers: { cookie: client.cookieHeader(), 'content-type': contentType }, payload: body, remoteAddress: client.ip });
  client.last = res;
  return res;
}
