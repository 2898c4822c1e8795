// The parts of a multipart form, with busboy's refusals of a malformed body (no boundary in the
// Content-Type, headers it cannot read) answered as the sender's mistake — a 400 that says what to do —
// instead of a 500: the fuzzer (test/fuzz.test.ts) found `Content-Type: multipart/form-data` without a
// boundary failing the material upload that way. Errors that already carry a status (the plugin's
// limits: 413) pass through as they are.
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Problem } from './problem.ts';

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
