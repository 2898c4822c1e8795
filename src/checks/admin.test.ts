// The program office replaces a self-check's wording without a code change: /admin/checks keeps every
// version, refuses invalid documents with the JSON path at fault, restores earlier versions, audits each
// change, and only administrators reach it. Runs on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, signIn } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { currentDocument } from './documents.ts';
import { CHECK_DOCUMENT_KINDS } from './kinds.ts';
import { quizKind } from './quiz-definition.ts';

for (const dialect of testDialects()) {
  describe(`self-check definitions administration (${dialect})`, () => {
    let t: TestApp;
    let adm: Client;

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      const admin = await createUser(t.db.handle, { email: 'admin-checks@office.example', displayName: '管理 太郎', role: 'admin', totp: true });
      adm = new Client(t.app);
      await signIn(adm, admin);
    });
    after(async () => t?.close());

    test('every shipped definition is valid and seeded as version 1, with its source and date', async () => {
      assert.equal(CHECK_DOCUMENT_KINDS.length, 5);
      for (const kind of CHECK_DOCUMENT_KINDS) {
        const parsed = kind.parse(kind.defaultText);
        assert.deepEqual(parsed.issues, [], kind.kind);
        const raw = JSON.parse(kind.defaultText) as { source?: { name?: unknown; date?: unknown } };
        assert.ok(raw.source?.name && /^\d{4}-\d{2}/.test(String(raw.source.date)), `${kind.kind} has a source and a date`);
        assert.equal((await currentDocument(t.db.handle.db, kind)).version, 1, kind.kind);
      }
      const page = await adm.get('/admin/checks');
      assert.equal(page.statusCode, 200);
      for (const kind of CHECK_DOCUMENT_KINDS) assert.ok(page.body.includes(`/admin/checks/${kind.kind}`), kind.kind);
    });

    test('an invalid document is refused with the path and what is wrong, and nothing is saved', async () => {
      await adm.get('/admin/checks/quiz');
      const broken = await adm.post('/admin/checks/quiz', { document: '{"title": ', note: 'x' }, adm.csrf('/admin/checks/quiz'));
      assert.equal(broken.statusCode, 400);
      assert.match(broken.body, /JSONとして読めません/);
      assert.match(broken.body, /\{&quot;title&quot;: |\{"title": /, 'the text is kept for correction');

      const doc = JSON.parse(quizKind.defaultText);
      doc.questions[0].options = [doc.questions[0].options[0]];
      await adm.get('/en/admin/checks/quiz');
      const shape = await adm.post('/en/admin/checks/quiz', { document: JSON.stringify(doc), note: 'x' }, adm.csrf('/en/admin/checks/quiz'));
      assert.equal(shape.statusCode, 400);
      assert.match(shape.body, /questions\[0\]\.options/);
      assert.equal((await currentDocument(t.db.handle.db, quizKind)).version, 1);
    });

    test('a valid change becomes the version in use; an earlier version can be restored; both are audited', async () => {
      const doc = JSON.parse(quizKind.defaultText);
      doc.questions[0].question.ja = '公式の文面に差し替えた問題です';
      await adm.get('/admin/checks/quiz');
      const saved = await adm.post('/admin/checks/quiz', { document: JSON.stringify(doc), note: '公式の文面' }, adm.csrf('/admin/checks/quiz'));
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, '/admin/checks/quiz?done=saved');
      const now = await currentDocument(t.db.handle.db, quizKind);
      assert.equal(now.version, 2);
      assert.equal(now.value.questions[0]!.question.ja, '公式の文面に差し替えた問題です');

      const v1 = await adm.get('/admin/checks/quiz/versions/1');
      assert.equal(v1.statusCode, 200);
      assert.match(v1.body, /sms_delivery/);
      await adm.get('/admin/checks/quiz');
      const restored = await adm.post('/admin/checks/quiz/versions/1/restore', {}, adm.csrf('/admin/checks/quiz/versions/1/restore'));
      assert.equal(restored.statusCode, 303);
      const back = await currentDocument(t.db.handle.db, quizKind);
      assert.equal(back.version, 3);
      assert.deepEqual(back.value, quizKind.parse(quizKind.defaultText).value);

      const audit = await t.db.handle.db.selectFrom('audit_events').select(['action', 'subject_kind']).where('subject_kind', '=', 'check_document').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['check_document_saved', 'check_document_restored']);
      const history = await adm.get('/admin/checks/quiz');
      assert.match(history.body, /第3版（使用中）/);
      assert.match(history.body, /公式の文面/);
    });

    test('unknown kinds and versions are 404; only administrators reach the editor', async () => {
      assert.equal((await adm.get('/admin/checks/nothing')).statusCode, 404);
      assert.equal((await adm.get('/admin/checks/quiz/versions/99')).statusCode, 404);
      const anon = new Client(t.app);
      const r = await anon.get('/admin/checks/quiz');
      assert.equal(r.statusCode, 303);
      assert.match(String(r.headers.location), /\/login\?next=/);
      const member = await createUser(t.db.handle, { email: 'member-checks@office.example', role: 'member' });
      const c = new Client(t.app);
      await signIn(c, member);
      assert.equal((await c.get('/admin/checks')).statusCode, 403);
      await c.get('/my/account');
      assert.equal((await c.post('/admin/checks/quiz', { document: quizKind.defaultText, note: 'x' }, c.csrf())).statusCode, 403);
      assert.equal((await currentDocument(t.db.handle.db, quizKind)).version, 3);
    });
  });
}
