// @discordjs/voice (Discord's voice gateway): its real Networking and VoiceConnection, driven
// through joinVoiceChannel with a fake adapter (playing Discord's main gateway), a fake voice
// WebSocket server and a fake UDP socket (for IP discovery), on the virtual clock.
//
// How the library is reached without touching it: its CommonJS build (dist/index.js) is loaded
// with `require`, after the `ws` module's entry in the require cache has been replaced by a
// FakeSocket subclass (VoiceWebSocket does `new (require("ws"))(address)` and uses only
// onopen/onmessage/onerror/onclose, send and close), and after `dgram.createSocket` has been
// replaced by a fake UDP socket that answers IP discovery (VoiceUDPSocket reads
// `dgram.createSocket` at call time). DAVE is turned off with the documented option
// `daveEncryption: false` (identify then sends max_dave_protocol_version 0).
//
// A close that makes VoiceConnection rejoin (send a Gateway Voice State Update through the
// adapter) is answered at once by the fake main gateway with VOICE_STATE_UPDATE and
// VOICE_SERVER_UPDATE, so the new voice socket really opens; such lines carry "rejoin": true.
// Its delay is therefore the library's own (none) plus an instant gateway.

import { createRequire, Module } from 'node:module';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FakeClock, FakeSocket, settle, withRandom, report, CODES } from './fake.mjs';

const clock = new FakeClock().install();

const require = createRequire(import.meta.url);
const voiceMain = require.resolve('@discordjs/voice'); // dist/index.js (the "require" export)
const pkg = JSON.parse(readFileSync(join(dirname(voiceMain), '..', 'package.json'), 'utf8'));

// --- the `ws` module, as the library will require it -------------------------------------------
class FakeWs extends FakeSocket {
  constructor(address, protocols) {
    super(address, protocols);
    this.binaryType = 'nodebuffer';
  }
}
const voiceRequire = createRequire(voiceMain);
const wsPath = voiceRequire.resolve('ws');
const wsModule = new Module(wsPath);
wsModule.filename = wsPath;
wsModule.loaded = true;
wsModule.exports = FakeWs;
require.cache[wsPath] = wsModule;

// --- UDP: a socket that answers IP discovery -----------------------------------------------------
class FakeUdp extends EventEmitter {
  constructor() { super(); this.sentPackets = 0; this.closed = false; }
  send(buffer) {
    this.sentPackets++;
    if (this.closed) return;
    // IP discovery request: type 1, length 70, ssrc, 66 bytes of address and port.
    if (buffer.length === 74 && buffer.readUInt16BE(0) === 1) {
      const reply = Buffer.alloc(74);
      reply.writeUInt16BE(2, 0);
      reply.writeUInt16BE(70, 2);
      reply.writeUInt32BE(buffer.readUInt32BE(4), 4);
      reply.write('203.0.113.7', 8, 'utf8');
      reply.writeUInt16BE(50004, 72);
      queueMicrotask(() => this.emit('message', reply));
    }
  }
  close() { if (!this.closed) { this.closed = true; queueMicrotask(() => this.emit('close')); } }
}
const dgram = require('node:dgram');
dgram.createSocket = () => new FakeUdp();

const voice = require('@discordjs/voice');
const { joinVoiceChannel, VoiceConnectionStatus } = voice;

// --- one voice connection, brought to ready --------------------------------------------------------
let runId = 0;

function send(socket, op, d) { socket.receive(JSON.stringify({ op, d })); }
function firstOp(socket) {
  if (!socket.sent.length) return null;
  try { return JSON.parse(socket.sent[0]).op; } catch { return 'binary'; }
}

