// The knowledge quiz: the bank's cross-checks, the random draw, the signed state (a changed selection,
// a forged signature, answers that are not options → 400 with a restart link, nothing stored), a walk
// with known answers (feedback, explanations, score by hand) and the stored anonymous row's encoding.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_QUIZ_TEXT, parseQuizBank } from '../checks/quiz-definition.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';
import { Client } from '../../test/support/client.ts';
import { testDialects } from '../../test/support/databases.ts';
import { FIXTURE } from '../../test/support/fixture.ts';
import { decodeSelection, draw, encodeSelection, quizStateKey, scoreQuiz, storedAnswers, validState } from './state.ts';

const BANK = parseQuizBank(DEFAULT_QUIZ_TEXT).value!;
const KEY = Buffer.alloc(32, 7);

test('the shipped bank: at least 20 questions, 2–4 options, the correct one among them, ten drawn', () => {
  assert.ok(BANK.questions.length >= 20);
  assert.equal(BANK.drawCount, 10);
  for (const q of BANK.questions) {
    assert.ok(q.options.length >= 2 && q.options.length <= 4, q.id);
    assert.ok(q.options.some((o) => o.id === q.correct), q.id);
    assert.ok(q.explanation.ja && q.explanation.en, q.id);
  }
  const topics = new Set(BANK.questions.map((q) => q.topic));
  for (const t of ['phishing', 'smishing', 'passwords', 'mfa', 'updates', 'backups', 'public_wifi', 'support_scam', 'one_time_code', 'fake_shop', 'sns', 'ransomware']) assert.ok(topics.has(t), t);
});

test('bank cross-checks name the JSON path: duplicate ids, a correct answer that is no option, too few questions', () => {
  const doc = JSON.parse(DEFAULT_QUIZ_TEXT);
  doc.questions[1].id = doc.questions[0].id;
  doc.questions[2].correct = 'd';
  doc.questions[3].options[1].id = 'a';
  const r = parseQuizBank(JSON.stringify(doc));
  assert.equal(r.value, null);
  assert.ok(r.issues.some((i) => i.path === 'questions[1].id'));
  assert.ok(r.issues.some((i) => i.path === 'questions[2].correct'));
  assert.ok(r.issues.some((i) => i.path === 'questions[3].options[1].id'));
  const few = JSON.parse(DEFAULT_QUIZ_TEXT);
  few.questions = few.questions.slice(0, 9);
  assert.equal(parseQuizBank(JSON.stringify(few)).issues[0]!.path, 'questions');
  const many = JSON.parse(DEFAULT_QUIZ_TEXT);
  many.drawCount = 20;
  many.questions = many.questions.slice(0, 12);
  assert.equal(parseQuizBank(JSON.stringify(many)).issues[0]!.path, 'drawCount');
  const five = JSON.parse(DEFAULT_QUIZ_TEXT);
  five.questions[0].options.push({ id: 'd', text: { ja: 'x', en: 'x' } }, { id: 'e', text: { ja: 'y', en: 'y' } });
  assert.ok(parseQuizBank(JSON.stringify(five)).issues.some((i) => i.path.startsWith('questions[0].options')));
});

test('draw: ten distinct questions; over many draws every question comes up', () => {
  const seen = new Set<number>();
  for (let i = 0; i < 300; i++) {
    const d = draw(BANK.questions.length, 10);
    assert.equal(d.length, 10);
    assert.equal(new Set(d).size, 10);
    assert.ok(d.every((x) => x >= 0 && x < BANK.questions.length));
    d.forEach((x) => seen.add(x));
  }
  assert.equal(seen.size, BANK.questions.length);
});

test('state: signed selection round-trips; any change breaks the signature', () => {
  const idx = [0, 5, 22, 3, 4, 1, 2, 9, 10, 11];
  const s = encodeSelection(KEY, 3, idx);
  assert.deepEqual(decodeSelection(KEY, s), { version: 3, indexes: idx });
  assert.deepEqual(decodeSelection(KEY, encodeSelection(KEY, null, idx)), { version: null, indexes: idx });
  const [v, ix, mac] = s.split('.') as [string, string, string];
  assert.equal(decodeSelection(KEY, `${v}.${ix.replace(/^00/, '01')}.${mac}`), null, 'another question');
  assert.equal(decodeSelection(KEY, `4.${ix}.${mac}`), null, 'another version');
  assert.equal(decodeSelection(KEY, `${v}.${ix}.${mac.slice(0, 15)}A`), null, 'forged signature');
  assert.equal(decodeSelection(Buffer.alloc(32, 8), s), null, 'another installation');
  for (const bad of [undefined, 42, '', 'x', `${s}.`, ['a']]) assert.equal(decodeSelection(KEY, bad), null);
});

