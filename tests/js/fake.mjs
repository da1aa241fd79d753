// A virtual clock and a fake browser WebSocket, so that a vendor's real JavaScript client can be
// driven close by close without a network and without waiting. Install the clock before the
// client is imported: some clients keep a reference to setTimeout when their module loads.

export const CODES = [];
for (let code = 1000; code <= 1015; code++) CODES.push(code);
for (let code = 3000; code <= 4999; code++) CODES.push(code);

/** Timers that run only when `advance` is called. */
export class FakeClock {
  constructor() {
    this.now = 1_700_000_000_000;
    this.timers = new Map();
    this.nextId = 1;
  }

  install() {
    const clock = this;
    FakeClock.current = this;
    const add = (fn, ms, args, every) => {
      const id = clock.nextId++;
      const delay = Math.max(0, Number(ms) || 0);
      clock.timers.set(id, { at: clock.now + delay, fn, args, every: every ? Math.max(1, delay) : 0, delay });
      return { id, ref() { return this; }, unref() { return this; }, hasRef() { return true; }, refresh() { return this; }, [Symbol.toPrimitive]() { return id; } };
    };
    const clear = (handle) => {
      if (handle == null) return;
      clock.timers.delete(typeof handle === 'object' ? handle.id : handle);
    };
    globalThis.setTimeout = (fn, ms, ...args) => add(fn, ms, args, false);
    globalThis.setInterval = (fn, ms, ...args) => add(fn, ms, args, true);
    globalThis.clearTimeout = clear;
    globalThis.clearInterval = clear;
    const RealDate = Date;
    globalThis.Date = class extends RealDate {
      constructor(...args) { super(...(args.length ? args : [clock.now])); }
      static now() { return clock.now; }
    };
    if (globalThis.performance) {
      Object.defineProperty(globalThis.performance, 'now', { value: () => clock.now, configurable: true });
    }
    return this;
  }

  /** The delays of the timers now pending, shortest first (for reading a client's schedule). */
  pending() {
    return [...this.timers.values()].map((t) => t.at - this.now).sort((a, b) => a - b);
  }

  /** Runs every timer due within `ms`, in order, then moves the clock to the end. */
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      let next = null;
      for (const [id, t] of this.timers) if (t.at <= end && (next === null || t.at < next[1].at)) next = [id, t];
      if (next === null) break;
      const [id, t] = next;
      this.now = Math.max(this.now, t.at);
      if (t.every) t.at = this.now + t.every; else this.timers.delete(id);
      t.fn(...(t.args || []));
    }
    this.now = end;
  }

  /**
   * Runs the due timers one deadline at a time, letting promise callbacks settle in between,
   * until `done()` holds or `limit` ms have passed since `start`; returns whether it holds. The
   * clock jumps from deadline to deadline: a client acts only from timers, socket events and
   * promises, so nothing can happen in between.
   */
  async runUntil(done, start, limit) {
    for (;;) {
      await settle();
      if (done()) return true;
      const pending = this.pending();
      const left = start + limit - this.now;
      if (pending.length === 0 || pending[0] > left) {
        this.advance(Math.max(0, left));
        await settle();
        return done();
      }
      this.advance(pending[0]);
    }
  }

  /**
   * Like `runUntil`, from now and counting: returns the virtual ms it took for `done()` to hold,
   * or null if it did not within `limit`. `rounds` is how many microtask turns to drain between
   * deadlines (clients that chain many promises need more).
   */
  async runFor(done, limit, rounds = 20) {
    const start = this.now;
    for (;;) {
      await settle(rounds);
      if (done()) return this.now - start;
      const left = start + limit - this.now;
      if (left <= 0) return null;
      const pending = this.pending();
      this.advance(pending.length ? Math.min(Math.max(pending[0], 0), left) : left);
    }
  }

  /**
   * Advances in steps of `step` ms until `done()` holds or `limit` ms have passed. Returns the
   * virtual time it took, or null if `done()` never held.
   */
  advanceUntil(done, limit, step = 1) {
    const start = this.now;
    while (this.now - start <= limit) {
      if (done()) return this.now - start;
      this.advance(step);
    }
    return done() ? this.now - start : null;
  }
}

/**
 * Makes `first`, and each socket the client opens after it, fail before it opens, `count` times;
 * returns the delays from each failure to the next socket (fewer when the client stops trying
 * within `limit` ms).
 */
export async function failEachAttempt(clock, first, count, limit) {
  const delays = [];
  let current = first;
  for (let i = 0; i < count; i++) {
    const failedAt = clock.now;
    const n = FakeSocket.instances.length;
    current.fail();
    if (!(await clock.runUntil(() => FakeSocket.instances.length > n, failedAt, limit))) break;
    current = FakeSocket.instances[n];
    delays.push(current.createdAt - failedAt);
  }
  return delays;
}

/** Lets pending promise callbacks run (the clients await between steps). */
export async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => queueMicrotask(resolve));
}

/** A browser-style WebSocket whose server side the test plays. */
export class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static instances = [];

  constructor(url, protocols) {
    this.url = String(url);
    this.protocols = protocols;
    this.protocol = Array.isArray(protocols) ? protocols[0] || '' : protocols || '';
    this.readyState = FakeSocket.CONNECTING;
    this.binaryType = 'blob';
    this.sent = [];
    this.listeners = {};
    this.bufferedAmount = 0;
    this.extensions = '';
    this.createdAt = FakeClock.current ? FakeClock.current.now : 0;
    FakeSocket.instances.push(this);
  }

  get CONNECTING() { return 0; }
  get OPEN() { return 1; }
  get CLOSING() { return 2; }
  get CLOSED() { return 3; }

  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  removeEventListener(type, fn) { this.listeners[type] = (this.listeners[type] || []).filter((f) => f !== fn); }
  emit(type, event) {
    const handler = this['on' + type];
    if (typeof handler === 'function') handler.call(this, event);
    for (const fn of this.listeners[type] || []) fn.call(this, event);
  }

  send(data) { this.sent.push(data); }

  /** The client closes: the close event follows, with the client's code. */
  close(code = 1005, reason = '') {
    if (this.readyState >= FakeSocket.CLOSING) return;
    this.readyState = FakeSocket.CLOSING;
    queueMicrotask(() => this.closed(code, reason, true));
  }

  // The server's side.
  open() { this.readyState = FakeSocket.OPEN; this.emit('open', { type: 'open', target: this }); }
  receive(data) { this.emit('message', { type: 'message', data, target: this }); }
  serverClose(code, reason = '') { this.closed(code, reason, code === 1000); }
  fail() {
    this.emit('error', { type: 'error', target: this, message: 'connection refused' });
    this.closed(1006, '', false);
  }
  closed(code, reason, wasClean) {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.emit('close', { type: 'close', code, reason, wasClean, target: this });
  }

  static last() { return FakeSocket.instances[FakeSocket.instances.length - 1]; }
  static reset() { FakeSocket.instances = []; }
}

/** Pins Math.random to `value` while `fn` runs (for the low and high ends of a jitter). */
export async function withRandom(value, fn) {
  const real = Math.random;
  Math.random = () => value;
  try { return await fn(); } finally { Math.random = real; }
}

/** One line of the report: what the client did after the server closed with `code`. */
export function report(line) {
  process.stdout.write(JSON.stringify(line) + '\n');
}
