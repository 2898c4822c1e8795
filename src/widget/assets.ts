// The widget's three static files, read once at start. They are served by the widget's own routes
// (not the shared /assets/ directory) because they need headers the rest of the site must not have:
// Cross-Origin-Resource-Policy: cross-origin, since they are loaded by partner pages (widget.js) and
// by the sandboxed, opaque-origin widget document (the stylesheet and the frame script).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'static');

export interface WidgetAsset {
  body: Buffer;
  type: string;
  /** First 12 hex digits of the SHA-256 of the content: the cache-busting query and the ETag. */
  hash: string;
}

function load(name: string, type: string): WidgetAsset {
  const body = readFileSync(join(DIR, name));
  return { body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 12) };
}

export const WIDGET_CSS = load('widget.css', 'text/css; charset=utf-8');
export const WIDGET_FRAME_JS = load('widget-frame.js', 'text/javascript; charset=utf-8');
/** The loader partners paste: its URL has no hash (it is in their HTML), so it is cached briefly. */
export const WIDGET_LOADER_JS = load('widget.js', 'text/javascript; charset=utf-8');

export const WIDGET_CSS_PATH = '/assets/widget/widget.css';
export const WIDGET_FRAME_JS_PATH = '/assets/widget/frame.js';

export const widgetCssUrl = () => `${WIDGET_CSS_PATH}?v=${WIDGET_CSS.hash}`;
export const widgetFrameJsUrl = () => `${WIDGET_FRAME_JS_PATH}?v=${WIDGET_FRAME_JS.hash}`;
