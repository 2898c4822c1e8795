import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { startSmtpSink, linkIn } from '../../test/support/smtp-sink.ts';
import { createMailer } from './smtp.ts';

const noLog = { info() {} };

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

test('a Japanese message arrives intact through a real SMTP server', async () => {
  const sink = await startSmtpSink();
  const mailer = createMailer({ smtpUrl: sink.url, from: 'Lastmile <no-reply@lastmile.invalid>', log: noLog });
  try {
    const subject = 'メールアドレスの確認';
    const text =
      '登録ありがとうございます。\n次のリンクを開いて、メールアドレスを確認してください（24時間有効）。\n\n' +
      'http://localhost:3000/verify-email?token=abc_DEF-123\n\n心当たりがない場合は、このメールを破棄してください。';
    await mailer.send({ to: 'taro@example.jp', subject, text });

    const mail = await sink.waitFor((m) => m.subject === subject);
    assert.deepEqual(mail.to, ['taro@example.jp']);
    assert.match(mail.from, /no-reply@lastmile\.invalid/);
    assert.equal(mail.subject, subject);
    // The parser may end the body with the line break nodemailer adds; the content itself must be unchanged.
    assert.equal(mail.text.trimEnd(), text);
    assert.equal(mail.headers['auto-submitted'], 'auto-generated');
    assert.equal(linkIn(mail, '/verify-email'), '/verify-email?token=abc_DEF-123');
    assert.throws(() => linkIn(mail, '/reset-password'), /No link to \/reset-password/);
  } finally {
    await mailer.close();
    await sink.close();
  }
});

test('waitFor also resolves for mail that arrives later, and names what arrived when nothing matches', async () => {
  const sink = await startSmtpSink();
  const mailer = createMailer({ smtpUrl: sink.url, from: 'no-reply@lastmile.invalid', log: noLog });
  try {
    const waiting = sink.waitFor((m) => m.to.includes('hanako@example.jp'));
    await mailer.send({ to: 'hanako@example.jp', subject: 'パスワードの再設定', text: '本文' });
    assert.equal((await waiting).subject, 'パスワードの再設定');

    await assert.rejects(sink.waitFor((m) => m.subject === 'never', 100), /received 1:\n {2}"パスワードの再設定" to hanako@example\.jp/);
    sink.clear();
    assert.equal(sink.messages.length, 0);
  } finally {
    await mailer.close();
    await sink.close();
  }
});

test('SMTP_URL=log writes the message to the log and opens no connection', async () => {
  const logged: Array<{ obj: object; msg: string }> = [];
  const log = { info: (obj: object, msg: string) => logged.push({ obj, msg }) };
  // Every TCP client socket created in this process is published here (net.connect, and so nodemailer).
  let sockets = 0;
  const onSocket = () => sockets++;
  subscribe('net.client.socket', onSocket);
  try {
    const mailer = createMailer({ smtpUrl: 'log', from: 'no-reply@lastmile.invalid', log });
    await mailer.send({ to: 'taro@example.jp', subject: 'メールアドレスの確認', text: '本文 http://localhost:3000/verify-email?token=x' });
    await mailer.close();
  } finally {
    unsubscribe('net.client.socket', onSocket);
  }
  assert.equal(sockets, 0);
  assert.deepEqual(logged, [
    {
      obj: { mail: { to: 'taro@example.jp', subject: 'メールアドレスの確認', text: '本文 http://localhost:3000/verify-email?token=x' } },
      msg: 'mail (not sent: SMTP_URL=log)',
    },
  ]);
});

// The test-level timeouts turn a hang into a failure rather than a stuck run.
test('sending where nothing listens rejects', { timeout: 5000 }, async () => {
  const probe = createServer();
  const port = await listen(probe);
  await closeServer(probe); // the port is now free and, on loopback, refuses connections
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    from: 'no-reply@lastmile.invalid',
    log: noLog,
    timeoutsMs: { connection: 500, greeting: 500, socket: 500 },
  });
  try {
    await assert.rejects(mailer.send({ to: 'taro@example.jp', subject: 'x', text: 'x' }), /ECONNREFUSED/);
  } finally {
    await mailer.close();
  }
});

test('a server that accepts the connection but never greets makes send reject after the greeting timeout', { timeout: 5000 }, async () => {
  const accepted: Socket[] = [];
  const silent = createServer((socket) => accepted.push(socket)); // accepts, then says nothing
  const port = await listen(silent);
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    from: 'no-reply@lastmile.invalid',
    log: noLog,
    timeoutsMs: { connection: 500, greeting: 300, socket: 500 },
  });
  try {
    const started = Date.now();
    await assert.rejects(mailer.send({ to: 'taro@example.jp', subject: 'x', text: 'x' }), /Greeting never received/);
    assert.ok(Date.now() - started < 2000);
  } finally {
    await mailer.close();
    for (const socket of accepted) socket.destroy();
    await closeServer(silent);
  }
});
