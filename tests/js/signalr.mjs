// Drives the real `@microsoft/signalr` client (its Node build, dist/cjs) close code by close
// code, through its public API only:
//
//   new HubConnectionBuilder()
//     .withUrl('http://127.0.0.1/hub', { skipNegotiation: true, transport: WebSockets, WebSocket })
//     .withAutomaticReconnect()   // the default policy: 0, 2000, 10000, 30000 ms, then stop
//     .configureLogging(...)      // a silent logger (the default one writes to stdout)
//     .build()
//
// The `WebSocket` option (IHttpConnectionOptions) takes the FakeSocket class; HttpConnection
// passes it to WebSocketTransport (dist/cjs/HttpConnection.js:43-49, 326), so no loader hook is
// needed. With skipNegotiation there is no HTTP request: the first thing on the wire is the
// socket. The script plays an ASP.NET Core server speaking the JSON hub protocol: it answers the
// client's handshake `{"protocol":"json","version":1}` U+001E with `{}` U+001E (the session is
// then ready: start() resolves, state Connected), and while a socket is open and answered it
// sends a Ping `{"type":6}` U+001E every 10 s of virtual time, so the client's 30 s server
// timeout (HubConnection.js:13, 546-579) never fires on its own.
//
// Default mode: for each code, a fresh connection, ready, then the server closes with the code;
// the report says whether and when the client opens a new socket, and, when every following
// socket fails before it opens, the next delays and how many sockets it opens in all.
//
// `signals` mode: for each [[message]] row of codes/signalr.toml with an action, the messages of
// codes/AUDIT.md ("Example messages (test expectations)"), compact as the server writes them and
// ended by U+001E. The handshake error is sent instead of `{}` as the answer to the handshake (so
// the session never becomes ready); the Close messages are sent once the session is ready. If
// the client has not closed the socket itself 100 ms (virtual) after the message, the server
// closes it with 1000, as the spec says the server does. Extra key (for reading, not compared):
// `closed_by`, "client" or "server": who closed the socket the message arrived on.
//
// The client draws no random numbers in any of this; the [low, high] pairs still come from two
// runs, with Math.random pinned to 0 and to 0.999999.
// Output contract: README.md in this directory.
//
// Usage: node signalr.mjs > out.jsonl          (every code)
//        node signalr.mjs signals > out.jsonl  (the goodbye messages)
//        add `--codes 1000,4000` to run only some codes; SIGNALR_LOG=1 writes the client's log
//        to stderr

import { readFileSync } from 'node:fs';
import { FakeClock, FakeSocket, settle, withRandom, report, CODES } from './fake.mjs';

const clock = new FakeClock().install();
const mod = await import('@microsoft/signalr');
const signalr = mod.HubConnectionBuilder ? mod : mod.default;
const { HubConnectionBuilder, HttpTransportType, HubConnectionState } = signalr;
const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/@microsoft/signalr/package.json', import.meta.url), 'utf8'),
);

const args = process.argv.slice(2);
const only = args.indexOf('--codes');
const codes = only >= 0 ? args[only + 1].split(',').map(Number) : CODES;
const mode = args.filter((a, i) => a !== '--codes' && args[i - 1] !== '--codes')[0] ?? null;
if (mode !== null && mode !== 'signals') throw new Error(`unknown mode ${mode}`);

const RS = '\u001e';
const URL_ = 'http://127.0.0.1/hub';
const HANDSHAKE = '{"protocol":"json","version":1}' + RS;
const READY = '{}' + RS;
const PING = '{"type":6}' + RS;
const PING_EVERY_MS = 10_000;
const MOMENT_MS = 100; // how long the client has to close by itself after a goodbye message
const LIMIT_MS = 60_000;
const ATTEMPTS = 20; // README: failed attempts counted up to 20
const REASON = '';

