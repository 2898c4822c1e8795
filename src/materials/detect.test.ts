// What an upload is, from its bytes; names sanitised; Content-Disposition encoded. No database needed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentDisposition, detectBuffer, nameFor, sanitiseName, type Detection } from './detect.ts';
import { CSV, docx, ELF, EXE, GIF, GIF_JS, HTML, HTML_LATE, LATIN1, pdf, PDF_HTML, PNG, pptx, SHELL, SVG_PLAIN, SVG_SCRIPT, TEXT, ZIP_EXE, zip } from './test-files.ts';

const mediaType = (d: Detection) => (d.ok ? d.type.mediaType : `refused:${d.reason}`);

test('accepted types are recognised from their content', async () => {
  assert.equal(mediaType(await detectBuffer(pdf())), 'application/pdf');
  assert.equal(mediaType(await detectBuffer(PNG)), 'image/png');
  assert.equal(mediaType(await detectBuffer(GIF)), 'image/gif');
  assert.equal(mediaType(await detectBuffer(docx())), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.equal(mediaType(await detectBuffer(pptx())), 'application/vnd.openxmlformats-officedocument.presentationml.presentation');
  assert.equal(mediaType(await detectBuffer(TEXT)), 'text/plain');
  assert.equal(mediaType(await detectBuffer(CSV)), 'text/plain');
});

test('polyglots are what their magic number says (and are served as that, never as a page)', async () => {
  assert.equal(mediaType(await detectBuffer(GIF_JS)), 'image/gif');
  assert.equal(mediaType(await detectBuffer(PDF_HTML)), 'application/pdf');
});

test('HTML, SVG, programs, macros, archives and non-UTF-8 text are refused', async () => {
  assert.equal(mediaType(await detectBuffer(HTML)), 'refused:html');
  assert.equal(mediaType(await detectBuffer(HTML_LATE)), 'refused:html');
  assert.equal(mediaType(await detectBuffer(SVG_SCRIPT)), 'refused:svg');
  assert.equal(mediaType(await detectBuffer(SVG_PLAIN)), 'refused:svg');
  assert.equal(mediaType(await detectBuffer(EXE)), 'refused:executable');
  assert.equal(mediaType(await detectBuffer(ELF)), 'refused:executable');
  assert.equal(mediaType(await detectBuffer(SHELL)), 'refused:executable');
  assert.equal(mediaType(await detectBuffer(docx({ macro: true }))), 'refused:macro');
  assert.equal(mediaType(await detectBuffer(ZIP_EXE)), 'refused:not_allowed');
  // A ZIP that names a Word part without the package structure is not a document.
  assert.equal(mediaType(await detectBuffer(zip([{ name: 'word/document.xml', data: '<x/>' }]))), 'refused:not_allowed');
  assert.equal(mediaType(await detectBuffer(LATIN1)), 'refused:not_allowed');
  assert.equal(mediaType(await detectBuffer(Buffer.alloc(0))), 'refused:empty');
});

test('the name must agree with the content; a missing extension is added', async () => {
  const d = await detectBuffer(PNG);
  assert.ok(d.ok);
  assert.equal(nameFor('leaflet.pdf', d.type), null);
  assert.equal(nameFor('photo.PNG', d.type)?.name, 'photo.PNG');
  assert.equal(nameFor('photo', d.type)?.name, 'photo.png');
  const t = await detectBuffer(TEXT);
  assert.ok(t.ok);
  assert.equal(nameFor('list.csv', t.type)?.type.mediaType, 'text/csv');
  assert.equal(nameFor('page.html', t.type), null);
});

test('names are sanitised: no paths, controls, bidi overrides or huge lengths', () => {
  assert.equal(sanitiseName('../../etc/passwd'), 'passwd');
  assert.equal(sanitiseName('a\\b.txt'), 'b.txt');
  assert.equal(sanitiseName('C:\\Users\\x\\leaflet.pdf'), 'leaflet.pdf');
  assert.equal(sanitiseName('ev\u0000il.txt'), 'evil.txt');
  assert.equal(sanitiseName('invoice\u202Efdp.txt'), 'invoicefdp.txt');
  assert.equal(sanitiseName('...hidden'), 'hidden');
  assert.equal(sanitiseName('a"b<c>.txt'), 'a_b_c_.txt');
  const long = sanitiseName(`${'あ'.repeat(300)}.pdf`);
  assert.equal(Array.from(long).length, 120);
  assert.ok(long.endsWith('.pdf'));
});

test('Content-Disposition carries an ASCII fallback and the RFC 5987 name', () => {
  assert.equal(contentDisposition('attachment', 'チラシ 2026.pdf'), `attachment; filename="___ 2026.pdf"; filename*=UTF-8''%E3%83%81%E3%83%A9%E3%82%B7%202026.pdf`);
  assert.equal(contentDisposition('attachment', `it's (1).txt`), `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`);
});
