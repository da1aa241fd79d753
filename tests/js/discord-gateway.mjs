// @discordjs/ws (Discord's main gateway): its real WebSocketManager and WebSocketShard, driven
// close code by close code with a fake gateway socket on the virtual clock.
//
// How the library is reached without touching it: its CommonJS build (dist/index.js) is loaded
// with `require`, after the `ws` module's entry in the require cache has been replaced by a
// FakeSocket subclass. Under node, `shouldUseGlobalFetchAndWebSocket()` (@discordjs/util) is
// false, so the shard builds `new (require("ws").WebSocket)(url, [], { handshakeTimeout })` and
// uses only onopen/onmessage/onerror/onclose, send, close, readyState and `WebSocket.OPEN`.
// The shard takes its timers from `node:timers` and `node:timers/promises` (the reconnect sleep,
// the identify throttle, the first heartbeat, the hello/ready timeouts), read at call time, so
// those modules' functions are pointed at the virtual clock before the library loads.
//
// Options: token 'x', intents 0, compression null, encoding json; `fetchGatewayInformation` is
// replaced on the manager so no REST call happens (max_concurrency 1: the real
// SimpleIdentifyThrottler, one per manager); the session store is the documented
// retrieveSessionInfo/updateSessionInfo pair over a Map per run (the default store is one
// module-wide Map that would carry a session from one run into the next).
//
// Each run: connect, answer Hello, expect Identify, answer READY (the shard is ready), then the
// server closes with the code. The shard's first reconnect follows its 500 ms sleep; a
// new-session reconnect then waits in the identify throttle (5 s after the first Identify, plus
// Math.random() * 1500 ms) before it sends Identify. `delays_ms` is the time to the new socket
// (the contract); `session_ms` is the time to its Resume/Identify when the gateway answers at
// once with Hello, so the throttle's wait shows there. `resume_url` says whether a new socket
// opened on READY's resume_gateway_url.

import { createRequire, Module } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FakeClock, FakeSocket, settle, withRandom, report, CODES } from './fake.mjs';

const clock = new FakeClock().install();

const require = createRequire(import.meta.url);

// --- node:timers and node:timers/promises on the virtual clock --------------------------------
const timers = require('node:timers');
timers.setTimeout = globalThis.setTimeout;
timers.setInterval = globalThis.setInterval;
timers.clearTimeout = globalThis.clearTimeout;
timers.clearInterval = globalThis.clearInterval;
const timersPromises = require('node:timers/promises');
function abortError(signal) {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  error.code = 'ABORT_ERR';
  error.cause = signal?.reason;
  return error;
}
timersPromises.setTimeout = (ms, value, options = {}) => {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => { globalThis.clearTimeout(handle); reject(abortError(signal)); };
    const handle = globalThis.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
};

// --- the `ws` module, as the library will require it -------------------------------------------
const wsMain = require.resolve('@discordjs/ws'); // dist/index.js (the "require" export)
const pkg = JSON.parse(readFileSync(join(dirname(wsMain), '..', 'package.json'), 'utf8'));
class FakeWs extends FakeSocket {
  constructor(url, protocols, options) {
    super(url, protocols);
    this.options = options;
    this.binaryType = 'nodebuffer';
    this.sentAt = [];
  }
  send(data) {
    super.send(data);
    this.sentAt.push(clock.now);
    // The gateway acknowledges every heartbeat on an open connection (op 11).
    let op = null;
    try { op = JSON.parse(String(data)).op; } catch {}
    if (op === 1 && this.readyState === FakeSocket.OPEN) queueMicrotask(() => this.receive(HEARTBEAT_ACK));
  }
}
FakeWs.WebSocket = FakeWs;
const wsPath = createRequire(wsMain).resolve('ws');
const wsModule = new Module(wsPath);
wsModule.filename = wsPath;
wsModule.loaded = true;
wsModule.exports = FakeWs;
require.cache[wsPath] = wsModule;

const { WebSocketManager } = require('@discordjs/ws');

// --- the gateway ------------------------------------------------------------------------------
const LIMIT_MS = 60_000;
const MAX_ATTEMPTS = 20;
const GATEWAY_URL = 'wss://gateway.discord.gg';
const RESUME_URL = 'wss://resume.discord.gg';
const GATEWAY_INFO = {
  url: GATEWAY_URL,
  shards: 1,
  session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
};
const HELLO = JSON.stringify({ op: 10, d: { heartbeat_interval: 41250 } });
const HEARTBEAT_ACK = JSON.stringify({ op: 11 });
const READY = JSON.stringify({
  op: 0,
  t: 'READY',
  s: 1,
  d: {
    session_id: 'abc',
    resume_gateway_url: RESUME_URL,
    v: 10,
    user: { id: '1' },
    guilds: [],
    shard: [0, 1],
    application: { id: '1', flags: 0 },
  },
});

function ops(socket) {
  return socket.sent.map((frame) => { try { return JSON.parse(String(frame)).op; } catch { return 'binary'; } });
}
/** The index in `sent` of the first Identify (2) or Resume (6), or -1. */
function sessionIndex(socket) {
  return ops(socket).findIndex((op) => op === 2 || op === 6);
}

/** Lets the library's promise chains run until `done()` or they stop moving. */
async function settleUntil(done, rounds = 40) {
  for (let i = 0; i < rounds; i++) {
    await settle();
    if (done()) return true;
  }
  return done();
}

