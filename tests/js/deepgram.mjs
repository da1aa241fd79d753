// @deepgram/sdk (live transcription, /v1/listen), through its public API: `new DeepgramClient({
// apiKey })`, `await client.listen.v1.connect({ model })`, `socket.connect()`. Under it runs the
// SDK's ReconnectingWebSocket (dist/esm/core/websocket/ws.mjs), built by CustomClient.mjs
// createWebSocketConnection with every reconnect option at its default: maxRetries 30
// (reconnectAttempts ?? 30), connectionTimeout 10 s, no shouldReconnect (so ws.mjs's default:
// every code but 1000), and ws.mjs's DEFAULT_OPTIONS for the delays.
//
// In node the SDK takes its WebSocket class from the `ws` package, twice: ws.mjs imports it
// statically, and CustomClient.mjs imports it dynamically and passes it as the `WebSocket`
// option. A loader hook (module.register) resolves `ws`, imported from inside @deepgram/sdk, to a
// module whose exports are a FakeSocket. Everything else is the SDK's own code.
//
// The SDK has no ready message: the socket is ready when it opens. Its reconnect delay has no
// per-attempt jitter; the randomness is drawn once, when ws.mjs loads (DEFAULT_OPTIONS
// .minReconnectionDelay = 1000 + Math.random() * 4000). So the SDK is loaded twice, once with
// Math.random pinned to 0 and once to 0.999999: the hook gives every module under @deepgram/sdk
// imported from the second copy a query string, so the two copies share no module. The [low,
// high] of every delay comes from the two copies. Delays are rounded to whole ms (the SDK's are
// fractional: 1000 × 1.3^n).
//
// A socket that fails before it opens (error, then close) makes the SDK close it itself with
// 1000 (ws.mjs _handleError → _disconnect), which its default shouldReconnect treats as final:
// it makes no further attempt, so `attempts` is 1 and there is no `retries_ms`.
//
// Besides the README's fields, each reconnecting line carries (for reading, not compared):
// - `reopened_ms`: the [low, high] delays (the first 12) when every new socket opens and the server
//   closes it again at once with the same code (before minUptime, 5 s, resets the SDK's retry count);
// - `reopened_attempts`: how many new sockets the SDK opens that way, counted up to 40; null
//   when it is still reconnecting after 40.
//
// Usage: node deepgram.mjs > out.jsonl  (add `--codes 1000,1011` to run only some codes)

import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { FakeClock, FakeSocket, settle, withRandom, report, CODES } from './fake.mjs';

const clock = new FakeClock().install();

// The socket the SDK gets for `ws` (ws's third argument, its options, is ignored).
globalThis.__closecodesDeepgramWebSocket = FakeSocket;

const DRAW = 'closecodes-draw';
const hooks = `
const FAKE_WS = 'data:text/javascript,' + encodeURIComponent(
  'export const WebSocket = globalThis.__closecodesDeepgramWebSocket; export default WebSocket;');
export async function resolve(specifier, context, next) {
  const parent = context.parentURL || '';
  if (specifier === 'ws' && parent.includes('/@deepgram/sdk/')) return { url: FAKE_WS, shortCircuit: true };
  const resolved = await next(specifier, context);
  const draw = /[?&](${DRAW}=[^&#]*)/.exec(parent);
  if (draw && parent.includes('/@deepgram/sdk/') && resolved.url.startsWith('file:')
      && resolved.url.includes('/@deepgram/sdk/') && !resolved.url.includes('?')) {
    return { ...resolved, url: resolved.url + '?' + draw[1] };
  }
  return resolved;
}`;
register('data:text/javascript,' + encodeURIComponent(hooks), import.meta.url);

const entry = import.meta.resolve('@deepgram/sdk'); // dist/esm/index.mjs
const { version } = JSON.parse(
  readFileSync(new URL('./node_modules/@deepgram/sdk/package.json', import.meta.url), 'utf8'),
);
const LOW = 0;
const HIGH = 0.999999;
const sdkLow = await withRandom(LOW, () => import(`${entry}?${DRAW}=low`));
const sdkHigh = await withRandom(HIGH, () => import(`${entry}?${DRAW}=high`));
if (sdkLow.DeepgramClient === sdkHigh.DeepgramClient) throw new Error('the two SDK copies are one');

