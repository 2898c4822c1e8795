// The XSS payload matrix (issue 9): each payload, when it runs, calls the page's global marker
// `__xss(tag)` — the tag names the field and the payload — so any execution is recorded with both. The
// browser suite exposes the marker (page.exposeBinding); the HTML checks look for the payload's markup
// arriving unescaped.
//
// `stored: false` marks payloads only sent in query strings: PostgreSQL text cannot hold NUL, and the
// forms refuse control characters, so a stored NUL is not a way in.

export const MARKER = '__xss';

export interface Payload {
  id: string;
  /** What the payload tries, for the report. */
  what: string;
  make(tag: string): string;
  stored?: false;
}

const call = (tag: string) => `${MARKER}('${tag}')`;

export const PAYLOADS: Payload[] = [
  { id: 'script', what: '<script> element', make: (t) => `<script>${call(t)}</script>` },
  { id: 'img', what: '<img onerror>', make: (t) => `<img src=x onerror="${call(t)}">` },
  { id: 'svg', what: '<svg onload>', make: (t) => `<svg onload=${call(t)}>` },
  { id: 'dq-break', what: 'double-quoted attribute breakout', make: (t) => `"><script>${call(t)}</script>` },
  { id: 'sq-break', what: 'attribute breakout with event handlers', make: (t) => `'" autofocus onfocus="${call(t)}" onmouseover="${call(t)}" x='` },
  { id: 'js-url', what: 'javascript: URL', make: (t) => `javascript:${call(t)}` },
  { id: 'data-url', what: 'data:text/html URL', make: (t) => `data:text/html,<script>parent.${call(t)}</script>` },
  { id: 'vb-url', what: 'vbscript: URL', make: (t) => `vbscript:${call(t)}` },
  { id: 'textarea', what: '</textarea> breakout', make: (t) => `</textarea><script>${call(t)}</script>` },
  { id: 'title', what: '</title> breakout', make: (t) => `</title><script>${call(t)}</script>` },
  { id: 'script-end', what: '</script> breakout (inline JSON)', make: (t) => `</script><script>${call(t)}</script>` },
  { id: 'iframe', what: '<iframe srcdoc>', make: (t) => `<iframe srcdoc="<script>parent.${call(t)}</script>"></iframe>` },
  { id: 'template', what: 'template injection', make: (t) => `{{constructor.constructor('${call(t).replace(/'/g, '"')}')()}} \${${call(t)}}` },
  { id: 'fullwidth', what: 'full-width ＜script＞ (NFKC folds it)', make: (t) => `＜script＞${call(t)}＜/script＞＜img src=x onerror=${call(t)}＞` },
  { id: 'split', what: 'tab and newline splits', make: (t) => `<img\tsrc=x\nonerror=${call(t)}><a href="java\nscript:${call(t)}">x</a>` },
  { id: 'nul', what: 'NUL inside a tag name', make: (t) => `<scr\u0000ipt>${call(t)}</script><img src=x\u0000 onerror=${call(t)}>`, stored: false },
  { id: 'entity-url', what: 'entity-encoded javascript: URL', make: (t) => `<a href="jav&#x09;ascript:${call(t)}">x</a><a href="&#106;avascript:${call(t)}">y</a>` },
  { id: 'md-link', what: 'Markdown link and image to javascript:', make: (t) => `[x](javascript:${call(t)}) ![y](javascript:${call(t)}) [z](JaVaScRiPt:${call(t)})` },
  { id: 'md-autolink', what: 'Markdown autolinks and data: links', make: (t) => `<javascript:${call(t)}> [d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [v](vbscript:${call(t)})` },
  { id: 'md-html', what: 'raw HTML in Markdown', make: (t) => `**b** <details open ontoggle=${call(t)}>x</details>\n\n<div><script>${call(t)}</script></div>` },
  { id: 'css', what: 'CSS: style attribute, </style> breakout', make: (t) => `x" style="background:url(javascript:${call(t)});width:expression(${call(t)})" </style><script>${call(t)}</script>` },
];

export const STORED_PAYLOADS = PAYLOADS.filter((p) => p.stored !== false);

/** The field and payload a tag stands for: `kind.field:payload`. */
export function tagOf(field: string, payload: Payload): string {
  return `${field}:${payload.id}`;
}

/**
 * What in a document would let a user's text run: an event-handler attribute, a srcdoc, a link, source
 * or form target with a scheme other than http(s), mailto and tel (data: only for images), a style that
 * calls script, or a script, style or meta refresh carrying the marker. The pages themselves have no
 * inline handlers, so any on* attribute is a finding. Written as one arrow function without helpers:
 * it runs both in Chromium (page.evaluate) and on linkedom's DOM.
 */
export const inspectDocument = (doc: Document): string[] => {
  const found: string[] = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite', 'ping'];
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      const shown = `<${tag} ${name}="${a.value.slice(0, 100)}">`;
      if (name.startsWith('on')) found.push(`event handler ${shown}`);
      else if (name === 'srcdoc') found.push(`srcdoc ${shown}`);
      else if (name === 'style' && /javascript:|expression\s*\(|__xss|url\s*\(/i.test(a.value)) found.push(`style ${shown}`);
      else if (urlAttrs.includes(name)) {
        // The URL parser drops tabs and newlines and leading controls/spaces before reading the scheme.
        const v = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        const scheme = /^([a-z][a-z0-9+.-]*):/.exec(v)?.[1];
        const image = scheme === 'data' && (tag === 'img' || tag === 'source') && /^data:image\/(png|jpeg|gif|webp);/.test(v);
        if (scheme && !['http', 'https', 'mailto', 'tel'].includes(scheme) && !image) found.push(`scheme ${scheme}: ${shown}`);
      }
    }
    if ((tag === 'script' || tag === 'style') && (el.textContent ?? '').includes('__xss')) found.push(`<${tag}> with the marker: ${(el.textContent ?? '').slice(0, 100)}`);
    if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? '')) found.push(`meta refresh ${el.getAttribute('content')}`);
    if (tag === 'iframe' || tag === 'object' || tag === 'embed' || tag === 'frame') {
      if ((el.getAttribute('src') ?? el.getAttribute('data') ?? '').includes('__xss')) found.push(`<${tag}> loading the marker`);
    }
  }
  return found;
};