// The goodbye messages (codes/AUDIT.md, signalr, "Example messages (test expectations)").
const ERROR = 'Connection closed because of an error!';
const SIGNALS = [
  // HandshakeResponse (error): the spec's example, sent as the answer to the handshake.
  { text: '{"error":"Requested protocol \'messagepack\' is not available."}' + RS, handshake: true },
  // Close (allowReconnect): the spec's example (with an error) and the server's form without one.
  { text: `{"type":7,"error":"${ERROR}","allowReconnect":true}` + RS },
  { text: '{"type":7,"allowReconnect":true}' + RS },
  // Close: the spec's two examples.
  { text: '{"type":7}' + RS },
  { text: `{"type":7,"error":"${ERROR}"}` + RS },
];

/** A silent logger (HttpConnection's default ConsoleLogger would write to stdout). */
const logs = [];
const logger = { log(level, message) { if (process.env.SIGNALR_LOG) logs.push(`${clock.now} ${level} ${message}`); } };

/** FakeSocket that notes when the server last sent on it. */
class Socket extends FakeSocket {
  constructor(url, protocols) {
    super(url, protocols);
    this.answered = false; // the server has answered the handshake (pings run from then on)
    this.lastServerAt = clock.now;
  }
}
const sockets = () => FakeSocket.instances;

/** The server sends `text` on `socket`. */
function serverSend(socket, text) {
  socket.lastServerAt = clock.now;
  socket.receive(text);
}

/** Virtual ms until the next server ping is due on some open, answered socket (or Infinity). */
function nextPing() {
  let next = Infinity;
  for (const s of sockets()) {
    if (s.answered && s.readyState === FakeSocket.OPEN) next = Math.min(next, s.lastServerAt + PING_EVERY_MS - clock.now);
  }
  return Math.max(0, next);
}

/** Sends the pings that are due. */
function sendPings() {
  for (const s of sockets()) {
    if (s.answered && s.readyState === FakeSocket.OPEN && clock.now - s.lastServerAt >= PING_EVERY_MS) serverSend(s, PING);
  }
}

/**
 * Runs due timers, server pings and microtasks, timer to timer, until `done()` holds or `limit`
 * ms after `start` have passed; returns done().
 */
async function runUntil(done, start, limit) {
  for (;;) {
    await settle();
    if (done()) return true;
    const pending = clock.pending();
    const step = Math.min(pending.length ? pending[0] : Infinity, nextPing());
    const left = start + limit - clock.now;
    if (step > left) {
      // Nothing can happen any more within the limit: the client acts only from timers and
      // socket events, and the microtasks have settled.
      clock.advance(Math.max(0, left));
      await settle();
      return done();
    }
    clock.advance(step);
    sendPings();
  }
}

/** Settles until `cond()` holds (the client awaits a few promises between steps). */
async function until(cond, what) {
  for (let i = 0; i < 50; i++) {
    if (cond()) return;
    await settle();
  }
  throw new Error(`timed out waiting for ${what}; log:\n${logs.join('\n')}`);
}

/**
 * A fresh connection: start(), the socket opens, the client sends its handshake, the server
 * answers with `answer`. Returns the connection, the socket and the start() outcome.
 */
async function connect(answer) {
  FakeSocket.reset();
  clock.timers.clear();
  logs.length = 0;
  const connection = new HubConnectionBuilder()
    .withUrl(URL_, { skipNegotiation: true, transport: HttpTransportType.WebSockets, WebSocket: Socket })
    .withAutomaticReconnect()
    .configureLogging(logger)
    .build();
  const started = { done: false, error: null };
  connection.start().then(() => { started.done = true; }, (e) => { started.done = true; started.error = e; });
  await until(() => sockets().length === 1, 'the first socket');
  const socket = sockets()[0];
  if (socket.url !== 'ws://127.0.0.1/hub') throw new Error(`url ${socket.url}`);
  socket.open();
  await until(() => socket.sent.includes(HANDSHAKE), `the handshake (sent: ${JSON.stringify(socket.sent)})`);
  socket.answered = true;
  serverSend(socket, answer);
  await until(() => started.done, 'start() to settle');
  return { connection, socket, started };
}

