// Sending a stored file. Whatever the bytes are, the browser is told exactly what they are and not to
// guess (nosniff), to save them rather than display them (attachment; only raster images and previews
// are inline), and, should it display them anyway, to run nothing and load nothing (CSP sandbox).
import type { FastifyReply } from 'fastify';
import { contentDisposition } from './detect.ts';
import { isPreviewableImage } from './model.ts';
import { hasObject, previewPath, readObject, type FileStore } from './storage.ts';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { notFound } from '../web/problem.ts';

export const FILE_CSP = "default-src 'none'; sandbox";

function contentType(mediaType: string): string {
  return mediaType.startsWith('text/') ? `${mediaType}; charset=utf-8` : mediaType;
}

function secureHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', FILE_CSP)
    .header('cross-origin-resource-policy', 'same-origin')
    .header('x-download-options', 'noopen');
}

/** The file itself, as a download (or inline for a raster image preview). */
export async function sendStoredFile(
  reply: FastifyReply,
  store: FileStore,
  f: { sha256: string; size: number; mediaType: string; name: string },
  opts: { inline?: boolean; cache: 'public' | 'private' },
): Promise<FastifyReply> {
  if (!(await hasObject(store, f.sha256))) throw notFound({ ja: 'ファイルが見つかりませんでした。', en: 'The file was not found.' });
  const inline = !!opts.inline && isPreviewableImage(f.mediaType);
  return secureHeaders(reply)
    .header('content-type', contentType(f.mediaType))
    .header('content-length', String(f.size))
    .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', f.name))
    .header('etag', `"${f.sha256}"`)
    .header('cache-control', opts.cache === 'public' ? 'public, no-cache' : 'private, no-store')
    .send(readObject(store, f.sha256));
}

/** The PNG of a PDF's first page (made at upload when pdftoppm is installed). */
export async function sendPdfPreview(reply: FastifyReply, store: FileStore, sha256: string, name: string, cache: 'public' | 'private'): Promise<FastifyReply> {
  const path = previewPath(store, sha256);
  const s = await stat(path).catch(() => null);
  if (!s) throw notFound({ ja: 'プレビューはありません。', en: 'There is no preview.' });
  return secureHeaders(reply)
    .header('content-type', 'image/png')
    .header('content-length', String(s.size))
    .header('content-disposition', contentDisposition('inline', `${name.replace(/\.[^.]*$/, '')}-preview.png`))
    .header('cache-control', cache === 'public' ? 'public, max-age=86400' : 'private, no-store')
    .send(createReadStream(path));
}
