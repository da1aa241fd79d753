// @azure/web-pubsub-client (dist/esm/webPubSubClient.js): the default reliable JSON protocol
// (json.reliable.webpubsub.azure.v1), a fake socket per attempt, a virtual clock. For every close
// code: start a fresh client, play the server up to the system message `connected` (it carries the
// connection id and reconnection token that recovery needs), close with the code, and watch for
// the next socket, its URL (recovery adds awps_connection_id and awps_reconnection_token) and for
// calls of getClientAccessUrl (a new connection fetches a fresh URL).
//
// In node the client opens its socket with the `ws` package (dist/esm/websocket/websocketClient.js,
// `import WebSocket from "ws"`). A loader hook (module.register) resolves that one import, made
// from inside @azure/web-pubsub-client, to a module whose default export is a FakeSocket that also
// takes ws's send callback. Everything else is the client's own code.
//
// Recovery is bounded by AbortSignal.timeout(30 s), whose timer node keeps outside globalThis; it
// is put on the virtual clock too, so that the give-up at 30 s is seen.
//
// Besides the README's fields, each reconnecting line carries `fallback` (null when none within
// the retries watched): when every socket after the close fails before opening, the virtual ms
// from the close to the first socket of a new connection (no recovery parameters), whether that
// one fetched a new URL, and the [low, high] delays of the new connection's next attempts.
//
// Usage: node azure-web-pubsub.mjs > out.jsonl  (add `--codes 1000,1008` to run only some codes)

import { readFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { CODES, FakeClock, FakeSocket, settle, withRandom, report } from './fake.mjs';

const clock = new FakeClock().install();

// AbortSignal.timeout on the virtual clock (node's own uses an internal timer).
AbortSignal.timeout = (ms) => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  return controller.signal;
};

// ws's send(data, callback): the client awaits the callback (websocketClient.js send()).
class WsFakeSocket extends FakeSocket {
  send(data, callback) {
    super.send(data);
    if (typeof callback === 'function') queueMicrotask(() => callback());
  }
}
globalThis.__closecodesAzureWebSocket = WsFakeSocket;

