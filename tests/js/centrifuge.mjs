// Drives the real `centrifuge` client (centrifuge-js) close code by close code: a fresh client
// connects over a FakeSocket, the script answers its connect command as a Centrifugo server
// would (JSON protocol), closes the socket with the code, and reads on the virtual clock whether
// and when the client opens a new socket, and whether it asked for a new token first.
// Output contract: README.md in this directory.
//
// With the argument `signals`, the server pushes the protocol's disconnect push instead
// (`{"push":{"disconnect":{"code":…,"reason":…}}}`: client_protocol "Asynchronous pushes",
// "the server is about to close the connection, with a code and reason") for a code of each
// band, and closes with that code after a moment if the client has not closed first.

import { readFileSync } from 'node:fs';
import { FakeClock, FakeSocket, failEachAttempt, settle, withRandom, report, CODES } from './fake.mjs';

const clock = new FakeClock().install();
const { Centrifuge } = await import('centrifuge');
const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/centrifuge/package.json', import.meta.url), 'utf8'),
);

const LIMIT_MS = 60_000;
const RETRIES = 6;
// Centrifugo sends a plain-text reason with its close codes (e.g. "force reconnect"). The client
// reads the reason: a JSON reason overrides the decision, and an empty one skips the terminal
// bands (centrifuge-js only applies them when a reason is present), so the reason is non-empty
// and not JSON, as the server sends it.
const REASON = 'server closed';

/** FakeSocket that notes how many tokens had been asked for by then. */
let tokenCalls = 0;
class Socket extends FakeSocket {
  constructor(url, protocols) {
    super(url, protocols);
    this.tokensAtCreation = tokenCalls;
  }
}

/** The commands the client sent on a socket (JSON protocol: one command per line). */
function commands(socket) {
  return socket.sent.flatMap((frame) => String(frame).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l)));
}

const SIGNALS = process.argv[2] === 'signals';
if (process.argv[2] && !SIGNALS) throw new Error(`unknown mode ${process.argv[2]}`);
/** The disconnect push the server sends before it closes with `code`. */
const disconnectPush = (code) => JSON.stringify({ push: { disconnect: { code, reason: REASON } } });

/**
 * Connects a fresh client, closes with `code` (or, with `signals`, pushes a disconnect with it
 * first), and observes it with Math.random = rnd.
 */
async function observe(code, rnd) {
  FakeSocket.reset();
  clock.timers.clear();
  tokenCalls = 0;
  const client = new Centrifuge('ws://localhost:8000/connection/websocket', {
    websocket: Socket,
    token: 'token-0', // the first connect uses it: getToken only runs for a refresh
    getToken: async () => { tokenCalls += 1; return 'token-' + tokenCalls; },
  });
  try {
    client.connect();
    await settle();
    const socket = FakeSocket.last();
    if (!socket) throw new Error('no socket after connect()');
    socket.open();
    await settle();
    const connect = commands(socket).find((c) => c.connect);
    if (!connect) throw new Error('no connect command: ' + JSON.stringify(socket.sent));
    socket.receive(JSON.stringify({ id: connect.id, connect: { client: 'client-' + code, version: '6.0.0' } }));
    await settle();
    if (client.state !== 'connected') throw new Error(`code ${code}: client is ${client.state}, not connected`);
    if (FakeSocket.instances.length !== 1) throw new Error('extra socket before close');
    const tokensBefore = tokenCalls;

    return await withRandom(rnd, async () => {
      const closedAt = clock.now;
      if (SIGNALS) {
        socket.receive(disconnectPush(code));
        await clock.runUntil(() => socket.readyState === FakeSocket.CLOSED, closedAt, 10);
        // The client acts on the push itself: it has closed the socket before the server would.
        if (socket.readyState !== FakeSocket.CLOSED) throw new Error(`${code}: the push was ignored`);
      }
      socket.serverClose(code, REASON);
      const first = await clock.runUntil(() => FakeSocket.instances.length > 1, closedAt, LIMIT_MS);
      if (!first) return { reconnect: false, delay: null, newToken: tokenCalls > tokensBefore, retries: [] };
      const next = FakeSocket.instances[1];
      const out = {
        reconnect: true,
        delay: next.createdAt - closedAt,
        newToken: next.tokensAtCreation > tokensBefore,
        retries: [],
      };
      // Every following socket fails before it opens.
      out.retries = await failEachAttempt(clock, next, RETRIES, LIMIT_MS);
      return out;
    });
  } finally {
    client.disconnect();
    await settle();
    client.removeAllListeners();
    clock.timers.clear();
    FakeSocket.reset();
  }
}

report({ client: 'centrifuge', version });
// A code of each band, the edges of the terminal ones, and 3014 (a new token).
const PUSHED = [3000, 3014, 3499, 3500, 3999, 4000, 4499, 4500, 4999];
for (const code of SIGNALS ? PUSHED : CODES) {
  const low = await observe(code, 0);
  const high = await observe(code, 0.999999);
  if (low.reconnect !== high.reconnect || low.newToken !== high.newToken) {
    throw new Error(`code ${code}: the two runs disagree: ${JSON.stringify([low, high])}`);
  }
  const line = {
    ...(SIGNALS ? { text: disconnectPush(code) } : { code }),
    reconnect: low.reconnect,
    delays_ms: low.reconnect ? [low.delay, high.delay] : null,
    new_token: low.newToken,
    session: null,
  };
  if (low.reconnect && low.retries.length) {
    line.retries_ms = low.retries.map((d, i) => [d, high.retries[i]]);
  }
  report(line);
}
