// What an uploaded file is, decided from its bytes — never from its name or the browser's Content-Type.
//   - Binary formats by their magic numbers (file-type): PDF, PNG, JPEG, GIF, WebP, MP4.
//   - Word, Excel and PowerPoint (docx, xlsx, pptx) by their ZIP structure: the central directory must
//     hold [Content_Types].xml, _rels/.rels and the format's main part, and [Content_Types].xml must
//     declare that main part with the macro-free content type (no vbaProject.bin anywhere).
//   - Plain text and CSV by being valid UTF-8 without binary control characters.
// HTML, SVG/XML and executables are refused whatever they are called, and so is anything else.
// The name the browser sent is only checked against what the content is (leaflet.pdf that is a PNG is
// refused) and sanitised for display and Content-Disposition; no path is ever built from it.
import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { fileTypeFromBuffer } from 'file-type';
import type { Text } from '../i18n/locale.ts';

export interface Detected {
  mediaType: string;
  /** File name extensions that fit this content, the first being the usual one. */
  exts: string[];
  /** What the content is, in words (for messages). */
  label: Text;
}

export type Refusal = 'empty' | 'html' | 'svg' | 'executable' | 'macro' | 'not_allowed' | 'mismatch' | 'too_large';

export type Detection = { ok: true; type: Detected } | { ok: false; reason: Refusal };

const TYPES = {
  pdf: { mediaType: 'application/pdf', exts: ['pdf'], label: { ja: 'PDF', en: 'PDF' } },
  png: { mediaType: 'image/png', exts: ['png'], label: { ja: 'PNG画像', en: 'PNG image' } },
  jpeg: { mediaType: 'image/jpeg', exts: ['jpg', 'jpeg'], label: { ja: 'JPEG画像', en: 'JPEG image' } },
  gif: { mediaType: 'image/gif', exts: ['gif'], label: { ja: 'GIF画像', en: 'GIF image' } },
  webp: { mediaType: 'image/webp', exts: ['webp'], label: { ja: 'WebP画像', en: 'WebP image' } },
  mp4: { mediaType: 'video/mp4', exts: ['mp4', 'm4v'], label: { ja: 'MP4動画', en: 'MP4 video' } },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', exts: ['docx'], label: { ja: 'Word文書（docx）', en: 'Word document (docx)' } },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', exts: ['xlsx'], label: { ja: 'Excelブック（xlsx）', en: 'Excel workbook (xlsx)' } },
  pptx: { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', exts: ['pptx'], label: { ja: 'PowerPointプレゼンテーション（pptx）', en: 'PowerPoint presentation (pptx)' } },
  text: { mediaType: 'text/plain', exts: ['txt', 'text', 'md'], label: { ja: 'テキスト', en: 'plain text' } },
  csv: { mediaType: 'text/csv', exts: ['csv'], label: { ja: 'CSV', en: 'CSV' } },
} satisfies Record<string, Detected>;

/** Every media type the library stores. */
export const ALLOWED_MEDIA_TYPES: ReadonlySet<string> = new Set(Object.values(TYPES).map((t) => t.mediaType));

/** Types file-type recognises that run code or install software: refused with their own message. */
const EXECUTABLE = new Set(['exe', 'elf', 'macho', 'swf', 'wasm', 'crx', 'xpi', 'deb', 'rpm', 'class', 'apk', 'lnk', 'alias', 'asar', 'chm', 'cab', 'dmg', 'cfb']);

