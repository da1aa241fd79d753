// socket.io-client (with engine.io-client), through its public API: `io(url, { transports:
// ['websocket'] })`, every reconnection option at its default (reconnectionDelay 1000,
// reconnectionDelayMax 5000, randomizationFactor 0.5, reconnectionAttempts Infinity, timeout
// 20000). The script plays an Engine.IO v4 / Socket.IO v5 server over a FakeSocket: on open it
// sends the Engine.IO open packet, answers the client's CONNECT (`40`) with `40{"sid":...}`, and
// the namespace socket is then connected (ready). It answers nothing else but sends a ping (`2`)
// every pingInterval while a socket is open, so that no ping timeout (pingInterval + pingTimeout)
// interferes.
//
// In node, engine.io-client's `websocket` transport (build/esm-debug/transports/websocket.node.js)
// creates its socket with `new ws.WebSocket(uri, protocols, opts)` from the `ws` package. A loader
// hook (module.register) resolves that one import, made from inside engine.io-client, to a module
// whose `WebSocket` export is a FakeSocket. Everything else is the client's own code.
//
// engine.io-client and socket.io-client defer work with process.nextTick (the Manager emits every
// decoded packet on the next tick, manager.js:214-219); those callbacks only run once the
// microtask queue is empty, so between steps the script also yields one real macrotask
// (setImmediate, which the virtual clock leaves alone).
//
// The Manager's backoff (contrib/backo2.js:26-34) draws one Math.random per delay and uses the
// same number for the size of the deviation and for its sign (even tenth digit: minus, odd:
// plus). So Math.random pinned to 0 and 0.999999 alone gives the nominal delay and its upper end
// (1000 and 1499 for the first), not the lower end. `delays_ms` and `retries_ms` are therefore the
// [min, max] over Math.random pinned to each of 0, 0.099999, 0.1, 0.199999, ..., 0.9, 0.999999
// (both ends of every tenth, the extremes of backo2's formula), as the README allows.
// In `signals` mode each line also carries, for reading: `closed_by` (`client` when the client
// closed the socket itself within MOMENT_MS of the message, else `server` when the script closed
// it) and `events` (the first `disconnect` / `connect_error` events the namespace socket emitted).
//
// Usage:
//   node socket-io.mjs            > out.jsonl   (every code of CODES)
//   node socket-io.mjs signals    > out.jsonl   (the goodbye messages, one line each)
//   option: `--codes 1000,4000` only some codes.

import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { FakeClock, FakeSocket, settle, withRandom, report, CODES } from './fake.mjs';

const clock = new FakeClock().install();

/** FakeSocket that notes whether the client closed it. */
class Socket extends FakeSocket {
  constructor(url, protocols) {
    super(url, protocols);
    this.closedByClient = false;
  }
  close(code, reason) {
    if (this.readyState < FakeSocket.CLOSING) this.closedByClient = true;
    super.close(code, reason);
  }
}
globalThis.__closecodesSocketIoWebSocket = Socket;

