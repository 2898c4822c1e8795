// Uploaded files on disk, under UPLOAD_DIR (outside the web root), addressed by the SHA-256 of their
// content: objects/ab/abcdef…. A path is never built from anything a user sent.
// Writing: the bytes stream into tmp/<random>.part (hashed and counted on the way, cut off at the size
// limit), are flushed to disk (fsync), checked (detect.ts), then renamed into place (atomic on one file
// system) and the directory is flushed too. A crash leaves at most a stray .part file, which the next
// start removes; an object is either complete or absent. The same content uploaded twice is stored once.
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { constants, createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { detectFile, nameFor, type Detected, type Refusal } from './detect.ts';

export interface FileStore {
  root: string;
  maxBytes: number;
}

export function fileStore(root: string, maxBytes: number): FileStore {
  return { root: resolve(root), maxBytes };
}

const SHA256 = /^[0-9a-f]{64}$/;

export function objectPath(store: FileStore, sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error('not a SHA-256');
  return join(store.root, 'objects', sha256.slice(0, 2), sha256);
}

export function previewPath(store: FileStore, sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error('not a SHA-256');
  return join(store.root, 'previews', sha256.slice(0, 2), `${sha256}.png`);
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable. Some file systems refuse to open a directory for this; then the
  // rename is as durable as the platform allows.
  try {
    const fh = await open(dir, constants.O_RDONLY);
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* not supported here */
  }
}

export interface StoredFile {
  sha256: string;
  size: number;
  mediaType: string;
  /** Sanitised display name. */
  name: string;
  type: Detected;
}

export type IngestResult = { ok: true; file: StoredFile } | { ok: false; reason: Refusal; detected?: Detected };

function isTooLarge(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT';
}

/**
 * Streams an upload to a temporary file, decides its type from the content, checks the name against
 * it, and commits it under its hash. On any refusal (or error) nothing stays on disk.
 */
export async function ingest(store: FileStore, stream: Readable, rawName: string): Promise<IngestResult> {
  const tmpDir = join(store.root, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  const tmp = join(tmpDir, `${randomBytes(16).toString('hex')}.part`);
  const fh = await open(tmp, 'wx', 0o600);
  const hash = createHash('sha256');
  let size = 0;
  let tooLarge = false;
  let committed = false;
  try {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        // Past the limit, the rest is read and dropped (the request can still be answered).
        if (tooLarge || size > store.maxBytes) {
          tooLarge = true;
          continue;
        }
        hash.update(chunk);
        await fh.write(chunk);
      }
    } catch (err) {
      if (!isTooLarge(err)) throw err;
      tooLarge = true;
    }
    if ((stream as { truncated?: boolean }).truncated) tooLarge = true;
    if (tooLarge) return { ok: false, reason: 'too_large' };
    await fh.sync();
    await fh.close().catch(() => {});
    const detection = await detectFile(tmp);
    if (!detection.ok) return { ok: false, reason: detection.reason };
    const named = nameFor(rawName, detection.type);
    if (!named) return { ok: false, reason: 'mismatch', detected: detection.type };
    const sha256 = hash.digest('hex');
    const dest = objectPath(store, sha256);
    const dir = join(store.root, 'objects', sha256.slice(0, 2));
    await mkdir(dir, { recursive: true });
    const exists = await stat(dest).then(
      (s) => s.size === size,
      () => false,
    );
    if (!exists) {
      await rename(tmp, dest);
      committed = true;
      await fsyncDir(dir);
    }
    return { ok: true, file: { sha256, size, mediaType: named.type.mediaType, name: named.name, type: named.type } };
  } finally {
    await fh.close().catch(() => {});
    if (!committed) await unlink(tmp).catch(() => {});
  }
}

/** Removes temporary files older than `olderThanMs` (left by a crash; younger ones may be in flight elsewhere). */
export async function cleanStaleTemp(store: FileStore, olderThanMs = 60 * 60_000): Promise<number> {
  const dir = join(store.root, 'tmp');
  let removed = 0;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    // Uploads in flight (.part) and previews being rendered (-preview.png).
    if (!n.endsWith('.part') && !n.endsWith('-preview.png')) continue;
    const p = join(dir, n);
    const s = await stat(p).catch(() => null);
    if (s && Date.now() - s.mtimeMs > olderThanMs) {
      await unlink(p).catch(() => {});
      removed++;
    }
  }
  return removed;
}

export async function hasObject(store: FileStore, sha256: string): Promise<boolean> {
  return stat(objectPath(store, sha256)).then(
    () => true,
    () => false,
  );
}

export function readObject(store: FileStore, sha256: string): ReadStream {
  return createReadStream(objectPath(store, sha256));
}

// ---------------------------------------------------------------- PDF previews (pdftoppm, optional)

let pdftoppm: Promise<boolean> | null = null;

/** Whether Debian's pdftoppm (poppler-utils) is installed; asked once per process. */
export function pdfPreviewAvailable(): Promise<boolean> {
  pdftoppm ??= new Promise((res) => {
    execFile('pdftoppm', ['-v'], { timeout: 5000 }, (err) => res(!err || (err as { code?: unknown }).code === 0));
  });
  return pdftoppm;
}

export async function hasPreview(store: FileStore, sha256: string): Promise<boolean> {
  return stat(previewPath(store, sha256)).then(
    (s) => s.size > 0,
    () => false,
  );
}

/**
 * Renders the first page of a stored PDF as a PNG (at most 800 px on its longer side) next to the
 * objects, when pdftoppm is available. Best effort: a PDF it cannot render simply has no preview.
 * Runs with a time limit, on our own copy of the file, writing to a temporary name first.
 */
export async function makePdfPreview(store: FileStore, sha256: string): Promise<boolean> {
  if (!(await pdfPreviewAvailable())) return false;
  if (await hasPreview(store, sha256)) return true;
  const dir = join(store.root, 'previews', sha256.slice(0, 2));
  await mkdir(dir, { recursive: true });
  const tmpBase = join(store.root, 'tmp', `${randomBytes(16).toString('hex')}-preview`);
  await mkdir(join(store.root, 'tmp'), { recursive: true });
  const ok = await new Promise<boolean>((res) => {
    execFile(
      'pdftoppm',
      ['-png', '-f', '1', '-l', '1', '-singlefile', '-scale-to', '800', objectPath(store, sha256), tmpBase],
      { timeout: 20_000, maxBuffer: 1024 * 1024, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
      (err) => res(!err),
    );
  });
  const out = `${tmpBase}.png`;
  if (!ok) {
    await unlink(out).catch(() => {});
    return false;
  }
  try {
    await rename(out, previewPath(store, sha256));
    await fsyncDir(dir);
    return true;
  } catch {
    await unlink(out).catch(() => {});
    return false;
  }
}
