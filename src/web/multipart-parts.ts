// The parts of a multipart form, with busboy's refusals of a malformed body (no boundary in the
// Content-Type, headers it cannot read) answered as the sender's mistake — a 400 that says what to do —
// instead of a 500: the fuzzer (test/fuzz.test.ts) found `Content-Type: multipart/form-data` without a
// boundary failing the material upload that way. Errors that already carry a status (the plugin's
// limits: 413) pass through as they are.
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfValid } from './csrf-probe.ts';
import { CSRF_PROBLEM, Problem } from './problem.ts';

export const MALFORMED_MULTIPART = new Problem(400, 'invalid_multipart', {
  ja: 'フォームの送信データを読み取れませんでした。ページを再読み込みして、もう一度送信してください。',
  en: 'The form data could not be read. Reload the page and send the form again.',
});

export async function* multipartParts(req: FastifyRequest): AsyncGenerator<Multipart> {
  let it: AsyncIterator<Multipart>;
  try {
    it = req.parts()[Symbol.asyncIterator]();
  } catch (err) {
    throw asSenderError(err);
  }
  for (;;) {
    let r: IteratorResult<Multipart>;
    try {
      r = await it.next();
    } catch (err) {
      throw asSenderError(err);
    }
    if (r.done) return;
    yield r.value;
  }
}

function asSenderError(err: unknown): unknown {
  if (err instanceof Problem) return err;
  const status = (err as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? err : MALFORMED_MULTIPART;
}

/**
 * Reads a form with one file whose `_csrf` field comes before the file (as our forms send it): the text
 * fields; the token, checked BEFORE the first byte of the file is read (a forged or token-less request makes
 * the server store nothing); then `onFile` with the first named file (empty file inputs and any further file
 * are drained unread). Afterwards req.body holds the text fields (repeated names as arrays), so the app's
 * own CSRF check passes and handlers read them as from any form.
 */
export async function readFormWithFile(req: FastifyRequest, reply: FastifyReply, onFile: (file: MultipartFile) => Promise<void>): Promise<void> {
  const fields: Record<string, string | string[]> = Object.create(null);
  let checked = false;
  let taken = false;
  for await (const part of multipartParts(req)) {
    if (part.type === 'file') {
      if (!checked) {
        req.body = { ...fields };
        if (!csrfValid(req.server, req, reply)) throw CSRF_PROBLEM;
        checked = true;
      }
      if (taken || !part.filename) {
        part.file.resume();
        await new Promise<void>((res) => (part.file.readableEnded ? res() : part.file.once('end', () => res()).once('error', () => res())));
        continue;
      }
      taken = true;
      await onFile(part);
    } else {
      const v = typeof part.value === 'string' ? part.value : '';
      const cur = fields[part.fieldname];
      fields[part.fieldname] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
    }
  }
  req.body = { ...fields };
}
