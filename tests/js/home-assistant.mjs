// Drives the real `home-assistant-js-websocket` client close code by close code: a fresh
// connection (createConnection with a long-lived token) opens over a FakeSocket, the script plays
// the Home Assistant server's authentication phase (auth_required, then auth_ok), closes the socket
// with the code, and reads on the virtual clock whether and when the client opens a new socket,
// and whether it asked its Auth for a fresh token first. The library's own createSocket (the auth
// phase) and Connection (the reconnect loop) run unchanged: the fake only replaces the browser's
// global WebSocket.
//
// Usage:
//   node home-assistant.mjs            one line per close code (README.md)
//   node home-assistant.mjs signals    one line per goodbye message of codes/home-assistant.toml,
//                                      sent in answer to the first connection's auth message
//   node home-assistant.mjs signals reconnect
//                                      the same messages sent in answer to the auth message of a
//                                      reconnection (after a ready session was closed with 1000);
//                                      not part of the test, for comparison
// Output contract: README.md in this directory.

import { readFileSync } from 'node:fs';
import { FakeClock, FakeSocket, settle, withRandom, report, CODES } from './fake.mjs';

const clock = new FakeClock().install();

/** How many times an Auth was asked to refresh its token (see `auth()` below). */
let refreshes = 0;

/** FakeSocket that notes how many refreshes had been asked for by then. */
class Socket extends FakeSocket {
  constructor(url, protocols) {
    super(url, protocols);
    this.refreshesAtCreation = refreshes;
  }

  /** The messages the client sent, parsed. */
  messages() {
    return this.sent.map((frame) => JSON.parse(String(frame)));
  }

  // The server answers the commands the client sends by itself once authenticated: the
  // supported_features command (id 1) and pings, if any.
  send(data) {
    super.send(data);
    const message = JSON.parse(String(data));
    if (message.type === 'supported_features' || message.type === 'ping') {
      queueMicrotask(() => {
        if (this.readyState !== FakeSocket.OPEN) return;
        this.receive(JSON.stringify(
          message.type === 'ping'
            ? { id: message.id, type: 'pong' }
            : { id: message.id, type: 'result', success: true, result: null },
        ));
      });
    }
  }
}

// The browser build uses the global WebSocket (socket.js: `new WebSocket(url)`).
globalThis.WebSocket = Socket;
const { createConnection, createLongLivedTokenAuth, ERR_INVALID_AUTH } = await import('home-assistant-js-websocket');
const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/home-assistant-js-websocket/package.json', import.meta.url), 'utf8'),
);

const LIMIT_MS = 60_000;
const RETRIES = 6;
const MAX_ATTEMPTS = 20;
const HA_VERSION = '2026.1.0';
const AUTH_REQUIRED = JSON.stringify({ type: 'auth_required', ha_version: HA_VERSION });
const AUTH_OK = JSON.stringify({ type: 'auth_ok', ha_version: HA_VERSION });

/** A long-lived token Auth whose refreshAccessToken is counted (it is never expired). */
function auth() {
  const a = createLongLivedTokenAuth('http://127.0.0.1:8123', 'token');
  const refresh = a.refreshAccessToken.bind(a);
  a.refreshAccessToken = () => { refreshes += 1; return refresh(); };
  return a;
}

/**
 * Plays the server's authentication phase on `socket` up to the client's auth message: opens it,
 * sends auth_required, and checks that the client answered with its token.
 */
async function authPhase(socket) {
  socket.open();
  socket.receive(AUTH_REQUIRED);
  await settle();
  const sent = socket.messages().find((m) => m.type === 'auth');
  if (!sent || sent.access_token !== 'token') throw new Error('no auth message: ' + JSON.stringify(socket.sent));
}

/** A fresh connection, ready (auth_ok answered); returns it with its socket. */
async function ready() {
  const connecting = createConnection({ auth: auth() });
  let failed = null;
  connecting.catch((err) => { failed = err; });
  await settle();
  const socket = FakeSocket.last();
  if (!socket || FakeSocket.instances.length !== 1) throw new Error('no single socket after createConnection()');
  await authPhase(socket);
  socket.receive(AUTH_OK);
  await settle();
  if (failed !== null) throw new Error('createConnection failed: ' + failed);
  const conn = await connecting;
  if (!conn.connected || conn.socket !== socket) throw new Error('the connection is not ready on its socket');
  return { conn, socket };
}

/**
 * From the moment the server closed (or sent its goodbye) at `since`: waits for the client's
 * next socket, then lets every following socket fail before it opens. Returns the first delay,
 * the next RETRIES delays (each from the failure before it), and the attempt count (null if it
 * still tries after MAX_ATTEMPTS).
 */
async function follow(since, refreshesBefore) {
  const first = await clock.runUntil(() => FakeSocket.instances.length > 1, since, LIMIT_MS);
  if (!first) {
    return { reconnect: false, delay: null, newToken: refreshes > refreshesBefore, retries: [], attempts: 0 };
  }
  const next = FakeSocket.instances[1];
  const out = {
    reconnect: true,
    delay: next.createdAt - since,
    newToken: next.refreshesAtCreation > refreshesBefore,
    retries: [],
    attempts: null,
  };
  let current = next;
  for (;;) {
    const made = FakeSocket.instances.length - 1;
    if (made > MAX_ATTEMPTS) break; // still trying after MAX_ATTEMPTS: attempts stays null
    const failedAt = clock.now;
    const n = FakeSocket.instances.length;
    current.fail();
    if (!(await clock.runUntil(() => FakeSocket.instances.length > n, failedAt, LIMIT_MS))) {
      out.attempts = made;
      break;
    }
    current = FakeSocket.instances[n];
    if (out.retries.length < RETRIES) out.retries.push(current.createdAt - failedAt);
  }
  return out;
}

