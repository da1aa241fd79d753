// @liveblocks/client (connection machine in @liveblocks/core, dist/index.js): one room, a fake
// socket per attempt, a virtual clock. For every close code: connect a fresh client to a room,
// play the server up to ROOM_STATE (the client waits for it before it is "connected"), close with
// the code, and watch for the next socket and for calls of the auth callback.
//
// The token is an unsigned JWT-shaped access token (`k: "acc"`) whose perms cover the room and
// whose lifetime is far beyond the run: the client's auth manager caches it, so its auth
// callback runs again only when the cache misses (the connection machine still passes through
// its auth state after 4100-4199, but the cached token comes back).
//
// Usage: node liveblocks.mjs > out.jsonl  (add `--codes 1000,4100` to run only some codes)

import { readFileSync } from 'node:fs';
import { CODES, FakeClock, FakeSocket, settle, withRandom, report } from './fake.mjs';

const clock = new FakeClock().install();

// The client warns on every close and retry; keep stderr readable.
const quiet = process.env.LIVEBLOCKS_VERBOSE ? null : { warn: console.warn, error: console.error, log: console.log };
if (quiet) { console.warn = () => {}; console.error = () => {}; console.log = () => {}; }

const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/@liveblocks/client/package.json', import.meta.url), 'utf8'),
);
const { createClient } = await import('@liveblocks/client');

const LIMIT_MS = 60_000;
const RETRIES = 6;
const ROOM = 'room';
// Diagnostic: LIVEBLOCKS_RETRY_CLOSE=<code> makes each following socket close with that code
// before it opens, instead of failing (error + 1006).
const RETRY_CLOSE = Number(process.env.LIVEBLOCKS_RETRY_CLOSE) || 0;
// The token's lifetime (exp - iat). The client caches a token until 30 s before it expires
// (auth-manager), so LIVEBLOCKS_TOKEN_TTL_S=30 makes every pass through its auth state call the
// auth callback: a diagnostic run, not the report.
const TOKEN_TTL_S = Number(process.env.LIVEBLOCKS_TOKEN_TTL_S) || 10 * 365 * 24 * 3600;

function b64url(obj) {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

let tokenSerial = 0;
function makeToken() {
  const iat = Math.floor(clock.now / 1000);
  const payload = {
    k: 'acc',
    pid: 'project',
    uid: 'user',
    perms: { [ROOM]: ['room:write'] },
    iat,
    exp: iat + TOKEN_TTL_S,
    jti: `t${++tokenSerial}`,
  };
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(payload)}.sig`;
}

// Any HTTP call the client makes (none is expected for a bare room) never answers.
const fetch = () => new Promise(() => {});

/** FakeSocket that notes how many tokens had been asked for by then. */
let authCalls = 0;
class Socket extends FakeSocket {
  constructor(url, protocols) {
    super(url, protocols);
    this.tokensAtCreation = authCalls;
  }
}

const roomSockets = () => FakeSocket.instances.filter((s) => s.url.includes('/v8') && s.url.includes(`roomId=${ROOM}`));

/** The client's run until `done()` holds, within `limit` virtual ms: the elapsed ms, or null. */
const runUntil = (done, limit) => clock.runFor(done, limit, 60);

const ROOM_STATE = (actor) => JSON.stringify({
  type: 104,
  actor,
  nonce: `nonce-${actor}`,
  scopes: ['room:write'],
  users: {},
  meta: {},
});

async function once(code, random) {
  return withRandom(random, async () => {
    FakeSocket.reset();
    clock.timers.clear();
    authCalls = 0;
    const client = createClient({
      authEndpoint: async () => { authCalls++; return { token: makeToken() }; },
      polyfills: { WebSocket: Socket, fetch },
      lostConnectionTimeout: 5000,
    });
    const { room, leave } = client.enterRoom(ROOM, { initialPresence: {} });
    try {
      // The client authenticates, then opens its socket.
      if (await runUntil(() => roomSockets().length === 1, 1000) === null) throw new Error('no first socket');
      const first = roomSockets()[0];
      first.open();
      first.receive(ROOM_STATE(1));
      if (await runUntil(() => room.getStatus() === 'connected', 1000) === null) throw new Error(`not connected: ${room.getStatus()}`);

      const authBefore = authCalls;
      first.serverClose(code, 'closed by the test');
      const delay = await runUntil(() => roomSockets().length > 1, LIMIT_MS);
      if (delay === null) return { reconnect: false, delay: null, newToken: authCalls > authBefore, retries: [] };
      const newToken = roomSockets()[1].tokensAtCreation > authBefore;

      // Every following socket fails before it opens: the next delays.
      const retries = [];
      for (let i = 0; i < RETRIES; i++) {
        const sockets = roomSockets();
        const n = sockets.length;
        if (RETRY_CLOSE) sockets[n - 1].serverClose(RETRY_CLOSE, 'refused by the test');
        else sockets[n - 1].fail();
        const d = await runUntil(() => roomSockets().length > n, LIMIT_MS);
        if (d === null) break;
        retries.push(d);
      }
      return { reconnect: true, delay, newToken, retries };
    } finally {
      leave();
      await settle(60);
      clock.timers.clear();
      FakeSocket.reset();
    }
  });
}

const only = (() => {
  const i = process.argv.indexOf('--codes');
  return i >= 0 ? new Set(process.argv[i + 1].split(',').map(Number)) : null;
})();

report({ client: '@liveblocks/client', version });
for (const code of CODES) {
  if (only && !only.has(code)) continue;
  const lo = await once(code, 0);
  const hi = await once(code, 0.999999);
  if (lo.reconnect !== hi.reconnect || lo.newToken !== hi.newToken) {
    throw new Error(`code ${code}: the two runs disagree: ${JSON.stringify([lo, hi])}`);
  }
  const line = {
    code,
    reconnect: lo.reconnect,
    delays_ms: lo.reconnect ? [lo.delay, hi.delay] : null,
    new_token: lo.newToken,
    session: null,
  };
  if (lo.reconnect && lo.retries.length) {
    line.retries_ms = lo.retries.map((d, i) => [d, hi.retries[i]]);
  }
  report(line);
}
if (quiet) Object.assign(console, quiet);
