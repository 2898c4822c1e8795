// Markdown written by organisations, rendered for the advisory pages, the Atom feed and (as plain
// text) the messages sent to subscribers. `html: false` makes markdown-it escape any raw HTML in the
// source (<script>, <img onerror>…), so its output needs no sanitizer (docs/ENGINEERING.md); links
// written by organisations open without the referrer and carry no endorsement (nofollow).
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

// Only web and mail links: markdown-it's own validateLink already refuses javascript:, vbscript:,
// file: and most data: URLs; this keeps the rest to what a warning needs to point at.
const defaultValidate = md.validateLink.bind(md);
md.validateLink = (url: string) => defaultValidate(url) && /^(https?:|mailto:|#|\/)/i.test(url.trim());

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** HTML of a Markdown text. The only markup the views insert as HTML (see views.tsx). */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** The same text as plain lines, for email, web push and webhooks: no markup, no Markdown marks. */
export function markdownToPlain(source: string): string {
  const lines: string[] = [];
  let line = '';
  let listDepth = 0;
  const flush = () => {
    if (line.trim()) lines.push(line.trim());
    line = '';
  };
  for (const t of md.parse(source, {})) {
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') listDepth++;
    else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') listDepth--;
    else if (t.type === 'list_item_open') {
      flush();
      line = `${'  '.repeat(Math.max(0, listDepth - 1))}・`;
    } else if (t.type === 'inline') {
      for (const c of t.children ?? []) {
        if (c.type === 'text' || c.type === 'code_inline') line += c.content;
        else if (c.type === 'softbreak' || c.type === 'hardbreak') {
          flush();
        } else if (c.type === 'link_close') {
          // Keep the address of a link whose text is not the address itself.
          const open = (t.children ?? []).slice(0, (t.children ?? []).indexOf(c)).reverse().find((x) => x.type === 'link_open');
          const href = String(open?.attrGet('href') ?? '');
          if (href && !line.endsWith(href)) line += ` (${href})`;
        }
      }
    } else if (t.type === 'code_block' || t.type === 'fence') {
      flush();
      lines.push(...t.content.split('\n').filter((l) => l.trim()));
    } else if (t.type === 'paragraph_close' || t.type === 'heading_close') {
      flush();
    }
  }
  flush();
  return lines.join('\n');
}