const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'ws' && context.parentURL && context.parentURL.includes('/@azure/web-pubsub-client/')) {
    return { url: 'data:text/javascript,export default globalThis.__closecodesAzureWebSocket;', shortCircuit: true };
  }
  return next(specifier, context);
}`;
register('data:text/javascript,' + encodeURIComponent(hooks), import.meta.url);

// The client logs through @azure/logger, silent unless AZURE_LOG_LEVEL is set; keep stderr readable.
const quiet = process.env.AZURE_VERBOSE ? null : { warn: console.warn, error: console.error, log: console.log };
if (quiet) { console.warn = () => {}; console.error = () => {}; console.log = () => {}; }

const require = createRequire(import.meta.url);
const pkgDir = require.resolve('@azure/web-pubsub-client/package.json');
const version = JSON.parse(readFileSync(pkgDir, 'utf8')).version;
const { WebPubSubClient } = await import('@azure/web-pubsub-client');

const URL_ = 'wss://example.webpubsub.azure.com/client/hubs/h?access_token=t';
const LIMIT_MS = 60_000;
const RETRIES = 6; // reported in retries_ms
const FALLBACK_WATCH = 40; // failed attempts watched for the fall back to a new connection
const FALLBACK_RETRIES = 3; // the new connection's attempts after that

const sockets = () => FakeSocket.instances;
const isResume = (s) => {
  const q = new URL(s.url).searchParams;
  return q.has('awps_connection_id') || q.has('awps_reconnection_token');
};

/** The client's run until `done()` holds, within `limit` virtual ms: the elapsed ms, or null. */
const runUntil = (done, limit) => clock.runFor(done, limit, 40);

const CONNECTED = JSON.stringify({ type: 'system', event: 'connected', userId: 'u', connectionId: 'c1', reconnectionToken: 'tok' });

async function once(code, random) {
  return withRandom(random, async () => {
    FakeSocket.reset();
    clock.timers.clear();
    let urlCalls = 0;
    const client = new WebPubSubClient({ getClientAccessUrl: async () => { urlCalls++; return URL_; } });
    let connected = false;
    client.on('connected', () => { connected = true; });
    try {
      const started = client.start();
      if (await runUntil(() => sockets().length === 1, 1000) === null) throw new Error('no first socket');
      const first = sockets()[0];
      if (first.protocol !== 'json.reliable.webpubsub.azure.v1') throw new Error(`protocol ${first.protocol}`);
      first.open();
      await started;
      first.receive(CONNECTED);
      if (await runUntil(() => connected, 1000) === null) throw new Error('not connected');

      const urlBefore = urlCalls;
      const t0 = clock.now;
      first.serverClose(code, 'closed by the test');
      const delay = await runUntil(() => sockets().length > 1, LIMIT_MS);
      if (delay === null) return { reconnect: false };
      const second = sockets()[1];
      const newToken = urlCalls > urlBefore;
      const session = isResume(second) ? 'resume' : 'new';

      // Every following socket fails before it opens: the next delays, and where recovery gives up.
      const retries = [];
      let fallback = null;
      let urlMark = urlCalls;
      let fallbackRetries = null;
      for (let i = 0; i < FALLBACK_WATCH + FALLBACK_RETRIES; i++) {
        const n = sockets().length;
        const prevResume = isResume(sockets()[n - 1]);
        urlMark = urlCalls;
        sockets()[n - 1].fail();
        const d = await runUntil(() => sockets().length > n, LIMIT_MS);
        if (d === null) break;
        retries.push(d);
        const next = sockets()[n];
        if (fallbackRetries) {
          fallbackRetries.push(d);
          if (fallbackRetries.length >= FALLBACK_RETRIES) break;
        } else if (prevResume && !isResume(next)) {
          fallback = { at_ms: clock.now - t0, session: 'new', new_token: urlCalls > urlMark };
          fallbackRetries = [];
        }
        if (session === 'new' && retries.length >= RETRIES) break; // no recovery to give up
      }
      if (fallback) fallback.retries = fallbackRetries;
      return { reconnect: true, delay, newToken, session, retries: retries.slice(0, RETRIES), fallback };
    } finally {
      client.stop();
      await settle(40);
      clock.timers.clear();
      FakeSocket.reset();
    }
  });
}

const span = (a, b) => [Math.min(a, b), Math.max(a, b)];

const only = (() => {
  const i = process.argv.indexOf('--codes');
  return i >= 0 ? new Set(process.argv[i + 1].split(',').map(Number)) : null;
})();

report({ client: '@azure/web-pubsub-client', version });
for (const code of CODES) {
  if (only && !only.has(code)) continue;
  const lo = await once(code, 0);
  const hi = await once(code, 0.999999);
  const line = {
    code,
    reconnect: lo.reconnect,
    delays_ms: lo.reconnect ? span(lo.delay, hi.delay) : null,
    new_token: lo.reconnect ? lo.newToken || hi.newToken : null,
    session: lo.reconnect ? lo.session : null,
  };
  if (lo.reconnect !== hi.reconnect || lo.newToken !== hi.newToken || lo.session !== hi.session) line.inconsistent = { lo, hi };
  if (lo.reconnect) {
    const n = Math.min(lo.retries.length, hi.retries.length);
    line.retries_ms = Array.from({ length: n }, (_, i) => span(lo.retries[i], hi.retries[i]));
    if (lo.fallback && hi.fallback) {
      const m = Math.min(lo.fallback.retries.length, hi.fallback.retries.length);
      line.fallback = {
        at_ms: span(lo.fallback.at_ms, hi.fallback.at_ms),
        session: 'new',
        new_token: lo.fallback.new_token || hi.fallback.new_token,
        retries_ms: Array.from({ length: m }, (_, i) => span(lo.fallback.retries[i], hi.fallback.retries[i])),
      };
    } else {
      line.fallback = null;
    }
  }
  report(line);
}
if (quiet) Object.assign(console, quiet);