async function connectReady() {
  runId++;
  const guildId = `g${runId}`;
  const payloads = [];
  let methods = null;
  let gatewayAnswers = true;
  const gateway = () => {
    // Discord's main gateway answering a Gateway Voice State Update that joins a channel.
    methods.onVoiceStateUpdate({ guild_id: guildId, channel_id: 'c1', user_id: 'u1', session_id: `s${payloads.length}` });
    methods.onVoiceServerUpdate({ guild_id: guildId, token: `tok${payloads.length}`, endpoint: 'voice.example.test:443' });
  };
  const adapterCreator = (m) => {
    methods = m;
    return {
      sendPayload(payload) {
        payloads.push({ at: clock.now, payload });
        if (gatewayAnswers && payload.op === 4 && payload.d.channel_id) queueMicrotask(gateway);
        return true;
      },
      destroy() {},
    };
  };
  const connection = joinVoiceChannel({ guildId, channelId: 'c1', adapterCreator, daveEncryption: false });
  connection.on('error', () => {});
  await settle();
  const socket = FakeSocket.last();
  if (!socket) throw new Error('no voice socket after joining');
  socket.open();
  await settle();
  if (firstOp(socket) !== 0) throw new Error(`expected Identify, got ${socket.sent[0]}`);
  send(socket, 8, { heartbeat_interval: 13750 });
  send(socket, 2, { ssrc: 1234, ip: '198.51.100.1', port: 50001, modes: ['aead_aes256_gcm_rtpsize', 'aead_xchacha20_poly1305_rtpsize'] });
  await settle();
  send(socket, 4, { mode: 'aead_aes256_gcm_rtpsize', secret_key: new Array(32).fill(7), dave_protocol_version: 0 });
  await settle();
  if (connection.state.status !== VoiceConnectionStatus.Ready || connection.state.networking.state.code !== 4) {
    throw new Error(`not ready: ${connection.state.status}`);
  }
  return {
    connection, socket, payloads,
    stopGateway() { gatewayAnswers = false; },
  };
}

function dispose(run) {
  run.stopGateway();
  try { if (run.connection.state.status !== VoiceConnectionStatus.Destroyed) run.connection.destroy(); } catch {}
  clock.timers.clear();
  FakeSocket.reset();
}

/** Advances up to `limit` ms until a socket beyond `count` exists; the delay or null. */
async function waitForSocket(count, limit = 60_000) {
  const start = clock.now;
  for (;;) {
    await settle();
    if (FakeSocket.instances.length > count) return clock.now - start;
    if (clock.now - start >= limit) return null;
    clock.advance(clock.now - start < 1000 ? 10 : 250);
  }
}

/** The close itself: what the client does within a minute. */
async function closeOnce(code) {
  const run = await connectReady();
  try {
    const before = FakeSocket.instances.length;
    const payloadsBefore = run.payloads.length;
    run.socket.serverClose(code);
    const delay = await waitForSocket(before);
    const rejoin = run.payloads.slice(payloadsBefore).some((p) => p.payload.op === 4 && p.payload.d.channel_id);
    let session = null;
    if (delay !== null) {
      const next = FakeSocket.instances[before];
      next.open();
      await settle();
      const op = firstOp(next);
      session = op === 7 ? 'resume' : op === 0 ? 'new' : `op ${op}`;
    }
    return { delay, session, rejoin, status: run.connection.state.status };
  } finally {
    dispose(run);
  }
}

/** Each following socket fails before it opens: the delays of the next attempts. */
async function retries(code, attempts = 3) {
  const run = await connectReady();
  try {
    run.socket.serverClose(code);
    const out = [];
    let count = 1;
    if ((await waitForSocket(count)) === null) return null;
    for (let i = 0; i < attempts; i++) {
      FakeSocket.instances[count].fail();
      count++;
      out.push(await waitForSocket(count));
      if (out[out.length - 1] === null) break;
    }
    return out;
  } finally {
    dispose(run);
  }
}

report({ client: pkg.name, version: pkg.version });

for (const code of CODES) {
  const low = await withRandom(0, () => closeOnce(code));
  const high = await withRandom(0.999999, () => closeOnce(code));
  if (low.session !== high.session || low.rejoin !== high.rejoin || (low.delay === null) !== (high.delay === null)) {
    throw new Error(`code ${code}: the two ends of Math.random disagree: ${JSON.stringify([low, high])}`);
  }
  const reconnect = low.delay !== null;
  const line = {
    code,
    reconnect,
    delays_ms: reconnect ? [low.delay, high.delay] : null,
    new_token: null,
    session: reconnect ? low.session : null,
  };
  if (reconnect) {
    const lo = await withRandom(0, () => retries(code));
    const hi = await withRandom(0.999999, () => retries(code));
    line.retries_ms = lo.map((d, i) => [d, hi[i] ?? null]);
  }
  if (low.rejoin) line.rejoin = true;
  if (!reconnect) line.status = low.status;
  report(line);
}