const OOXML: Record<'docx' | 'xlsx' | 'pptx', { part: string; contentType: string }> = {
  docx: { part: 'word/document.xml', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml' },
  xlsx: { part: 'xl/workbook.xml', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml' },
  pptx: { part: 'ppt/presentation.xml', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml' },
};

/** What `bytes` is, or why it is refused. */
export async function detectBuffer(bytes: Uint8Array): Promise<Detection> {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  const ft = await fileTypeFromBuffer(bytes);
  if (ft) {
    switch (ft.ext) {
      case 'pdf':
        return { ok: true, type: TYPES.pdf };
      case 'png':
      case 'apng':
        return { ok: true, type: TYPES.png };
      case 'jpg':
        return { ok: true, type: TYPES.jpeg };
      case 'gif':
        return { ok: true, type: TYPES.gif };
      case 'webp':
        return { ok: true, type: TYPES.webp };
      case 'mp4':
        return { ok: true, type: TYPES.mp4 };
      case 'zip':
      case 'docx':
      case 'xlsx':
      case 'pptx': {
        const z = ooxmlKind(bytes);
        if (z === 'macro') return { ok: false, reason: 'macro' };
        return z ? { ok: true, type: TYPES[z] } : { ok: false, reason: 'not_allowed' };
      }
      case 'xml':
        return { ok: false, reason: looksLikeSvg(bytes) ? 'svg' : 'html' };
      default:
        return { ok: false, reason: EXECUTABLE.has(ft.ext) ? 'executable' : 'not_allowed' };
    }
  }
  return detectText(bytes);
}

export async function detectFile(path: string): Promise<Detection> {
  return detectBuffer(await readFile(path));
}

// ---------------------------------------------------------------- text

/** C0 controls other than tab, line feed, form feed and carriage return: binary, not text. */
const BINARY_CONTROL = /[\u0000-\u0008\u000b\u000e-\u001a\u001c-\u001f\u007f]/;
/** How HTML sniffing (WHATWG MIME Sniffing, "rules for identifying an unknown MIME type") starts a page. */
const HTML_START = /^\s*<(!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--|\?xml|svg|object|embed|meta|link|img|form|base)[\s>/]/i;
/** Markup that has no business in a plain-text or CSV material. */
const MARKUP_ANYWHERE = /<\s*(script|svg|html|iframe|!doctype|\?xml|object|embed|body|meta|base|form)[\s>/]/i;

function looksLikeSvg(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 64 * 1024)).toString('latin1');
  return /<svg[\s>]/i.test(head);
}

function detectText(bytes: Uint8Array): Detection {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, reason: 'not_allowed' };
  }
  if (BINARY_CONTROL.test(text)) return { ok: false, reason: 'not_allowed' };
  if (/<svg[\s>]/i.test(text)) return { ok: false, reason: 'svg' };
  if (HTML_START.test(text) || MARKUP_ANYWHERE.test(text)) return { ok: false, reason: 'html' };
  // A script for a shell or an interpreter.
  if (text.startsWith('#!')) return { ok: false, reason: 'executable' };
  // Plain text and CSV are told apart by the name's extension (both are only text to a browser).
  return { ok: true, type: TYPES.text };
}

// ---------------------------------------------------------------- ZIP (Office Open XML)

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** The entries of a ZIP's central directory, or null when it is not a well-formed (non-ZIP64) archive. */
export function zipEntries(b: Uint8Array): ZipEntry[] | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const min = Math.max(0, b.length - 22 - 65_535);
  let eocd = -1;
  for (let i = b.length - 22; i >= min; i--) {
    if (v.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = v.getUint16(eocd + 10, true);
  const cdSize = v.getUint32(eocd + 12, true);
  const cdOffset = v.getUint32(eocd + 16, true);
  if (cdOffset + cdSize > eocd || count > 20_000) return null;
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || v.getUint32(p, true) !== 0x02014b50) return null;
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    if (p + 46 + nameLen > b.length) return null;
    out.push({
      method: v.getUint16(p + 10, true),
      compressedSize: v.getUint32(p + 20, true),
      uncompressedSize: v.getUint32(p + 24, true),
      localOffset: v.getUint32(p + 42, true),
      name: Buffer.from(b.subarray(p + 46, p + 46 + nameLen)).toString('utf8'),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function entryText(b: Uint8Array, e: ZipEntry, maxBytes: number): string | null {
  if (e.uncompressedSize > maxBytes) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const p = e.localOffset;
  if (p + 30 > b.length || v.getUint32(p, true) !== 0x04034b50) return null;
  const start = p + 30 + v.getUint16(p + 26, true) + v.getUint16(p + 28, true);
  const data = b.subarray(start, start + e.compressedSize);
  if (data.length !== e.compressedSize) return null;
  try {
    if (e.method === 0) return Buffer.from(data).toString('utf8');
    if (e.method === 8) return inflateRawSync(data, { maxOutputLength: maxBytes }).toString('utf8');
  } catch {
    return null;
  }
  return null;
}

/** Which Office Open XML document a ZIP is; 'macro' when it carries macros; null when it is none. */
export function ooxmlKind(b: Uint8Array): 'docx' | 'xlsx' | 'pptx' | 'macro' | null {
  const entries = zipEntries(b);
  if (!entries) return null;
  const byName = new Map(entries.map((e) => [e.name, e]));
  const types = byName.get('[Content_Types].xml');
  if (!types || !byName.has('_rels/.rels')) return null;
  if (entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name))) return 'macro';
  // Printer settings and embedded objects are .bin files in ordinary documents; programs are not.
  if (entries.some((e) => /\.(exe|dll|com|scr|js|vbs|ps1|bat|cmd|hta|jar|msi)$/i.test(e.name))) return null;
  const ct = entryText(b, types, 1024 * 1024);
  if (ct === null) return null;
  if (/macroEnabled/i.test(ct)) return 'macro';
  for (const kind of ['docx', 'xlsx', 'pptx'] as const) {
    const o = OOXML[kind];
    if (byName.has(o.part) && ct.includes(o.contentType)) return kind;
  }
  return null;
}

// ---------------------------------------------------------------- names

/** Bidirectional controls, zero-width characters and the BOM: they make a name read differently from what it is. */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** Characters no file system or header likes. */
const RESERVED = /["*/:<>?\\|]/g;
export const MAX_NAME_LENGTH = 120;

/**
 * A name to show and to offer in Content-Disposition: the last path segment (both / and \ count),
 * NFC, without control, bidirectional or zero-width characters, reserved punctuation replaced, no
 * leading dots, at most 120 characters (the extension kept). Never used to build a path.
 */
export function sanitiseName(raw: string): string {
  let s = String(raw ?? '').normalize('NFC');
  s = s.replace(CONTROL, '').replace(INVISIBLE, '');
  const parts = s.split(/[/\\]/);
  s = parts[parts.length - 1] ?? '';
  s = s.replace(RESERVED, '_').replace(/\s+/g, ' ').trim().replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (Array.from(s).length > MAX_NAME_LENGTH) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
    s = Array.from(s.slice(0, s.length - ext.length)).slice(0, MAX_NAME_LENGTH - ext.length).join('').trim() + ext;
  }
  return s;
}

export function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return null;
  const ext = name.slice(dot + 1).toLowerCase();
  return /^[a-z0-9]{1,10}$/.test(ext) ? ext : null;
}

