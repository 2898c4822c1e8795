// Stylesheets are served from /assets/ with a long cache lifetime; their URLs carry a hash of the file's
// content, so a new release is fetched at once and an unchanged file is never fetched twice.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'static');
/** The Digital Agency design tokens, served as /assets/tokens.css. */
export const TOKENS_CSS = readFileSync(join(dirname(require.resolve('@digital-go-jp/design-tokens/package.json')), 'dist/tokens.css'));

const hashes = new Map<string, string>();

function contentHash(name: string): string {
  let h = hashes.get(name);
  if (!h) {
    const bytes = name === 'tokens.css' ? TOKENS_CSS : readFileSync(join(STATIC_DIR, name));
    h = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
    hashes.set(name, h);
  }
  return h;
}

export function assetUrl(name: 'app.css' | 'tokens.css'): string {
  return `/assets/${name}?v=${contentHash(name)}`;
}
