// @slack/socket-mode (Slack Socket Mode): its real SocketModeClient, every option at its default
// (autoReconnectEnabled, clientPingTimeout 5 s, serverPingTimeout 30 s), driven over a fake socket
// on the virtual clock.
//
// How the library is reached without touching it: 3.1.0 does not use the `ws` package (that is
// only a devDependency). SlackWebSocket (dist/src/SlackWebSocket.js) opens
// `new undici.WebSocket(url, { dispatcher })`, checks each event with `instanceof` against undici's
// ErrorEvent / MessageEvent / CloseEvent, sends pings with `undici.ping(ws, buffer)` and hears
// pongs on the diagnostics channel `undici:websocket:pong`. So, before the client is loaded, the
// `undici` module it requires gets two exports replaced: `WebSocket` by a FakeSocket subclass that
// dispatches real undici event objects, and `ping` by a function that (while the socket is open)
// answers with a pong on that same diagnostics channel, as Slack's server does. The server sends
// no pings of its own (the 30 s server-ping watchdog only arms after the first one).
//
// The socket URL comes from `apps.connections.open` (SocketModeClient.retrieveWSSURL): that call
// is replaced on the client's WebClient instance by an async function that counts calls and
// returns a fresh `wss://wss-primary.slack.com/link/?ticket=N`; a new URL is the vendor's "token",
// so `new_token` says whether it was called again before the new socket. Nothing goes to the
// network. The server's side sends `hello` after the socket opens (start() resolves on it).
//
// Default mode: one line per close code (README.md). `retries_ms` lists the first RETRIES delays
// when every following socket fails before it opens; `attempts` counts those sockets up to 20.
// `signals` mode: one line per `disconnect` message of codes/slack-socket-mode.toml, sent exactly
// as codes/AUDIT.md ("Example messages") quotes it. Slack closes the connection after each of
// them, so if the client has not closed the socket itself within MOMENT_MS, the script closes it
// (1000); `client_close` (for reading, not compared) gives the code the client closed with itself,
// or null. The client's own error log (one line per failed socket) is dropped unless
// SLACK_LOG=1.
//
// Usage: node slack-socket-mode.mjs [signals] [--codes 1000,4000] > out.jsonl

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import diagnostics from 'node:diagnostics_channel';
import { FakeClock, FakeSocket, settle, withRandom, report, CODES } from './fake.mjs';

const clock = new FakeClock().install();

const require = createRequire(import.meta.url);
const main = require.resolve('@slack/socket-mode'); // dist/src/index.js
const pkg = JSON.parse(readFileSync(new URL('./node_modules/@slack/socket-mode/package.json', import.meta.url), 'utf8'));

if (process.env.SLACK_LOG !== '1') {
  console.error = () => {};
  console.warn = () => {};
}

// --- undici, as SlackWebSocket will use it -------------------------------------------------------
const undici = createRequire(main)('undici');
const pongChannel = diagnostics.channel('undici:websocket:pong');
let opens = 0; // apps.connections.open calls

class Socket extends FakeSocket {
  constructor(url, options) {
    super(url);
    this.options = options;
    this.opensAtCreation = opens;
    this.pings = 0;
    this.clientCloseCode = null;
  }
  close(code = 1005, reason = '') {
    if (this.readyState < FakeSocket.CLOSING) this.clientCloseCode = code;
    super.close(code, reason);
  }
  /** Dispatches undici's own event classes: SlackWebSocket drops any other object. */
  emit(type, e) {
    let event;
    if (type === 'message') event = new undici.MessageEvent('message', { data: e.data });
    else if (type === 'close') event = new undici.CloseEvent('close', { code: e.code, reason: e.reason, wasClean: e.wasClean });
    else if (type === 'error') event = new undici.ErrorEvent('error', { message: e.message, error: new Error(e.message) });
    else event = new Event(type);
    super.emit(type, event);
  }
}
undici.WebSocket = Socket;
undici.ping = (ws, buffer) => {
  if (ws.readyState !== FakeSocket.OPEN) return;
  ws.pings += 1;
  const payload = Buffer.from(buffer ?? []);
  queueMicrotask(() => { if (ws.readyState === FakeSocket.OPEN) pongChannel.publish({ websocket: ws, payload }); });
};

const { SocketModeClient } = require('@slack/socket-mode');

// --- one client, brought to ready -------------------------------------------------------------------
const LIMIT_MS = 60_000;
const RETRIES = 6;
const ATTEMPTS = 20;
const MOMENT_MS = 1000;
const LOW = 0;
const HIGH = 0.999999;
const HELLO = '{"type": "hello", "num_connections": 1, "debug_info": {"host": "applink-1"}, "connection_info": {"app_id": "A1"}}';

const sockets = () => FakeSocket.instances;
const ms = (d) => Math.round(d);

