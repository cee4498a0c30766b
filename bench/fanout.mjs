#!/usr/bin/env node
// Fan-out: one room of --members people, messages sent at --rate per second for --seconds; every
// member's socket must receive every message. Prints deliveries/s, delivery latency p50/p95/p99
// (send → arrival on a member's socket, measured on this machine's clock), losses, server CPU
// and peak RSS; then the same load through a bare `ws` broadcast server as the ceiling.
//
//   npm run build && node bench/fanout.mjs [--members 200] [--rate 50] [--seconds 20]
//   DATABASE_URL=postgres://…/empty_db REDIS_URL=redis://… node bench/fanout.mjs
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';
import WebSocket, { WebSocketServer } from 'ws';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '200' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
  },
});
const members = Number(values.members);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const root = path.resolve(import.meta.dirname, '..');

const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** CPU seconds and RSS of a process, from /proc (Linux). */
function sample(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rss = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  return { cpu: ticks / 100, rss };
}

/** Sends `count` messages at `rate`/s through `send(i)`, while watching the server's CPU and memory. */
async function drive(pid, send, count) {
  const start = performance.now();
  const before = sample(pid);
  let peakRss = before.rss;
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    send(i);
    if (i % rate === 0) peakRss = Math.max(peakRss, sample(pid).rss);
  }
  return { start, before, peakRss };
}

function report(name, latencies, expected, elapsed, cpuSeconds, peakRss) {
  latencies.sort((a, b) => a - b);
  const lost = expected - latencies.length;
  console.log(
    `${name}: ${(latencies.length / elapsed).toFixed(0)} deliveries/s, latency p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, lost ${lost}, ` +
      `server CPU ${((cpuSeconds / elapsed) * 100).toFixed(0)}%, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  );
}

// ---- Beseda ----
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(path.join(tmpdir(), 'beseda-fanout-'));
const server = spawn(process.execPath, [path.join(root, 'apps/server/dist/main.js')], {
  env: {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'true',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.on('exit', () => {
  server.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/health/ready`)).ok) break;
  } catch {
    // starting
  }
  if (i > 600) throw new Error('server did not start');
  await sleep(100);
}

const post = (url, body, headers = {}) =>
  fetch(base + url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

console.log(`setting up ${members} accounts…`);
const accounts = Array.from({ length: members }, (_, i) => ({
  email: `fan${i}@example.org`,
  username: `fan${i}`,
  password: `fan out password ${i} green`,
  displayName: `Fan ${i}`,
}));
for (const [i, account] of accounts.entries()) {
  const response = await post('/api/v1/auth/register', account, {
    'x-forwarded-for': `10.9.${i >> 8}.${i & 255}`,
  });
  if (response.status !== 202) throw new Error(`register: ${response.status}`);
}
const outbox = path.join(dataDir, 'outbox');
let tokens = [];
while (tokens.length < members) {
  await sleep(200);
  let files = [];
  try {
    files = readdirSync(outbox).filter((file) => file.endsWith('.eml'));
  } catch {
    continue;
  }
  if (files.length < members) continue;
  const mails = await Promise.all(files.map((file) => simpleParser(readFileSync(path.join(outbox, file)))));
  tokens = mails.map((mail) => mail.text.match(/confirm-email\?token=([\w-]+)/)?.[1]).filter(Boolean);
}
for (const [i, token] of tokens.entries())
  await post('/api/v1/auth/confirm-email', { token }, { 'x-forwarded-for': `10.8.${i >> 8}.${i & 255}` });
const sessions = [];
for (const [i, account] of accounts.entries()) {
  const response = await post(
    '/api/v1/auth/login',
    { login: account.username, password: account.password },
    { 'x-forwarded-for': `10.7.${i >> 8}.${i & 255}` },
  );
  const { accessToken } = await response.json();
  const me = await (
    await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })
  ).json();
  sessions.push({ token: accessToken, id: me.id });
}
const owner = sessions[0];
const chat = await (
  await post(
    '/api/v1/chats',
    { type: 'channel', name: 'fan-out', memberIds: sessions.slice(1).map((s) => s.id) },
    { authorization: `Bearer ${owner.token}` },
  )
).json();

const latencies = [];
const sockets = await Promise.all(
  sessions.map(
    (session) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`${base.replace('http', 'ws')}/api/v1/ws`);
        ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: session.token })));
        ws.on('message', (raw) => {
          const frame = JSON.parse(raw.toString());
          if (frame.type === 'hello') resolve(ws);
          if (frame.type === 'event' && frame.event.type === 'message.created') {
            const sentAt = Number(frame.event.data.text.split(' ')[1]);
            latencies.push(performance.timeOrigin + performance.now() - sentAt);
          }
        });
        ws.on('error', reject);
      }),
  ),
);
const count = rate * seconds;
console.log(`${sockets.length} members connected; sending ${count} messages at ${rate}/s`);
const sender = sessions[1];
const { start, before, peakRss } = await drive(
  server.pid,
  () =>
    void post(
      `/api/v1/chats/${chat.id}/messages`,
      { clientId: randomUUID(), text: `at ${performance.timeOrigin + performance.now()}` },
      { authorization: `Bearer ${sender.token}` },
    ),
  count,
);
const expected = count * members;
for (let i = 0; i < 100 && latencies.length < expected; i++) await sleep(100);
const elapsed = (performance.now() - start) / 1000;
const after = sample(server.pid);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ${process.env.REDIS_URL ? 'Redis' : 'in-process bus'}`,
);
report(
  `Beseda, 1 room × ${members} members, ${rate} msg/s`,
  latencies,
  expected,
  elapsed,
  after.cpu - before.cpu,
  Math.max(peakRss, after.rss),
);
for (const ws of sockets) ws.terminate();
server.kill('SIGTERM');

// ---- bare ws broadcast: the ceiling ----
const barePort = await freePort();
const bare = spawn(
  process.execPath,
  [
    '-e',
    `const { WebSocketServer } = require('ws');
     const wss = new WebSocketServer({ port: ${barePort}, host: '127.0.0.1' });
     wss.on('connection', (ws) => ws.on('message', (m) => { for (const c of wss.clients) c.send(m.toString()); }));`,
  ],
  { cwd: path.join(root, 'apps/server'), stdio: ['ignore', 'ignore', 'inherit'] },
);
process.on('exit', () => bare.kill());
await sleep(500);
const bareLatencies = [];
const bareSockets = await Promise.all(
  Array.from(
    { length: members },
    () =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${barePort}`);
        ws.on('open', () => resolve(ws));
        ws.on('message', (raw) =>
          bareLatencies.push(performance.timeOrigin + performance.now() - Number(raw.toString())),
        );
        ws.on('error', reject);
      }),
  ),
);
const bareRun = await drive(
  bare.pid,
  () => bareSockets[0].send(String(performance.timeOrigin + performance.now())),
  count,
);
for (let i = 0; i < 100 && bareLatencies.length < expected; i++) await sleep(100);
const bareElapsed = (performance.now() - bareRun.start) / 1000;
const bareAfter = sample(bare.pid);
report(
  `bare ws broadcast, same load`,
  bareLatencies,
  expected,
  bareElapsed,
  bareAfter.cpu - bareRun.before.cpu,
  Math.max(bareRun.peakRss, bareAfter.rss),
);
for (const ws of bareSockets) ws.terminate();
void WebSocketServer;
process.exit(0);