const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'ws' && context.parentURL && context.parentURL.includes('/engine.io-client/')) {
    return {
      url: 'data:text/javascript,' + encodeURIComponent(
        'export const WebSocket = globalThis.__closecodesSocketIoWebSocket; export default WebSocket;'),
      shortCircuit: true,
    };
  }
  return next(specifier, context);
}`;
register('data:text/javascript,' + encodeURIComponent(hooks), import.meta.url);

const { io } = await import('socket.io-client');
const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/socket.io-client/package.json', import.meta.url), 'utf8'),
);

const URL_ = 'http://127.0.0.1:3000';
const LIMIT_MS = 60_000;
const RETRIES = 6; // reported in retries_ms
const ATTEMPTS = 20; // README: failed attempts counted up to 20
const MOMENT_MS = 10; // signals: how long the client may act before the server closes
const PING_INTERVAL = 25_000;
const OPEN_PACKET = '0' + JSON.stringify({
  sid: 's1', upgrades: [], pingInterval: PING_INTERVAL, pingTimeout: 20_000, maxPayload: 1_000_000,
});
const LOW = 0;
const HIGH = 0.999999;
const SPAN = [];
for (let tenth = 0; tenth < 10; tenth++) SPAN.push(tenth / 10, (tenth + 0.99999) / 10);

const args = process.argv.slice(2);
const mode = args.includes('signals') ? 'signals' : 'closes';
const withSpan = true;
const codesArg = args.indexOf('--codes');
const codes = codesArg >= 0 ? args[codesArg + 1].split(',').map(Number) : CODES;

const sockets = () => FakeSocket.instances;

/** Lets the client run: microtasks, then one real macrotask for its process.nextTick callbacks. */
async function flush() {
  for (let i = 0; i < 3; i++) {
    await settle();
    await new Promise((resolve) => setImmediate(resolve));
  }
  await settle();
}

/** Runs due timers and deferred callbacks until `done()` holds or `limit` ms pass; returns it. */
async function runUntil(done, limit) {
  const end = clock.now + limit;
  for (;;) {
    await flush();
    if (done()) return true;
    const pending = clock.pending();
    const left = end - clock.now;
    if (pending.length === 0 || pending[0] > left) {
      clock.advance(Math.max(0, left));
      await flush();
      return done();
    }
    clock.advance(pending[0]);
  }
}

/** The server's pings (`2`) every pingInterval while `ws` is open. */
function startPings(ws) {
  const timer = setInterval(() => {
    if (ws.readyState === FakeSocket.OPEN) ws.receive('2');
    else clearInterval(timer);
  }, PING_INTERVAL);
}

/** The namespace of a client at `url` ('/' for the main one) as its packets write it. */
function nspPrefix(nsp) {
  return nsp === '/' ? '' : nsp + ',';
}

/**
 * A fresh client on namespace `nsp`, its socket opened and the Engine.IO handshake done, the
 * client's CONNECT received and, when `ready`, answered with the `40` that makes the namespace
 * socket connected. Returns { client, ws }.
 */
async function start(nsp, ready = true) {
  FakeSocket.reset();
  clock.timers.clear();
  const client = io(URL_ + (nsp === '/' ? '' : nsp), { transports: ['websocket'] });
  // What the namespace socket tells the application (for reading, not compared).
  client.seen = [];
  client.on('disconnect', (reason) => client.seen.push('disconnect: ' + reason));
  client.on('connect_error', (err) => client.seen.push('connect_error: ' + err.message));
  await flush();
  const ws = sockets()[0];
  if (!ws || sockets().length !== 1) throw new Error(`expected one socket, got ${sockets().length}`);
  ws.open();
  ws.receive(OPEN_PACKET);
  startPings(ws);
  await flush();
  const connect = '40' + nspPrefix(nsp);
  if (!ws.sent.some((frame) => String(frame).startsWith(connect))) {
    throw new Error(`no CONNECT ${connect}: ${JSON.stringify(ws.sent)}`);
  }
  if (ready) {
    ws.receive(connect + JSON.stringify({ sid: 'x1' }));
    await flush();
    if (!client.connected) throw new Error(`${nsp}: the client is not connected after ${connect}{...}`);
  }
  return { client, ws };
}

async function stop(client) {
  client.disconnect();
  await flush();
  client.removeAllListeners();
  client.io.removeAllListeners();
  clock.timers.clear();
  FakeSocket.reset();
}

/**
 * After something at `at` that the client reconnects from (or not): the first new socket, then
 * each following one fails before it opens. Returns { reconnect, delay, retries, attempts }.
 */
async function follow(at, countAttempts) {
  if (!(await runUntil(() => sockets().length > 1, LIMIT_MS - (clock.now - at)))) {
    return { reconnect: false, delay: null, retries: [], attempts: null };
  }
  const out = { reconnect: true, delay: sockets()[1].createdAt - at, retries: [], attempts: null };
  const most = countAttempts ? ATTEMPTS : RETRIES + 1;
  let current = sockets()[1];
  let made = 1;
  while (made < most) {
    const failedAt = clock.now;
    const n = sockets().length;
    current.fail();
    if (!(await runUntil(() => sockets().length > n, LIMIT_MS))) break;
    current = sockets()[n];
    made += 1;
    if (out.retries.length < RETRIES) out.retries.push(current.createdAt - failedAt);
  }
  if (countAttempts) {
    if (made >= ATTEMPTS) {
      // One more failure: does the client try a 21st time? (README: null when still trying.)
      const n = sockets().length;
      current.fail();
      out.attempts = (await runUntil(() => sockets().length > n, LIMIT_MS)) ? null : made;
    } else {
      out.attempts = made;
    }
  }
  return out;
}

/** A fresh ready client, the server closes with `code`; observed with Math.random = rnd. */
async function observeClose(code, rnd, countAttempts) {
  const { client, ws } = await start('/');
  try {
    return await withRandom(rnd, async () => {
      const at = clock.now;
      ws.serverClose(code, 'closed by the test');
      return await follow(at, countAttempts);
    });
  } finally {
    await stop(client);
  }
}

/**
 * A fresh client on `signal.nsp`; the server sends `signal.text` (instead of its answer to the
 * CONNECT when `signal.answer`), closes the socket itself after MOMENT_MS unless the client did,
 * and the client is observed with Math.random = rnd.
 */
async function observeSignal(signal, rnd, countAttempts) {
  const { client, ws } = await start(signal.nsp, !signal.answer);
  try {
    return await withRandom(rnd, async () => {
      let at = clock.now;
      ws.receive(signal.text);
      await runUntil(() => ws.readyState === FakeSocket.CLOSED, MOMENT_MS);
      const closedByClient = ws.closedByClient;
      if (ws.readyState !== FakeSocket.CLOSED && signal.serverCloses) {
        // The client waited for the server's close: its delays count from that close.
        at = clock.now;
        ws.serverClose(1000, '');
      }
      const out = await follow(at, countAttempts);
      out.closedByClient = closedByClient;
      out.seen = [...client.seen];
      return out;
    });
  } finally {
    await stop(client);
  }
}

/** Merges the low and high runs (and the span runs) into one report line. */
function line(head, low, high, spans) {
  if (low.reconnect !== high.reconnect) {
    throw new Error(`${JSON.stringify(head)}: the two runs disagree: ${JSON.stringify([low, high])}`);
  }
  const out = {
    ...head,
    reconnect: low.reconnect,
    delays_ms: low.reconnect ? [low.delay, high.delay] : null,
    new_token: null,
    session: null,
  };
  if (low.reconnect) {
    const n = Math.min(low.retries.length, high.retries.length);
    if (n) out.retries_ms = low.retries.slice(0, n).map((d, i) => [d, high.retries[i]]);
    out.attempts = low.attempts;
    if (spans) {
      const all = [low, high, ...spans];
      out.delays_ms = [Math.min(...all.map((r) => r.delay)), Math.max(...all.map((r) => r.delay))];
      if (n) {
        out.retries_ms = low.retries.slice(0, n).map((_, i) => {
          const ds = all.map((r) => r.retries[i]).filter((d) => d !== undefined);
          return [Math.min(...ds), Math.max(...ds)];
        });
      }
    }
  }
  return out;
}

async function spanRuns(observe) {
  if (!withSpan) return null;
  const runs = [];
  for (const rnd of SPAN) runs.push(await observe(rnd));
  return runs;
}

report({ client: 'socket.io-client', version });

if (mode === 'closes') {
  for (const code of codes) {
    const low = await observeClose(code, LOW, true);
    const high = await observeClose(code, HIGH, false);
    const spans = await spanRuns((rnd) => observeClose(code, rnd, false));
    report(line({ code }, low, high, spans));
  }
} else {
  // The goodbye messages of codes/socket-io.toml that have an action, as codes/AUDIT.md
  // ("Example messages") quotes the protocol's docs and test suite, each on the namespace it
  // names. A CONNECT_ERROR answers the client's CONNECT, so it is sent instead of the `40`.
  // `serverCloses`: the row announces that the server closes the transport (`ends =
  // "announces"`); the client does not act on the packet over WebSocket, so the script closes
  // (no code given by the docs: 1000) after MOMENT_MS.
  const SIGNALS = [
    { text: '41', nsp: '/' }, // DISCONNECT, v5-current.md:452
    { text: '41/admin,', nsp: '/admin' }, // DISCONNECT, v5-current.md:464
    { text: '44{"message":"Not authorized"}', nsp: '/', answer: true }, // CONNECT_ERROR, v5-current.md:323
    { text: '44/random,{"message":"Invalid namespace"}', nsp: '/random', answer: true }, // v5-test-suite/test-suite.js:517
    { text: '1', nsp: '/', serverCloses: true }, // Engine.IO close, v4-test-suite/test-suite.js:324
  ];
  for (const signal of SIGNALS) {
    const low = await observeSignal(signal, LOW, true);
    const high = await observeSignal(signal, HIGH, false);
    const spans = await spanRuns((rnd) => observeSignal(signal, rnd, false));
    const out = line({ text: signal.text }, low, high, spans);
    // For reading (not compared): who closed the socket after the message.
    out.closed_by = low.closedByClient ? 'client' : signal.serverCloses ? 'server' : 'nobody';
    out.events = low.seen.slice(0, 2);
    report(out);
  }
}