/** A fresh client whose first socket has opened and received hello; calls `watch(client, socket)`. */
async function session(watch) {
  FakeSocket.reset();
  clock.timers.clear();
  opens = 0;
  const client = new SocketModeClient({ appToken: 'xapp-1-test', logLevel: 'error' });
  client.webClient.apps.connections.open = async () => {
    opens += 1;
    return { ok: true, url: `wss://wss-primary.slack.com/link/?ticket=${opens}` };
  };
  try {
    let ready = false;
    const started = client.start().then(() => { ready = true; });
    await settle();
    const first = sockets()[0];
    if (!first || sockets().length !== 1) throw new Error('no socket after start()');
    if (first.url !== 'wss://wss-primary.slack.com/link/?ticket=1') throw new Error(`url ${first.url}`);
    first.open();
    await settle();
    first.receive(HELLO);
    await settle();
    if (!ready) throw new Error('start() did not resolve on hello');
    await started;
    // A moment of heartbeat, to see the pings answered and nothing else happen.
    await clock.runUntil(() => false, clock.now, 4000);
    if (sockets().length !== 1 || first.readyState !== FakeSocket.OPEN) throw new Error('connection lost before the test');
    if (first.pings === 0) throw new Error('no client ping seen');
    return await watch(client, first);
  } finally {
    client.removeAllListeners();
    client.autoReconnectEnabled = false;
    client.shuttingDown = true;
    client.websocket?.cleanup(); // its 'close' now has no listener
    clock.timers.clear();
    FakeSocket.reset();
  }
}

/**
 * After `from` (the close or the message): whether and when a new socket comes, whether a new URL
 * was fetched first, then the delays while every following socket fails before it opens.
 */
async function follow(from, opensBefore) {
  if (!(await clock.runUntil(() => sockets().length > 1, from, LIMIT_MS))) {
    return { reconnect: false, delay: null, newToken: opens > opensBefore, retries: [], attempts: null };
  }
  let current = sockets()[1];
  const newToken = current.opensAtCreation > opensBefore;
  if (newToken && current.url !== `wss://wss-primary.slack.com/link/?ticket=${current.opensAtCreation}`) {
    throw new Error(`new socket on ${current.url}, not the new URL`);
  }
  const out = { reconnect: true, delay: ms(current.createdAt - from), newToken, retries: [], attempts: null };
  for (let made = 1; ; made++) {
    const failedAt = clock.now;
    const n = sockets().length;
    current.fail();
    if (!(await clock.runUntil(() => sockets().length > n, failedAt, LIMIT_MS))) { out.attempts = made; break; }
    if (made === ATTEMPTS) break; // a 21st socket: still trying, attempts stays null
    current = sockets()[n];
    if (out.retries.length < RETRIES) out.retries.push(ms(current.createdAt - failedAt));
  }
  return out;
}

function observeClose(code, rnd) {
  return withRandom(rnd, () => session(async (client, first) => {
    const opensBefore = opens;
    const closedAt = clock.now;
    first.serverClose(code, '');
    return follow(closedAt, opensBefore);
  }));
}

function observeSignal(text, rnd) {
  return withRandom(rnd, () => session(async (client, first) => {
    const opensBefore = opens;
    const sentAt = clock.now;
    first.receive(text);
    await clock.runUntil(() => first.readyState === FakeSocket.CLOSED || sockets().length > 1, sentAt, MOMENT_MS);
    const clientClose = first.clientCloseCode;
    if (first.readyState !== FakeSocket.CLOSED) first.serverClose(1000, '');
    const out = await follow(sentAt, opensBefore);
    out.clientClose = clientClose;
    return out;
  }));
}

function line(low, high) {
  if (low.reconnect !== high.reconnect || low.newToken !== high.newToken || low.attempts !== high.attempts
    || low.retries.length !== high.retries.length) {
    throw new Error(`the two runs disagree: ${JSON.stringify([low, high])}`);
  }
  const out = {
    reconnect: low.reconnect,
    delays_ms: low.reconnect ? [low.delay, high.delay] : null,
    new_token: low.newToken,
    session: null,
  };
  if (low.reconnect) {
    if (low.retries.length) out.retries_ms = low.retries.map((d, i) => [d, high.retries[i]]);
    out.attempts = low.attempts;
  }
  return out;
}

// The `[[message]]` rows with an action in codes/slack-socket-mode.toml, as codes/AUDIT.md
// ("Example messages (test inputs)") quotes them.
const SIGNALS = [
  // disconnect (warning): Slack's page, "3. Handle disconnects gracefully"
  '{"type": "disconnect", "reason": "warning", "debug_info": {"host": "wss-111.slack.com"}}',
  // disconnect (refresh_requested): same section (with the page's space before the colon)
  '{"type" : "disconnect", "reason": "refresh_requested", "debug_info": {"host": "wss-111.slack.com"}}',
  // disconnect (too_many_websockets): python-slack-sdk tests/slack_sdk/socket_mode/mock_socket_mode_server.py:32
  '{"type":"disconnect","reason":"too_many_websockets","num_connections":2,"debug_info":{"host":"applink-111-xxx"},"connection_info":{"app_id":"A111"}}',
  // disconnect (link_disabled): Slack's page, same section
  '{"type": "disconnect", "reason": "link_disabled", "debug_info": {"host": "wss-111.slack.com"}}',
];

const args = process.argv.slice(2);
const only = args.indexOf('--codes');
const codes = only >= 0 ? args[only + 1].split(',').map(Number) : CODES;

report({ client: pkg.name, version: pkg.version });
if (args.includes('signals')) {
  for (const text of SIGNALS) {
    const low = await observeSignal(text, LOW);
    const high = await observeSignal(text, HIGH);
    if (low.clientClose !== high.clientClose) throw new Error(`${text}: the two runs disagree`);
    report({ text, ...line(low, high), client_close: low.clientClose });
  }
} else {
  for (const code of codes) {
    const low = await observeClose(code, LOW);
    const high = await observeClose(code, HIGH);
    report({ code, ...line(low, high) });
  }
}