/** Ends a run: the application closes the connection, and every timer and socket is dropped. */
async function teardown(conn) {
  if (conn) conn.close();
  await settle();
  clock.timers.clear();
  FakeSocket.reset();
  refreshes = 0;
}

/** Connects, closes with `code` from the server's side, observes with Math.random = rnd. */
async function observeCode(code, rnd) {
  let conn = null;
  try {
    ({ conn } = await ready());
    const socket = FakeSocket.last();
    return await withRandom(rnd, async () => {
      const closedAt = clock.now;
      const before = refreshes;
      socket.serverClose(code);
      return await follow(closedAt, before);
    });
  } finally {
    await teardown(conn);
  }
}

/**
 * Sends `text` in answer to an auth message, on the first connection (`onReconnect` false: the
 * answer to createConnection's socket) or on a reconnection (a ready session closed by the
 * server with 1000, then the new socket's auth answered with `text`). The server closes with
 * 1000 a moment later if the client has not closed the socket itself.
 */
async function observeSignal(text, rnd, onReconnect) {
  let conn = null;
  let failed = null;
  let reconnectError = null;
  try {
    let socket;
    if (onReconnect) {
      ({ conn } = await ready());
      conn.addEventListener('reconnect-error', (_c, err) => { reconnectError = err; });
      const closedAt = clock.now;
      FakeSocket.last().serverClose(1000);
      if (!(await clock.runUntil(() => FakeSocket.instances.length > 1, closedAt, LIMIT_MS))) {
        throw new Error('no reconnection to answer');
      }
      socket = FakeSocket.last();
      // Keep only the socket being answered, so that `follow` counts from it.
      FakeSocket.instances = [socket];
    } else {
      const connecting = createConnection({ auth: auth() });
      connecting.then((c) => { conn = c; }, (err) => { failed = err; });
      await settle();
      socket = FakeSocket.last();
    }
    await authPhase(socket);
    return await withRandom(rnd, async () => {
      const sentAt = clock.now;
      const before = refreshes;
      socket.receive(text);
      await settle();
      clock.advance(0);
      await settle();
      const clientClosed = socket.readyState === FakeSocket.CLOSED;
      if (!clientClosed) socket.serverClose(1000);
      const out = await follow(sentAt, before);
      await settle();
      out.clientClosed = clientClosed;
      out.error = onReconnect ? reconnectError : failed;
      if (!onReconnect && conn) out.error = 'resolved';
      return out;
    });
  } finally {
    await teardown(conn);
  }
}

/** The `[[message]]` rows of codes/home-assistant.toml that have an action, with their texts. */
function signalRows() {
  const toml = readFileSync(new URL('../../codes/home-assistant.toml', import.meta.url), 'utf8');
  const rows = toml.split(/^\[\[message\]\]\s*$/m).slice(1).map((block) => {
    const field = (key) => {
      const m = block.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'));
      return m ? m[1] : null;
    };
    return { name: field('name'), action: field('action') };
  });
  // The docs' examples (codes/AUDIT.md, home-assistant, "Example messages (test expectations)").
  const examples = {
    auth_invalid: '{"type": "auth_invalid", "message": "Invalid password"}',
  };
  return rows.filter((r) => r.action !== null).map((r) => {
    if (!(r.name in examples)) throw new Error(`no example message for the signal ${r.name}`);
    return { ...r, text: examples[r.name] };
  });
}

report({ client: 'home-assistant-js-websocket', version });

if (process.argv[2] === 'signals') {
  const onReconnect = process.argv[3] === 'reconnect';
  for (const { text } of signalRows()) {
    const low = await observeSignal(text, 0, onReconnect);
    const high = await observeSignal(text, 0.999999, onReconnect);
    if (low.reconnect !== high.reconnect || low.newToken !== high.newToken) {
      throw new Error(`${text}: the two runs disagree: ${JSON.stringify([low, high])}`);
    }
    if (low.error !== ERR_INVALID_AUTH) {
      process.stderr.write(`note: ${text}: ended with ${JSON.stringify(low.error)}, not ERR_INVALID_AUTH\n`);
    }
    report({
      text,
      reconnect: low.reconnect,
      delays_ms: low.reconnect ? [low.delay, high.delay] : null,
      new_token: low.newToken,
      session: null,
    });
  }
} else {
  for (const code of CODES) {
    const low = await observeCode(code, 0);
    const high = await observeCode(code, 0.999999);
    if (low.reconnect !== high.reconnect || low.newToken !== high.newToken || low.attempts !== high.attempts) {
      throw new Error(`code ${code}: the two runs disagree: ${JSON.stringify([low, high])}`);
    }
    const line = {
      code,
      reconnect: low.reconnect,
      delays_ms: low.reconnect ? [low.delay, high.delay] : null,
      new_token: low.newToken,
      session: null,
    };
    if (low.reconnect) {
      line.retries_ms = low.retries.map((d, i) => [d, high.retries[i]]);
      line.attempts = low.attempts;
    }
    report(line);
  }
}
