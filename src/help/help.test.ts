// 「困ったときは」: realistic cases through the real pages (one question per page, answers in the URL),
// the result's desks in order; the program office edits the rules as data (/admin/help) and the
// result changes without a code change; an invalid document is refused naming the JSON path; earlier
// versions are kept and restorable; only administrators reach the editor.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client, createUser, signIn, type TestUser } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { DEFAULT_FLOW_TEXT } from './service.ts';

interface Case {
  name: string;
  answers: Record<string, string>;
  /** Desks that must come first, in the urgent box, in this order. */
  urgent?: string[];
  /** Desks that must be listed (after any urgent ones), in this relative order. */
  desks: string[];
  /** Desks that must not be shown anywhere. */
  not?: string[];
  /** Words that must appear among the first steps. */
  steps?: RegExp[];
}

const CASES: Case[] = [
  {
    name: '75-year-old in Aichi whose bank account is being drained now: 110 and the bank first, then the Aichi police desk',
    answers: { what: 'fraud', who: 'individuals', where: '23', involved: 'money', now: 'yes' },
    urgent: ['police-110', 'your-bank'],
    desks: ['police-cyber-23', 'police-9110'],
    not: ['police-cyber-13', 'ipa-j-crat'],
    steps: [/ATM/, /110番/],
  },
  {
    name: 'tech-support scam being paid right now, no prefecture given: 110 and the bank first; no prefectural desk',
    answers: { what: 'fraud', who: 'individuals', involved: 'unknown', now: 'yes' },
    urgent: ['police-110', 'your-bank'],
    desks: ['police-9110', 'npa-cybercrime-site'],
    not: ['police-cyber-13', 'police-cyber-23'],
  },
  {
    name: 'small firm hit by ransomware in Osaka: IPA, J-CRAT and the Osaka police desk; not the consumer hotline',
    answers: { what: 'malware', who: 'sme', where: '27', involved: 'personal_data', now: 'yes' },
    desks: ['ipa-anshin', 'police-cyber-27', 'ipa-j-crat'],
    not: ['consumer-hotline-188', 'police-110'],
    steps: [/身代金は払わない/, /ネットワークから外して/],
  },
  {
    name: 'phishing email, nothing typed in, no loss: 迷惑メール相談センター and IPA, no police, no bank',
    answers: { what: 'suspicious_message', who: 'individuals', where: '13', involved: 'neither', now: 'no' },
    desks: ['ipa-anshin', 'dekyo-spam-mail'],
    not: ['police-110', 'your-bank', 'police-cyber-13', 'police-9110'],
    steps: [/リンクを開かず/],
  },
  {
    name: 'card number typed into a fake site yesterday: the bank, then the Tokyo police desk (警視庁)',
    answers: { what: 'suspicious_message', who: 'individuals', where: '13', involved: 'money', now: 'no' },
    desks: ['your-bank', 'police-cyber-13', 'dekyo-spam-mail'],
    not: ['police-110'],
    steps: [/パスワード/],
  },
  {
    name: 'harassment on social media in Fukuoka: the Fukuoka police desk and #9110',
    answers: { what: 'sns', who: 'individuals', where: '40', involved: 'neither', now: 'no' },
    desks: ['police-cyber-40', 'police-9110'],
    not: ['police-110', 'your-bank', 'ipa-j-crat'],
    steps: [/URL/, /通報/],
  },
  {
    name: 'personal data leak at a company in Hokkaido: IPA and the Hokkaido police desk, and the duty to report',
    answers: { what: 'data_leak', who: 'sme', where: '01', involved: 'personal_data', now: 'no' },
    desks: ['ipa-anshin', 'police-cyber-01'],
    not: ['consumer-hotline-188', 'police-110'],
    steps: [/個人情報保護委員会/],
  },
  {
    name: 'a large firm under targeted attack: J-CRAT and the police; not the desks for individuals',
    answers: { what: 'company_incident', who: 'large_enterprise', where: '14', involved: 'unknown', now: 'yes' },
    desks: ['police-cyber-14', 'ipa-j-crat'],
    not: ['consumer-hotline-188', 'dekyo-spam-mail', 'police-110'],
  },
  {
    name: 'a municipality with malware: J-CRAT and the prefectural police',
    answers: { what: 'malware', who: 'local_government', where: '26', involved: 'unknown', now: 'no' },
    desks: ['police-cyber-26', 'ipa-j-crat'],
    not: ['consumer-hotline-188'],
  },
  {
    name: 'a fake virus warning on a home computer, no loss: IPA only, no police',
    answers: { what: 'malware', who: 'individuals', involved: 'neither', now: 'no' },
    desks: ['ipa-anshin'],
    not: ['police-110', 'your-bank', 'ipa-j-crat'],
    steps: [/電話しないで/],
  },
  {
    name: 'account taken over (individual in Miyagi): the Miyagi police desk and IPA',
    answers: { what: 'account', who: 'individuals', where: '04', involved: 'personal_data', now: 'no' },
    desks: ['police-cyber-04', 'police-9110', 'ipa-anshin'],
    not: ['police-110'],
    steps: [/2段階認証/],
  },
  {
    name: 'a bill for a site never used: the consumer hotline 188',
    answers: { what: 'consumer', who: 'individuals', where: '33', involved: 'neither', now: 'no' },
    desks: ['consumer-hotline-188'],
    not: ['police-110', 'ipa-j-crat'],
  },
  {
    name: 'a school not sure what happened: general desks',
    answers: { what: 'other', who: 'education', involved: 'unknown', now: 'unknown' },
    desks: ['npa-at-police'],
    not: ['police-110', 'consumer-hotline-188'],
  },
  {
    name: 'money lost to an investment scam last month (Hiroshima): the bank and the Hiroshima police, not 110',
    answers: { what: 'fraud', who: 'individuals', where: '34', involved: 'money', now: 'no' },
    desks: ['your-bank', 'police-cyber-34', 'consumer-hotline-188'],
    not: ['police-110'],
  },
];

