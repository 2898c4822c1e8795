// Addresses in links, images and forms are safe by construction, as text is: every element preact renders
// passes through this hook, and an href, src, action or formaction whose scheme is not http, https, mailto or tel
// (javascript:, data:, vbscript:, …) is dropped before it reaches the HTML. The forms refuse such addresses
// already; this keeps one that arrives another way (the seed, an import, a row edited in the database, a
// future view) from becoming a live link. Relative addresses pass; `data:image/…` passes only as an image.
import { options, type VNode } from 'preact';

const URL_PROPS = ['href', 'src', 'action', 'formAction', 'formaction', 'poster', 'srcset', 'xlinkHref'] as const;
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

/**
 * The scheme a browser would read from `value` (it strips leading spaces and control characters and ignores
 * tabs and newlines anywhere), or null for a relative address.
 */
function schemeOf(value: string): string | null {
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned);
  return m ? m[1]!.toLowerCase() : null;
}

export function isSafeUrl(value: string, element?: string): boolean {
  const scheme = schemeOf(value);
  if (scheme === null || SAFE_SCHEMES.has(scheme)) return true;
  return scheme === 'data' && (element === 'img' || element === 'source') && /^\s*data:image\/(png|gif|jpeg|webp|avif);/i.test(value);
}

let installed = false;

/** Installs the hook once per process (render.ts calls it before the first render). */
export function installSafeUrls(): void {
  if (installed) return;
  installed = true;
  const previous = options.vnode;
  options.vnode = (vnode: VNode) => {
    if (typeof vnode.type === 'string' && vnode.props) {
      const props = vnode.props as Record<string, unknown>;
      for (const name of URL_PROPS) {
        const v = props[name];
        if (typeof v === 'string' && !isSafeUrl(v, vnode.type)) delete props[name];
      }
    }
    previous?.(vnode);
  };
}