/**
 * The display name for content of type `t`: a name whose extension says something else is refused
 * (null); a name without one gets the usual extension; an empty name becomes "material.<ext>".
 */
export function nameFor(rawName: string, detected: Detected): { name: string; type: Detected } | null {
  const clean = sanitiseName(rawName);
  const ext = extensionOf(clean);
  // Text named .csv is CSV.
  const t = detected === TYPES.text && ext === 'csv' ? TYPES.csv : detected;
  if (!clean) return { name: `material.${t.exts[0]}`, type: t };
  if (ext === null) return { name: `${clean}.${t.exts[0]}`, type: t };
  return t.exts.includes(ext) ? { name: clean, type: t } : null;
}

/** What the name's extension claims, in words, for the "does not match" message. */
export function claimedBy(rawName: string): string {
  const ext = extensionOf(sanitiseName(rawName));
  return ext ? `.${ext}` : '';
}

/** Content-Disposition with an ASCII fallback and the real name in RFC 5987/6266 encoding. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_') || 'download';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export const REFUSAL_MESSAGES: Record<Refusal, Text> = {
  empty: { ja: 'ファイルが空です。中身のあるファイルを選んでください。', en: 'The file is empty. Choose a file with content.' },
  html: {
    ja: 'HTMLやXMLのファイルは受け付けていません。PDFなどに変換してからアップロードしてください。',
    en: 'HTML and XML files are not accepted. Convert the material to PDF (or another accepted format) first.',
  },
  svg: { ja: 'SVG画像は受け付けていません。PNGかJPEGに変換してからアップロードしてください。', en: 'SVG images are not accepted. Convert the image to PNG or JPEG first.' },
  executable: { ja: 'プログラム（実行ファイルやスクリプト）は受け付けていません。', en: 'Programs (executables and scripts) are not accepted.' },
  macro: { ja: 'マクロを含むOfficeファイルは受け付けていません。マクロなしの形式（docx・xlsx・pptx）で保存し直してください。', en: 'Office files with macros are not accepted. Save the file again without macros (docx, xlsx or pptx).' },
  not_allowed: {
    ja: 'この種類のファイルは受け付けていません。PDF、PNG、JPEG、GIF、WebP、Word・Excel・PowerPoint（docx・xlsx・pptx）、MP4、テキスト（UTF-8）、CSVのいずれかにしてください。',
    en: 'This kind of file is not accepted. Use PDF, PNG, JPEG, GIF, WebP, Word/Excel/PowerPoint (docx, xlsx, pptx), MP4, plain text (UTF-8) or CSV.',
  },
  mismatch: { ja: 'ファイル名の拡張子とファイルの中身が一致しません。', en: "The file's name and its content do not match." },
  too_large: { ja: 'ファイルが大きすぎます。', en: 'The file is too large.' },
};

export function mismatchMessage(rawName: string, t: Detected): Text {
  const claimed = claimedBy(rawName);
  return {
    ja: `ファイル名（${claimed}）と中身（${t.label.ja}）が一致しません。正しいファイルを選んでいるか確認し、拡張子を中身に合わせてください。`,
    en: `The file's name (${claimed}) does not match its content (${t.label.en}). Check that you chose the right file, and give it the extension of its content.`,
  };
}
