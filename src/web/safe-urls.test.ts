// Unsafe addresses never become live links, whatever view renders them (web/safe-urls.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { h, type VNode } from 'preact';
import { renderDocument } from './render.ts';

const render = (type: string, props: Record<string, string>) => renderDocument(h(type, props) as VNode);

test('javascript:, vbscript: and data: addresses are dropped from links, forms and images, however they are spelt', () => {
  for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' \u0001javascript:alert(1)', 'jav\tascript:alert(1)', 'java\nscript:alert(1)', 'vbscript:msgbox(1)', 'data:text/html,<script>alert(1)</script>', 'data:image/svg+xml,<svg onload=alert(1)>']) {
    assert.doesNotMatch(render('a', { href: bad }), /href=/, `a href=${JSON.stringify(bad)}`);
    assert.doesNotMatch(render('form', { action: bad }), /action=/, `form action=${JSON.stringify(bad)}`);
    assert.doesNotMatch(render('iframe', { src: bad }), /src=/, `iframe src=${JSON.stringify(bad)}`);
  }
  assert.doesNotMatch(render('a', { href: 'data:image/png;base64,AAAA' }), /href=/, 'an image address is not a link');
});

test('ordinary addresses are kept: relative, http(s), mailto, tel, and data:image for images', () => {
  for (const ok of ['/initiatives?q=詐欺', 'materials/3', '#main', '?page=2', 'https://www.ipa.go.jp/security/', 'http://example.jp/', 'mailto:soudan@example.jp', 'tel:0120-000-000', 'https://example.jp/a:b']) {
    assert.match(render('a', { href: ok }), /href=/, ok);
  }
  assert.match(render('img', { src: 'data:image/png;base64,AAAA', alt: '' }), /src="data:image\/png/);
});
