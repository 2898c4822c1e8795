// A loopback receiver in its own process, so the sender being measured does not share its event loop:
//   BENCH_RECEIVER=http → answers every request 200 (webhooks) or 201 (push, path /push/…) after reading the body
//   BENCH_RECEIVER=smtp → an SMTP server that accepts and discards every message
// Sends { port } when listening; answers 'count' with { count } (requests or messages received).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

let count = 0;
let port = 0;
if (process.env.BENCH_RECEIVER === 'smtp') {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        count++;
        callback();
      });
    },
  });
  // Real mail servers (Postfix, Exim) set TCP_NODELAY; so does this one.
  server.server.on('connection', (s: Socket) => s.setNoDelay(true));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
} else {
  const server = http.createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      count++;
      res.writeHead(req.url?.startsWith('/push/') ? 201 : 200, { 'content-length': '0' }).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
}
process.on('message', (m) => {
  if (m === 'count') process.send?.({ count });
});
process.send?.({ port });
