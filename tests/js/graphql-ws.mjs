// Drives the real `graphql-ws` client (createClient, graphql-transport-ws subprotocol) close
// code by close code: a fresh client connects over a FakeSocket, the script answers its
// connection_init with connection_ack as a server would, closes the socket with the code, and
// reads on the virtual clock whether and when the client opens a new socket. Then every
// following socket fails before it opens (FakeSocket.fail(): an error event, then close 1006),
// and the script notes the next delays and how many sockets the client opens before it gives up.
// Output contract: README.md in this directory.
//
// Usage: node graphql-ws.mjs subscribed|idle
// - subscribed: lazy client (the default) with one subscription running when the server closes.
// - idle: `lazy: false`, connected with no subscription. (A lazy client with no subscription
//   closes the socket itself with 1000, so it has no idle connection for a server to close.)
//
// Options: every retry option is left at its default (retryAttempts 5, retryWait
// "randomised exponential backoff", shouldRetry "only CloseEvents"). Set besides `url` and
// `webSocketImpl`: `lazy: false` in idle mode, and `onNonLazyError` in idle mode, which only
// replaces the default console.error report of the error that ends the client (it decides
// nothing) so that the script can see when the client gives up.

import { readFileSync } from 'node:fs';
import { FakeClock, FakeSocket, settle, withRandom, report, CODES } from './fake.mjs';

const clock = new FakeClock().install();
const { createClient } = await import('graphql-ws');
const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/graphql-ws/package.json', import.meta.url), 'utf8'),
);

const MODE = process.argv[2];
if (MODE !== 'subscribed' && MODE !== 'idle') {
  process.stderr.write('usage: node graphql-ws.mjs subscribed|idle\n');
  process.exit(2);
}

const LIMIT_MS = 60_000;
const MAX_ATTEMPTS = 20;
const PROTOCOL = 'graphql-transport-ws';

/** FakeSocket that picks the subprotocol as the server does. */
class Socket extends FakeSocket {
  constructor(url, protocols) {
    super(url, protocols);
    this.protocol = PROTOCOL; // the subprotocol the server picks
  }
}

/** The messages the client sent on a socket. */
function messages(socket) {
  return socket.sent.map((frame) => JSON.parse(String(frame)));
}

/** Connects a fresh client, closes with `code`, and observes it with Math.random = rnd. */
async function observe(code, rnd) {
  FakeSocket.reset();
  clock.timers.clear();
  let gaveUp = null; // what the client reported when it stopped for good
  const options = { url: 'ws://127.0.0.1/graphql', webSocketImpl: Socket };
  if (MODE === 'idle') {
    options.lazy = false;
    options.onNonLazyError = (err) => { gaveUp = err ?? 'error'; };
  }
  const client = createClient(options);
  let unsubscribe = () => {};
  try {
    if (MODE === 'subscribed') {
      unsubscribe = client.subscribe({ query: '{ a }' }, {
        next() {},
        error(err) { gaveUp = err ?? 'error'; },
        complete() { gaveUp = gaveUp ?? 'complete'; },
      });
    }
    await settle();
    const socket = FakeSocket.last();
    if (!socket) throw new Error('no socket after createClient/subscribe');
    if (socket.protocols !== PROTOCOL) throw new Error('subprotocol ' + JSON.stringify(socket.protocols));
    socket.open();
    await settle();
    if (!messages(socket).some((m) => m.type === 'connection_init')) {
      throw new Error('no connection_init: ' + JSON.stringify(socket.sent));
    }
    socket.receive(JSON.stringify({ type: 'connection_ack' }));
    await settle();
    if (MODE === 'subscribed' && !messages(socket).some((m) => m.type === 'subscribe')) {
      throw new Error(`code ${code}: no subscribe after connection_ack: ${JSON.stringify(socket.sent)}`);
    }
    if (MODE === 'idle' && messages(socket).some((m) => m.type !== 'connection_init')) {
      throw new Error(`code ${code}: unexpected message: ${JSON.stringify(socket.sent)}`);
    }
    if (FakeSocket.instances.length !== 1 || gaveUp !== null) throw new Error('not connected before close');

    return await withRandom(rnd, async () => {
      const closedAt = clock.now;
      socket.serverClose(code, 'server closed');
      const first = await clock.runUntil(() => FakeSocket.instances.length > 1 || gaveUp !== null, closedAt, LIMIT_MS);
      if (!first || FakeSocket.instances.length === 1) return { reconnect: false, delay: null, retries: [], attempts: null };
      let current = FakeSocket.instances[1];
      const out = { reconnect: true, delay: current.createdAt - closedAt, retries: [], attempts: null };
      // Every following socket fails before it opens.
      for (let opened = 1; ; opened++) {
        const failedAt = clock.now;
        const n = FakeSocket.instances.length;
        current.fail();
        const more = await clock.runUntil(() => FakeSocket.instances.length > n || gaveUp !== null, failedAt, LIMIT_MS);
        if (!more || FakeSocket.instances.length === n) {
          out.attempts = opened; // gave up after `opened` sockets
          break;
        }
        if (opened === MAX_ATTEMPTS) break; // still trying after 20: attempts stays null
        current = FakeSocket.instances[n];
        out.retries.push(current.createdAt - failedAt);
      }
      return out;
    });
  } finally {
    unsubscribe();
    client.dispose(); // not awaited: it waits for a connection still being retried
    await settle();
    clock.timers.clear();
    FakeSocket.reset();
  }
}

report({ client: 'graphql-ws', version });
for (const code of CODES) {
  const low = await observe(code, 0);
  const high = await observe(code, 0.999999);
  if (low.reconnect !== high.reconnect || low.attempts !== high.attempts || low.retries.length !== high.retries.length) {
    throw new Error(`code ${code}: the two runs disagree: ${JSON.stringify([low, high])}`);
  }
  const line = {
    code,
    reconnect: low.reconnect,
    delays_ms: low.reconnect ? [low.delay, high.delay] : null,
    new_token: null,
    session: null,
  };
  if (low.reconnect) {
    line.retries_ms = low.retries.map((d, i) => [d, high.retries[i]]);
    line.attempts = low.attempts;
  }
  report(line);
}
