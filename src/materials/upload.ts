// Multipart forms with one file, for the organisation's material forms.
// The app checks CSRF on every POST in a preHandler that reads req.body._csrf; a multipart body is not
// parsed before that hook, so these routes read it in their own preValidation hook, in order:
//   1. the guard (signed in, in an organisation, and the item is theirs) — nobody else may make the
//      server write a byte;
//   2. the text fields up to the file — the form puts _csrf first, and the token is verified BEFORE
//      the file is read (a forged or token-less request stores nothing);
//   3. the file, streamed to disk by storage.ingest (size limit, type from content, hash, atomic);
//   4. the remaining fields.
// req.body then holds the text fields (so the global CSRF check passes and handlers read fields as
// from any form); the upload's outcome is kept beside the request.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireOrganisation } from '../accounts/auth-plugin.ts';
import { ingest, type FileStore, type IngestResult } from './storage.ts';
import { readFormWithFile } from '../web/multipart-parts.ts';

export interface UploadOutcome {
  rawName: string;
  result: IngestResult;
}

const outcomes = new WeakMap<FastifyRequest, UploadOutcome>();

/** What the request's file upload produced (undefined: no file was sent). */
export function uploadOf(req: FastifyRequest): UploadOutcome | undefined {
  return outcomes.get(req);
}

const MAX_FIELDS = 60;
const MAX_FIELD_BYTES = 64 * 1024;

/** Registers multipart parsing in this (encapsulated) scope only. */
export async function multipartForms(scope: FastifyInstance, store: FileStore): Promise<void> {
  await scope.register(fastifyMultipart, {
    // Past the limit busboy stops passing bytes on and marks the file truncated; storage.ingest then
    // refuses it (a form error with 413) instead of the whole request failing.
    throwFileSizeLimit: false,
    limits: { fileSize: store.maxBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1, headerPairs: 100 },
  });
}

/** `authorise` runs after the guard and before any byte is read (e.g. "this item is the actor's"). */
export function readMultipartForm(store: FileStore, authorise?: (req: FastifyRequest) => Promise<unknown>) {
  return async function preValidation(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (!req.isMultipart()) return;
    await requireOrganisation(req, reply);
    if (reply.sent) return;
    if (authorise) await authorise(req);
    await readFormWithFile(req, reply, async (part) => {
      outcomes.set(req, { rawName: part.filename, result: await ingest(store, part.file, part.filename) });
    });
  };
}