async function cleanup(connection) {
  if (process.env.SIGNALR_LOG) process.stderr.write(logs.join('\n') + '\n---\n');
  connection.stop().catch(() => {});
  await settle();
  clock.timers.clear();
  FakeSocket.reset();
}

/**
 * From `t0` (the close or the message): the first new socket within LIMIT_MS, then every
 * following socket fails before it opens.
 */
async function afterward(t0) {
  if (!(await runUntil(() => sockets().length > 1, t0, LIMIT_MS))) return { reconnect: false, delay: null, retries: [], attempts: null };
  let current = sockets()[1];
  const out = { reconnect: true, delay: current.createdAt - t0, retries: [], attempts: null };
  // `made` new sockets so far; at ATTEMPTS it is still trying (attempts stays null).
  for (let made = 1; made <= ATTEMPTS; made++) {
    const failedAt = clock.now;
    const n = sockets().length;
    current.fail();
    if (!(await runUntil(() => sockets().length > n, failedAt, LIMIT_MS))) { out.attempts = made; break; }
    if (made === ATTEMPTS) break;
    current = sockets()[n];
    out.retries.push(current.createdAt - failedAt);
  }
  return out;
}

/** Ready, then the server closes with `code`. */
async function observeCode(code, rnd) {
  const { connection, socket, started } = await connect(READY);
  try {
    if (started.error || connection.state !== HubConnectionState.Connected) {
      throw new Error(`code ${code}: not connected (${connection.state}, ${started.error})`);
    }
    if (sockets().length !== 1) throw new Error('extra socket before close');
    return await withRandom(rnd, async () => {
      const t0 = clock.now;
      socket.serverClose(code, REASON);
      return afterward(t0);
    });
  } finally {
    await cleanup(connection);
  }
}

/** The goodbye message: as the handshake's answer, or once the session is ready. */
async function observeSignal(signal, rnd) {
  return withRandom(rnd, async () => {
    const { connection, socket, started } = await connect(signal.handshake ? signal.text : READY);
    try {
      let t0 = clock.now;
      if (signal.handshake) {
        if (!started.error) throw new Error('start() resolved after a handshake error');
      } else {
        if (started.error || connection.state !== HubConnectionState.Connected) {
          throw new Error(`not connected (${connection.state}, ${started.error})`);
        }
        t0 = clock.now;
        serverSend(socket, signal.text);
      }
      // The client has a moment to close by itself; else the server closes, as the spec says.
      const gone = () => socket.readyState >= FakeSocket.CLOSING;
      const closedBy = (await runUntil(gone, t0, MOMENT_MS)) ? 'client' : 'server';
      if (closedBy === 'server') socket.serverClose(1000, REASON);
      return { ...(await afterward(t0)), closedBy, state: connection.state };
    } finally {
      await cleanup(connection);
    }
  });
}

function line(low, high) {
  if (low.reconnect !== high.reconnect || low.attempts !== high.attempts || low.retries.length !== high.retries.length) {
    throw new Error(`the two runs disagree: ${JSON.stringify([low, high])}`);
  }
  const out = {
    reconnect: low.reconnect,
    delays_ms: low.reconnect ? [low.delay, high.delay] : null,
    new_token: null,
    session: null,
  };
  if (low.reconnect) {
    if (low.retries.length) out.retries_ms = low.retries.map((d, i) => [d, high.retries[i]]);
    out.attempts = low.attempts;
  }
  return out;
}

report({ client: '@microsoft/signalr', version });
if (mode === 'signals') {
  for (const signal of SIGNALS) {
    const low = await observeSignal(signal, 0);
    const high = await observeSignal(signal, 0.999999);
    if (low.closedBy !== high.closedBy) throw new Error(`${signal.text}: the two runs disagree`);
    report({ text: signal.text, ...line(low, high), closed_by: low.closedBy });
  }
} else {
  for (const code of codes) {
    const low = await observeCode(code, 0);
    const high = await observeCode(code, 0.999999);
    report({ code, ...line(low, high) });
  }
}