/** A fresh manager whose only shard has identified and received READY. */
async function connectReady() {
  clock.timers.clear();
  FakeSocket.reset();
  const sessions = new Map();
  const manager = new WebSocketManager({
    token: 'x',
    intents: 0,
    compression: null,
    encoding: 'json',
    retrieveSessionInfo: (shardId) => sessions.get(shardId) ?? null,
    updateSessionInfo: (shardId, info) => { if (info) sessions.set(shardId, info); else sessions.delete(shardId); },
  });
  manager.fetchGatewayInformation = async () => structuredClone(GATEWAY_INFO);
  manager.on('error', () => {}); // 4004, 4010–4014: the shard emits an Error, forwarded here
  let ready = false;
  manager.connect().then(() => { ready = true; }, (error) => { throw error; });
  if (!(await settleUntil(() => FakeSocket.instances.length === 1))) throw new Error('no socket after connect()');
  const socket = FakeSocket.last();
  if (!socket.url.startsWith(GATEWAY_URL + '?')) throw new Error(`first socket on ${socket.url}`);
  socket.open();
  socket.receive(HELLO);
  if (!(await settleUntil(() => sessionIndex(socket) >= 0))) throw new Error(`no Identify: ${socket.sent}`);
  if (ops(socket)[sessionIndex(socket)] !== 2) throw new Error(`expected Identify, got ${socket.sent}`);
  socket.receive(READY);
  if (!(await settleUntil(() => ready))) throw new Error('not ready after READY');
  // The first heartbeat waits heartbeat_interval * Math.random(): with 0 it is due now.
  clock.advance(0);
  await settle();
  const status = (await manager.fetchStatus()).get(0);
  if (status !== 3) throw new Error(`shard status ${status}, not Ready`);
  if (FakeSocket.instances.length !== 1) throw new Error('extra socket before the close');
  return { manager, socket };
}

function dispose() {
  for (const s of FakeSocket.instances) { s.onopen = s.onmessage = s.onerror = s.onclose = null; s.listeners = {}; }
  clock.timers.clear();
  FakeSocket.reset();
}

/** The close itself: whether, when and how the shard comes back, with Math.random = rnd. */
async function observe(code, rnd) {
  return withRandom(rnd, async () => {
    const run = await connectReady();
    try {
      const closedAt = clock.now;
      run.socket.serverClose(code);
      if (!(await clock.runUntil(() => FakeSocket.instances.length > 1, closedAt, LIMIT_MS))) {
        const status = (await run.manager.fetchStatus()).get(0);
        return { reconnect: false, status };
      }
      const next = FakeSocket.instances[1];
      const delay = next.createdAt - closedAt;
      next.open();
      next.receive(HELLO);
      let session = null;
      let sessionAt = null;
      if (await clock.runUntil(() => sessionIndex(next) >= 0, clock.now, LIMIT_MS)) {
        const i = sessionIndex(next);
        session = ops(next)[i] === 6 ? 'resume' : 'new';
        sessionAt = next.sentAt[i] - closedAt;
      }
      return {
        reconnect: true,
        delay,
        session,
        sessionAt,
        resumeUrl: next.url.startsWith(RESUME_URL + '?'),
        extra: FakeSocket.instances.length - 2,
      };
    } finally {
      dispose();
    }
  });
}

/** Every socket after the close fails before it opens: the delays between attempts, and how
 * many sockets the shard opens (null when still trying after MAX_ATTEMPTS). */
async function retries(code, rnd) {
  return withRandom(rnd, async () => {
    await connectReady();
    try {
      FakeSocket.instances[0].serverClose(code);
      if (!(await clock.runUntil(() => FakeSocket.instances.length > 1, clock.now, LIMIT_MS))) return null;
      const delays = [];
      let attempts = 1;
      for (;;) {
        const failedAt = clock.now;
        const n = FakeSocket.instances.length;
        FakeSocket.instances[n - 1].fail();
        if (!(await clock.runUntil(() => FakeSocket.instances.length > n, failedAt, LIMIT_MS))) break;
        if (attempts === MAX_ATTEMPTS) { attempts = null; break; }
        attempts += 1;
        delays.push(FakeSocket.instances[n].createdAt - failedAt);
      }
      return { delays, attempts };
    } finally {
      dispose();
    }
  });
}

report({ client: pkg.name, version: pkg.version });

for (const code of CODES) {
  const low = await observe(code, 0);
  const high = await observe(code, 0.999999);
  if (low.reconnect !== high.reconnect || low.session !== high.session || low.resumeUrl !== high.resumeUrl) {
    throw new Error(`code ${code}: the two ends of Math.random disagree: ${JSON.stringify([low, high])}`);
  }
  if (low.extra || high.extra) throw new Error(`code ${code}: more than one socket after the close`);
  const line = {
    code,
    reconnect: low.reconnect,
    delays_ms: low.reconnect ? [low.delay, high.delay] : null,
    new_token: null,
    session: low.reconnect ? low.session : null,
  };
  if (low.reconnect) {
    line.resume_url = Boolean(low.resumeUrl);
    line.session_ms = [low.sessionAt, high.sessionAt];
    const lo = await retries(code, 0);
    const hi = await retries(code, 0.999999);
    if (lo.attempts !== hi.attempts || lo.delays.length !== hi.delays.length) {
      throw new Error(`code ${code}: retries disagree: ${JSON.stringify([lo, hi])}`);
    }
    line.retries_ms = lo.delays.map((d, i) => [d, hi.delays[i]]);
    line.attempts = lo.attempts;
  } else {
    line.status = low.status;
  }
  report(line);
}
