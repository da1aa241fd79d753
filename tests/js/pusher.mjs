// Drives the real `pusher-js` client (its Node build, dist/node/pusher.js) close code by close
// code: a fresh client connects over a FakeSocket (the runtime's WebSocket constructor is
// replaced, nothing else), the script answers as a Pusher Channels server would
// (pusher:connection_established), closes the socket with the code, and reads on the virtual
// clock whether and when the client's own connection manager opens a new socket, and whether
// that socket is wss:// (pusher-js switches to TLS after 4000).
// Output contract: README.md in this directory. Extra key: "tls".
//
// With the argument `handshake-error` the server answers the connection with the protocol's
// `pusher:error` carrying the code (what Pusher sends to clients whose WebSocket has no close
// codes, or on protocols before 6, "before the WebSocket connection is closed"), then closes
// without a status code (1005); the report is what the client did after that error, for the
// codes 4000–4999 only: pusher-js throws on an error whose code has no close action (1000,
// 1005–3999: `handshakeCallbacks[null]` is not a function, dist/node/pusher.js:8678).

import { readFileSync } from 'node:fs';
import { FakeClock, FakeSocket, failEachAttempt, settle, withRandom, report, CODES } from './fake.mjs';

const clock = new FakeClock().install();
const mod = await import('pusher-js');
const Pusher = mod.default?.default ?? mod.default ?? mod;
const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/pusher-js/package.json', import.meta.url), 'utf8'),
);

// The Node runtime builds its sockets with `new (Runtime.getWebSocketAPI())(url)` (faye-websocket
// by default); `Pusher.Runtime` is that runtime object, so only the constructor is swapped.
Pusher.Runtime.getWebSocketAPI = () => FakeSocket;
Pusher.logToConsole = false;
Pusher.log = () => {};

const HANDSHAKE_ERROR = process.argv[2] === 'handshake-error';
if (process.argv[2] && !HANDSHAKE_ERROR) throw new Error(`unknown mode ${process.argv[2]}`);
const LIMIT_MS = 60_000;
const RETRIES = 6;
const REASON = 'server closed';
const ESTABLISHED = JSON.stringify({
  event: 'pusher:connection_established',
  data: JSON.stringify({ socket_id: '1.1', activity_timeout: 120 }),
});


/** Connects a fresh client, closes with `code`, and observes it with Math.random = rnd. */
async function observe(code, rnd) {
  FakeSocket.reset();
  clock.timers.clear();
  const pusher = new Pusher('closecodes-key', {
    cluster: 'mt1',
    forceTLS: false, // start on ws:// so that the switch to TLS after 4000 shows
    enabledTransports: ['ws'], // no wss-after-2 s race, no xhr/sockjs fallback
    enableStats: false, // no timeline requests
  });
  try {
    // The client connects on construction (Pusher.isReady after Runtime.setup).
    if (!(await clock.runUntil(() => FakeSocket.instances.length === 1, clock.now, 1_000))) {
      throw new Error(`code ${code}: no socket after new Pusher()`);
    }
    const socket = FakeSocket.last();
    if (!socket.url.startsWith('ws://')) throw new Error('first socket is not ws://: ' + socket.url);
    socket.open();
    await settle();
    if (HANDSHAKE_ERROR) {
      return await withRandom(rnd, async () => {
        const closedAt = clock.now;
        socket.receive(JSON.stringify({ event: 'pusher:error', data: { code, message: REASON } }));
        await settle();
        socket.serverClose(1005, '');
        const first = await clock.runUntil(() => FakeSocket.instances.length > 1, closedAt, LIMIT_MS);
        if (!first) return { reconnect: false, delay: null, tls: null, retries: [] };
        const next = FakeSocket.instances[1];
        return {
          reconnect: true,
          delay: next.createdAt - closedAt,
          tls: next.url.startsWith('wss://'),
          retries: [],
        };
      });
    }
    socket.receive(ESTABLISHED);
    await clock.runUntil(() => pusher.connection.state === 'connected', clock.now, 1_000);
    if (pusher.connection.state !== 'connected') {
      throw new Error(`code ${code}: client is ${pusher.connection.state}, not connected`);
    }
    if (FakeSocket.instances.length !== 1) throw new Error('extra socket before close');

    return await withRandom(rnd, async () => {
      const closedAt = clock.now;
      socket.serverClose(code, REASON);
      const first = await clock.runUntil(() => FakeSocket.instances.length > 1, closedAt, LIMIT_MS);
      if (!first) return { reconnect: false, delay: null, tls: null, retries: [], state: pusher.connection.state };
      const next = FakeSocket.instances[1];
      const out = {
        reconnect: true,
        delay: next.createdAt - closedAt,
        tls: next.url.startsWith('wss://'),
        retries: [],
        state: pusher.connection.state,
      };
      // Every following socket fails before it opens.
      out.retries = await failEachAttempt(clock, next, RETRIES, LIMIT_MS);
      return out;
    });
  } finally {
    pusher.disconnect();
    await settle();
    pusher.unbind_all?.();
    const i = Pusher.instances.indexOf(pusher);
    if (i >= 0) Pusher.instances.splice(i, 1);
    clock.timers.clear();
    FakeSocket.reset();
  }
}

report({ client: 'pusher-js', version });
for (const code of HANDSHAKE_ERROR ? CODES.filter((c) => c >= 4000) : CODES) {
  const low = await observe(code, 0);
  const high = await observe(code, 0.999999);
  if (low.reconnect !== high.reconnect || low.tls !== high.tls) {
    throw new Error(`code ${code}: the two runs disagree: ${JSON.stringify([low, high])}`);
  }
  const line = {
    code,
    reconnect: low.reconnect,
    delays_ms: low.reconnect ? [low.delay, high.delay] : null,
    new_token: null, // no connection token callback; channel auth is per subscription
    session: null,
    tls: low.tls,
  };
  if (low.reconnect && low.retries.length) {
    line.retries_ms = low.retries.map((d, i) => [d, high.retries[i]]);
  }
  report(line);
}