test('scoring and the stored encoding by hand: one character per bank question, "-" when not drawn', () => {
  const idx = [2, 0, 1, 3, 4, 5, 6, 7, 8, 9];
  const right = idx.map((i) => BANK.questions[i]!.correct).join('');
  assert.equal(scoreQuiz(BANK, idx, right), 10);
  // Wrong on the first two: pick any option that is not the correct one.
  const wrongOf = (i: number) => BANK.questions[i]!.options.find((o) => o.id !== BANK.questions[i]!.correct)!.id;
  const answers = wrongOf(2) + wrongOf(0) + right.slice(2);
  assert.equal(scoreQuiz(BANK, idx, answers), 8);
  const stored = storedAnswers(BANK, idx, answers);
  assert.equal(stored.length, BANK.questions.length);
  assert.equal(stored[2], wrongOf(2));
  assert.equal(stored[0], wrongOf(0));
  assert.equal(stored[1], BANK.questions[1]!.correct);
  assert.equal(stored.slice(10), '-'.repeat(BANK.questions.length - 10));
  assert.ok(validState(BANK, idx, answers));
  assert.ok(!validState(BANK, idx, answers + 'a'), 'more answers than questions');
  assert.ok(!validState(BANK, [...idx.slice(0, 9), 2], ''), 'a question twice');
  assert.ok(!validState(BANK, idx.slice(0, 9), ''), 'nine questions');
  assert.ok(!validState(BANK, [...idx.slice(0, 9), 999], ''), 'no such question');
  const twoOptions = BANK.questions.findIndex((q) => q.options.length === 2);
  assert.ok(!validState(BANK, [twoOptions, ...idx.filter((i) => i !== twoOptions).slice(0, 9)], 'c'), 'no option c');
});