const ORDER = ['what', 'who', 'where', 'involved', 'now'];

for (const dialect of testDialects()) {
  describe(`guided help (${dialect})`, () => {
    let t: TestApp;
    let admin: TestUser;
    let adm: Client;
    let slugOf: Map<number, string>;

    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
      admin = await createUser(t.db.handle, { email: 'admin@office.example', displayName: '管理 花子', role: 'admin', totp: true });
      adm = new Client(t.app);
      await signIn(adm, admin);
      slugOf = new Map((await t.db.handle.db.selectFrom('desks').select(['id', 'slug']).execute()).map((r) => [r.id, r.slug]));
    });
    after(async () => {
      await t?.close();
    });

    /** The desks of a result page, by slug, in the order shown: the urgent box first. */
    function desksOn(body: string): { urgent: string[]; all: string[] } {
      const ids = (html: string) => [...html.matchAll(/<h3 class="desk-card-title"><a href="(?:\/en)?\/desks\/(\d+)"/g)].map((m) => slugOf.get(Number(m[1]))!);
      const urgentHtml = /<section class="urgent-box"[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
      return { urgent: ids(urgentHtml), all: ids(body) };
    }

    /** Answers question by question through the forms, as a browser without JavaScript does. */
    async function walk(answers: Record<string, string>, prefix = ''): Promise<string> {
      const c = new Client(t.app);
      let res = await c.get(`${prefix}/help`);
      assert.equal(res.statusCode, 200);
      let url = /<a class="button button-primary" href="([^"]+)"/.exec(res.body)![1]!;
      for (let i = 0; i < 10; i++) {
        res = await c.get(url);
        assert.equal(res.statusCode, 200, url);
        const qid = /name="_q" value="([^"]+)"/.exec(res.body)![1]!;
        const hidden = [...res.body.matchAll(/<input type="hidden" name="([^"_][^"]*)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]);
        const p = new URLSearchParams([['_q', qid], ...hidden, [qid, answers[qid] ?? '']]);
        const next = await c.get(`${prefix}/help/answer?${p}`);
        assert.equal(next.statusCode, 303, `${qid}: ${next.body.slice(0, 300)}`);
        url = String(next.headers.location);
        if (url.includes('/help/result')) break;
      }
      assert.match(url, /\/help\/result\?/);
      const result = await c.get(url);
      assert.equal(result.statusCode, 200);
      return result.body;
    }

    for (const c of CASES) {
      test(`case: ${c.name}`, async () => {
        const body = await walk(c.answers);
        const { urgent, all } = desksOn(body);
        if (c.urgent) {
          assert.deepEqual(urgent, c.urgent, 'urgent desks, in order');
          assert.deepEqual(all.slice(0, c.urgent.length), c.urgent, 'urgent desks come first on the page');
          assert.match(body, /今すぐ連絡してください/);
          assert.match(body, /href="tel:110"/);
        } else {
          assert.deepEqual(urgent, [], 'no urgent box');
        }
        const rest = all.slice(urgent.length);
        let last = -1;
        for (const d of c.desks) {
          const i = rest.indexOf(d);
          assert.ok(i >= 0, `${d} listed (got ${rest.join(', ')})`);
          assert.ok(i > last, `${d} after the desks before it (got ${rest.join(', ')})`);
          last = i;
        }
        for (const d of c.not ?? []) assert.ok(!all.includes(d), `${d} not shown (got ${all.join(', ')})`);
        for (const s of c.steps ?? []) assert.match(body, s);
        // The answers are summarised with links to change each one.
        assert.match(body, /あなたの回答/);
      });
    }

    test('English pages; the back link keeps the answers; a missing answer is an error on the same page (400)', async () => {
      const body = await walk(CASES[0]!.answers, '/en');
      assert.match(body, /Call now/);
      assert.match(body, /Aichi Prefectural Police/);
      const c = new Client(t.app);
      const q = await c.get('/help/now?what=fraud&who=individuals&where=23&involved=money');
      assert.match(q.body, /<a class="back-link" href="\/help\/involved\?what=fraud&amp;who=individuals&amp;where=23&amp;involved=money"/);
      const back = await c.get('/help/involved?what=fraud&who=individuals&where=23&involved=money');
      assert.match(back.body, /value="money" checked/);
      const missing = await c.get('/help/answer?_q=now&what=fraud&who=individuals&involved=money');
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /選択肢から1つ選んでください。/);
      assert.match(missing.body, /error-summary/);
      assert.match((await c.get('/en/help/answer?_q=now&what=fraud')).body, /Choose one of the options\./);
      // The optional prefecture may be left out; a wrong one is refused.
      const skip = await c.get('/help/answer?_q=where&what=fraud&who=individuals&where=');
      assert.equal(skip.statusCode, 303);
      assert.equal(skip.headers.location, '/help/involved?what=fraud&who=individuals');
      assert.equal((await c.get('/help/answer?_q=where&what=fraud&who=individuals&where=99')).statusCode, 400);
      // Bad answers elsewhere in the URL, and unknown questions: 4xx with a message, never 500.
      const bad = await c.get('/help/result?what=<script>&who=individuals&involved=money&now=yes');
      assert.equal(bad.statusCode, 400);
      assert.doesNotMatch(bad.body, /<script>/);
      assert.equal((await c.get('/help/nosuchquestion')).statusCode, 404);
      assert.equal((await c.get('/help/answer?_q=nosuch')).statusCode, 404);
      // A shortened result URL asks the missing question.
      const short = await c.get('/help/result?what=fraud');
      assert.equal(short.statusCode, 303);
      assert.equal(short.headers.location, '/help/who?what=fraud');
    });

    test('non-admins: anonymous users are sent to sign in, members and moderators get 403', async () => {
      const anon = new Client(t.app);
      for (const p of ['/admin/help', '/en/admin/help', '/admin/help/versions/1', '/admin/desks', '/admin/desks/new', '/admin/desks/1/edit']) {
        const r = await anon.get(p);
        assert.equal(r.statusCode, 303, p);
        assert.match(String(r.headers.location), /\/login\?next=/);
      }
      for (const role of ['member', 'moderator'] as const) {
        const u = await createUser(t.db.handle, { email: `${role}-help@office.example`, role, totp: role === 'moderator' });
        const c = new Client(t.app);
        await signIn(c, u);
        for (const p of ['/admin/help', '/admin/help/versions/1', '/admin/desks', '/admin/desks/new', '/admin/desks/1/edit']) assert.equal((await c.get(p)).statusCode, 403, `${role} ${p}`);
        await c.get('/my/account');
        const token = c.csrf();
        assert.equal((await c.post('/admin/help', { document: DEFAULT_FLOW_TEXT, note: 'x' }, token)).statusCode, 403);
        assert.equal((await c.post('/admin/help/versions/1/restore', {}, token)).statusCode, 403);
        assert.equal((await c.post('/admin/desks/1/edit', { nameJa: 'x' }, token)).statusCode, 403);
      }
      const versions = await t.db.handle.db.selectFrom('help_flows').select('version').execute();
      assert.deepEqual(versions.map((v) => v.version), [1]);
    });

    test('an invalid document is refused with 400, naming the JSON path and the problem in the page language; nothing is saved', async () => {
      const db = t.db.handle.db;
      const count = async () => Number((await db.selectFrom('help_flows').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      const doc = JSON.parse(DEFAULT_FLOW_TEXT);
      const withUnknownDesk = structuredClone(doc);
      withUnknownDesk.rules[0].desks = ['police-110', 'no-such-desk'];
      const withBadCondition = structuredClone(doc);
      withBadCondition.rules[3].when = { what: ['fraud', 'lottery'] };
      const withMissingText = structuredClone(doc);
      delete withMissingText.questions[1].text.en;
      const cases: [string, RegExp, RegExp][] = [
        [JSON.stringify(withUnknownDesk), /rules\[0\]\.desks\[1\]<\/code>：相談窓口「no-such-desk」は登録されていません/, /rules\[0\]\.desks\[1\]<\/code>：There is no desk &quot;no-such-desk&quot;/],
        [JSON.stringify(withBadCondition), /rules\[3\]\.when\.what\[1\]<\/code>：質問「what」に選択肢「lottery」はありません/, /Question &quot;what&quot; has no option &quot;lottery&quot;/],
        [JSON.stringify(withMissingText), /questions\[1\]\.text\.en<\/code>：必須の項目がありません（文字列を書いてください）。/, /questions\[1\]\.text\.en<\/code>：This required field is missing \(write a string\)\./],
        ['{ "title": ', /JSONとして読めません/, /This is not valid JSON/],
        ['<script>alert(1)</script>', /JSONとして読めません/, /This is not valid JSON/],
      ];
      for (const [text, ja, en] of cases) {
        await adm.get('/admin/help');
        const r = await adm.post('/admin/help', { document: text, note: 'テスト' }, adm.csrf('/admin/help'));
        assert.equal(r.statusCode, 400, text.slice(0, 60));
        assert.match(r.body, ja);
        assert.match(r.body, /保存されていません/);
        assert.doesNotMatch(r.body, /<script>alert/);
        if (text.includes('<script>')) assert.match(r.body, /&lt;script>alert\(1\)&lt;\/script>|&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'the text is kept, escaped');
        await adm.get('/en/admin/help');
        const e = await adm.post('/en/admin/help', { document: text, note: 'test' }, adm.csrf('/en/admin/help'));
        assert.equal(e.statusCode, 400);
        assert.match(e.body, en);
      }
      assert.equal(await count(), before, 'nothing saved');
      // Without the CSRF token: refused.
      assert.equal((await adm.post('/admin/help', { document: DEFAULT_FLOW_TEXT }, null)).statusCode, 403);
      assert.equal(await count(), before);
    });

    test('an edit of the rules changes the result without a code change; versions are kept (who, when) and an earlier one can be restored; audited', async () => {
      const db = t.db.handle.db;
      const answers = '?what=suspicious_message&who=individuals&where=13&involved=neither&now=no';
      const beforeEdit = desksOn((await t.app.inject(`/help/result${answers}`)).body);
      assert.ok(!beforeEdit.all.includes('consumer-hotline-188'));
      // The program office decides that unwanted email also goes to 188, first, with a step of its own.
      const doc = JSON.parse(DEFAULT_FLOW_TEXT);
      const rule = doc.rules.find((r: { id: string }) => r.id === 'suspicious_no_loss');
      rule.desks = ['consumer-hotline-188'];
      rule.steps.unshift({ ja: '事務局が追加した手順：家族に話してください。', en: 'Step added by the office: tell your family.' });
      await adm.get('/admin/help');
      const r = await adm.post('/admin/help', { document: JSON.stringify(doc), note: '188を追加' }, adm.csrf('/admin/help'));
      assert.equal(r.statusCode, 303, r.body.slice(0, 500));
      assert.equal(r.headers.location, '/admin/help?done=saved');
      const afterEdit = (await t.app.inject(`/help/result${answers}`)).body;
      assert.equal(desksOn(afterEdit).all[0], 'consumer-hotline-188');
      assert.match(afterEdit, /事務局が追加した手順：家族に話してください。/);

      const page = await adm.get('/admin/help');
      assert.match(page.body, /第2版/);
      assert.match(page.body, /管理 花子/);
      assert.match(page.body, /188を追加/);
      const v1 = await adm.get('/admin/help/versions/1');
      assert.equal(v1.statusCode, 200);
      assert.match(v1.body, /suspicious_no_loss/);

      // Restore version 1: a new version 3, and the result is as before.
      await adm.get('/admin/help');
      const restore = await adm.post('/admin/help/versions/1/restore', {}, adm.csrf('/admin/help/versions/1/restore'));
      assert.equal(restore.statusCode, 303);
      assert.deepEqual(desksOn((await t.app.inject(`/help/result${answers}`)).body).all, beforeEdit.all);
      const versions = await db.selectFrom('help_flows').select(['version', 'restored_from', 'created_by_name']).orderBy('version').execute();
      assert.deepEqual(versions.map((v) => [v.version, v.restored_from]), [[1, null], [2, null], [3, 1]]);
      assert.equal(versions[2]!.created_by_name, '管理 花子');
      const audit = await db.selectFrom('audit_events').select(['action', 'subject_id', 'actor_name']).where('subject_kind', '=', 'help_flow').orderBy('id').execute();
      assert.deepEqual(audit.map((a) => [a.action, a.subject_id, a.actor_name]), [['help_flow_saved', 2, '管理 花子'], ['help_flow_restored', 3, '管理 花子']]);
    });

    test('seeding again changes nothing (idempotent)', async () => {
      const { seedDesksAndHelp } = await import('./seed.ts');
      const n = async () => Number((await t.db.handle.db.selectFrom('desks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await n();
      await seedDesksAndHelp(t.db.handle);
      assert.equal(await n(), before);
      assert.equal(before, 56, '9 national desks and 47 prefectural police desks');
    });
  });
}

// Keeps the case table honest: each case answers every question it needs in the flow's order.
for (const c of CASES) for (const k of Object.keys(c.answers)) assert.ok(ORDER.includes(k), `${c.name}: unknown question ${k}`);