const LIMIT_MS = 60_000;
const ATTEMPTS = 20; // README: failed attempts counted up to 20
const REOPENED = 40; // reopened_attempts counted up to 40 (the SDK's maxRetries is 30)
const REOPENED_SHOWN = 12; // reopened_ms lists the first 12 (the delay reaches its 10 s cap by the 10th)
const REASON = 'closed by the test';

const sockets = () => FakeSocket.instances;

/** A fresh client and live socket, opened; calls `watch(first, live)` and cleans up. */
async function session(sdk, watch) {
  FakeSocket.reset();
  clock.timers.clear();
  const client = new sdk.DeepgramClient({ apiKey: 'test-key' });
  const live = await client.listen.v1.connect({ model: 'nova-3' });
  try {
    live.connect();
    if (!(await clock.runUntil(() => sockets().length === 1, clock.now, 1000))) throw new Error('no socket after connect()');
    const first = sockets()[0];
    if (!first.url.includes('/v1/listen')) throw new Error(`url ${first.url}`);
    first.open();
    await settle();
    if (live.readyState !== 1) throw new Error(`not open: readyState ${live.readyState}`);
    if (sockets().length !== 1) throw new Error('extra socket before close');
    return await watch(first);
  } finally {
    live.close();
    await settle();
    clock.timers.clear();
    FakeSocket.reset();
  }
}

const ms = (d) => Math.round(d);

/** The README's observation: close, the next socket, then every following socket fails. */
function observe(sdk, code, rnd) {
  return withRandom(rnd, () => session(sdk, async (first) => {
    const closedAt = clock.now;
    first.serverClose(code, REASON);
    if (!(await clock.runUntil(() => sockets().length > 1, closedAt, LIMIT_MS))) return { reconnect: false, retries: [], attempts: null };
    let current = sockets()[1];
    const out = { reconnect: true, delay: ms(current.createdAt - closedAt), retries: [], attempts: null };
    // `made` new sockets so far; at ATTEMPTS it is still trying (attempts stays null).
    for (let made = 1; made < ATTEMPTS; made++) {
      const failedAt = clock.now;
      const n = sockets().length;
      current.fail();
      if (!(await clock.runUntil(() => sockets().length > n, failedAt, LIMIT_MS))) { out.attempts = made; break; }
      current = sockets()[n];
      out.retries.push(ms(current.createdAt - failedAt));
    }
    return out;
  }));
}

/** Every new socket opens and is closed again at once with the same code. */
function observeReopened(sdk, code, rnd) {
  return withRandom(rnd, () => session(sdk, async (first) => {
    let current = first;
    const delays = [];
    for (let made = 0; made < REOPENED; made++) {
      const closedAt = clock.now;
      const n = sockets().length;
      current.serverClose(code, REASON);
      if (!(await clock.runUntil(() => sockets().length > n, closedAt, LIMIT_MS))) return { delays, attempts: made };
      current = sockets()[n];
      delays.push(ms(current.createdAt - closedAt));
      current.open();
      await settle();
    }
    return { delays, attempts: null };
  }));
}

const only = process.argv.indexOf('--codes');
const codes = only > 0 ? process.argv[only + 1].split(',').map(Number) : CODES;

report({ client: '@deepgram/sdk', version });
for (const code of codes) {
  const low = await observe(sdkLow, code, LOW);
  const high = await observe(sdkHigh, code, HIGH);
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
    if (low.retries.length) line.retries_ms = low.retries.map((d, i) => [d, high.retries[i]]);
    line.attempts = low.attempts;
    const rlow = await observeReopened(sdkLow, code, LOW);
    const rhigh = await observeReopened(sdkHigh, code, HIGH);
    if (rlow.attempts !== rhigh.attempts) throw new Error(`code ${code}: reopened runs disagree`);
    line.reopened_ms = rlow.delays.slice(0, REOPENED_SHOWN).map((d, i) => [d, rhigh.delays[i]]);
    line.reopened_attempts = rlow.attempts;
  }
  report(line);
}