for (const dialect of testDialects()) {
  describe(`quiz (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(dialect, FIXTURE);
    });
    after(async () => {
      await t?.close();
    });

    const quizRows = () => t.db.handle.db.selectFrom('check_results').selectAll().where('check_kind', '=', 'quiz').orderBy('id').execute();
    const unescape = (s: string) => s.replace(/&amp;/g, '&');

    async function begin(c: Client, prefix = ''): Promise<string> {
      const start = await c.get(`${prefix}/quiz`);
      assert.equal(start.statusCode, 200);
      const r = await c.post(`${prefix}/quiz/start`, {});
      assert.equal(r.statusCode, 303);
      return String(r.headers.location);
    }

    const stateOf = (body: string) => ({ s: unescape(/name="s" value="([^"]+)"/.exec(body)![1]!), a: /name="a" value(?:="([^"]*)")?/.exec(body)![1] ?? '' });

    test('ten questions, feedback with the explanation after each, the score by hand, one anonymous row', async () => {
      const before = (await quizRows()).length;
      const c = new Client(t.app);
      let url = await begin(c);
      assert.match(url, /^\/quiz\/q\?s=/);
      const asked: number[] = [];
      for (let k = 1; k <= 10; k++) {
        const page = await c.get(url);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, new RegExp(`問題 ${k} / 10`));
        const { s, a } = stateOf(page.body);
        const sel = decodeSelection(await quizStateKey(t.db.handle.db), s)!;
        assert.equal(a.length, k - 1);
        const q = BANK.questions[sel.indexes[k - 1]!]!;
        assert.ok(page.body.includes(q.options[0]!.text.ja.slice(0, 8)), 'the page shows the drawn question');
        asked.push(sel.indexes[k - 1]!);
        // Right on odd questions, wrong on even ones: 5 of 10.
        const choice = k % 2 ? q.correct : q.options.find((o) => o.id !== q.correct)!.id;
        const r = await c.post('/quiz/answer', { s, a, choice });
        assert.equal(r.statusCode, 303);
        const feedback = await c.get(String(r.headers.location));
        assert.equal(feedback.statusCode, 200);
        assert.match(feedback.body, k % 2 ? /◯ <\/span>正解です/ : /✕ <\/span>不正解です/);
        assert.ok(feedback.body.includes(q.explanation.ja.slice(0, 20)), 'the explanation');
        if (k % 2 === 0) assert.ok(feedback.body.includes(`正しい答え：${q.options.find((o) => o.id === q.correct)!.text.ja.slice(0, 10)}`));
        url = unescape(/class="button button-primary" href="([^"]+)"/.exec(feedback.body)![1]!);
        assert.match(url, k < 10 ? /^\/quiz\/q\?/ : /^\/quiz\/result\?/);
      }
      assert.equal(new Set(asked).size, 10);
      const result = await c.get(url);
      assert.equal(result.statusCode, 200);
      assert.match(result.body, /10問中 5問 正解でした/);
      assert.match(result.body, /href="\/check"/);
      assert.match(result.body, /href="\/materials"/);
      assert.equal(result.body.split('class="quiz-verdict').length - 1, 10, 'a review of every question');
      // Reloading the result (or the last feedback) stores nothing more.
      await c.get(url);
      const rows = await quizRows();
      assert.equal(rows.length, before + 1);
      const row = rows.at(-1)!;
      assert.equal(Number(row.score), 5);
      assert.equal(row.answers.length, BANK.questions.length);
      assert.equal(row.answers.replace(/-/g, '').length, 10);
      asked.forEach((i, k) => assert.equal(row.answers[i] === BANK.questions[i]!.correct, k % 2 === 0, `question ${k + 1}`));
      assert.equal(row.age_band, null);
      assert.equal(row.prefecture, null);
      assert.equal(row.definition_version, 1);
    });

    test('a skipped answer: 400 on the same question with an error summary; an answer that is no option: 400; nothing stored', async () => {
      const before = (await quizRows()).length;
      const c = new Client(t.app);
      const page = await c.get(await begin(c, '/en'));
      const { s } = stateOf(page.body);
      const skipped = await c.post('/en/quiz/answer', { s, a: '' });
      assert.equal(skipped.statusCode, 400);
      assert.match(skipped.body, /<a href="#choice-0">Choose one answer.<\/a>/);
      assert.match(skipped.body, /Question 1 \/ 10/);
      assert.equal(stateOf(skipped.body).s, s, 'the journey is kept');
      const bad = await c.post('/en/quiz/answer', { s, a: '', choice: 'z' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /choose again/);
      assert.equal((await quizRows()).length, before);
    });

    test('tampered state: changed selection, forged signature, impossible answers → 400 with a restart link, nothing stored', async () => {
      const before = (await quizRows()).length;
      const c = new Client(t.app);
      const first = await c.get(await begin(c));
      const { s } = stateOf(first.body);
      const [v, ix, mac] = s.split('.') as [string, string, string];
      const swapped = `${v}.${ix.slice(2)}${ix.slice(0, 2)}.${mac}`;
      const cases = [
        `/quiz/q?s=${encodeURIComponent(swapped)}`,
        `/quiz/q?s=${encodeURIComponent(`${v}.${ix}.${'A'.repeat(16)}`)}`,
        `/quiz/q?s=${encodeURIComponent(s)}&a=zz`,
        `/quiz/q?s=${encodeURIComponent(s)}&a=${'a'.repeat(11)}`,
        `/quiz/q?s=${encodeURIComponent(s)}&a=a&a=b`,
        '/quiz/q',
        `/quiz/feedback?s=${encodeURIComponent(`999.${ix}.${mac}`)}&a=a`,
        `/quiz/result?s=${encodeURIComponent(s.slice(0, -1))}&a=aaaaaaaaaa`,
      ];
      for (const url of cases) {
        const r = await c.get(url);
        assert.equal(r.statusCode, 400, url);
        assert.match(r.body, /クイズを続けられません/);
        assert.match(r.body, /href="\/quiz">はじめからやり直す/);
      }
      await c.get('/quiz');
      const csrf = c.csrf();
      assert.equal((await c.post('/quiz/answer', { s: swapped, a: '', choice: 'a' }, csrf)).statusCode, 400);
      const r = await c.post('/quiz/answer', { s: `${v}.${ix}.${'B'.repeat(16)}`, a: 'aaaaaaaaa', choice: 'a' }, csrf);
      assert.equal(r.statusCode, 400);
      assert.equal((await quizRows()).length, before);
    });

    test('partial URLs lead to the right page: the result before the end goes to the next question', async () => {
      const c = new Client(t.app);
      const url = await begin(c);
      const s = new URL(`http://x${url}`).searchParams.get('s')!;
      const r = await c.get(`/quiz/result?s=${encodeURIComponent(s)}`);
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, `/quiz/q?s=${encodeURIComponent(s)}`);
      assert.equal((await c.get(`/quiz/feedback?s=${encodeURIComponent(s)}`)).headers.location, `/quiz/q?s=${encodeURIComponent(s)}`);
    });
  });
}
