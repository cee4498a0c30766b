#!/usr/bin/env node
// Login storm: many clients signing in at once while Argon2id hashes on the thread pool.
// Measures logins per second, login latency, the latency of an unrelated request made during
// the storm, and the server's event-loop delay p99 (from its own /metrics). Target: event-loop
// delay p99 under 20 ms at full login load (hashing must never stall other requests).
//
//   npm run build && node bench/login-storm.mjs [--users 50] [--concurrency 16] [--seconds 20]
//
// Starts the built server on the embedded defaults in a temporary data directory, on 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '20' },
  },
});
const users = Number(values.users);
const concurrency = Number(values.concurrency);
const seconds = Number(values.seconds);

const root = path.resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'beseda-bench-'));
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;

const server = spawn(process.execPath, [path.join(root, 'apps/server/dist/main.js')], {
  env: {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Each simulated client gets its own address, as real users behind a proxy would.
    TRUST_PROXY: 'true',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stop = () => {
  server.kill('SIGTERM');
};
process.on('exit', () => {
  stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (url, body, ip) =>
  fetch(base + url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify(body),
  });

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (value) => `${value.toFixed(1)} ms`;

async function waitReady() {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not become ready');
}

async function eventLoopP99() {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('nodejs_eventloop_lag_p99_seconds'));
  return Number(line.split(' ')[1]) * 1000;
}

await waitReady();

// Accounts, confirmed through the links the embedded mail transport writes to the outbox folder.
const accounts = [];
for (let i = 0; i < users; i++) {
  const account = {
    email: `storm${i}@example.org`,
    username: `storm${i}`,
    password: `storm password ${i} blue whale`,
  };
  const response = await post(
    '/api/v1/auth/register',
    { ...account, displayName: `Storm ${i}` },
    `10.1.${i >> 8}.${i & 255}`,
  );
  if (response.status !== 202)
    throw new Error(`register failed: ${response.status} ${await response.text()}`);
  accounts.push(account);
}
const outbox = path.join(dataDir, 'outbox');
let tokens = [];
for (let i = 0; i < 600 && tokens.length < users; i++) {
  let files = [];
  try {
    files = readdirSync(outbox).filter((file) => file.endsWith('.eml'));
  } catch {
    // the folder appears with the first mail
  }
  if (files.length >= users) {
    const mails = await Promise.all(files.map((file) => simpleParser(readFileSync(path.join(outbox, file)))));
    tokens = mails.map((mail) => mail.text.match(/confirm-email\?token=([\w-]+)/)?.[1]).filter(Boolean);
  } else {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
for (const [i, token] of tokens.entries()) {
  const response = await post('/api/v1/auth/confirm-email', { token }, `10.2.${i >> 8}.${i & 255}`);
  if (response.status !== 204) throw new Error(`confirm failed: ${response.status}`);
}

await eventLoopP99(); // resets the server's event-loop histogram, so the next reading covers the storm only
const loginLatencies = [];
const probeLatencies = [];
let failures = 0;
const deadline = Date.now() + seconds * 1000;
const started = performance.now();

async function client(n) {
  while (Date.now() < deadline) {
    const account = accounts[(n + loginLatencies.length) % accounts.length];
    const t0 = performance.now();
    const response = await post(
      '/api/v1/auth/login',
      { login: account.username, password: account.password },
      `10.3.0.${n}`,
    );
    await response.arrayBuffer();
    if (response.status === 200) loginLatencies.push(performance.now() - t0);
    else failures++;
  }
}

async function probe() {
  while (Date.now() < deadline) {
    const t0 = performance.now();
    await (await fetch(`${base}/health/live`)).arrayBuffer();
    probeLatencies.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

await Promise.all([...Array.from({ length: concurrency }, (_, n) => client(n)), probe()]);
const elapsed = (performance.now() - started) / 1000;
const loopP99 = await eventLoopP99();
loginLatencies.sort((a, b) => a - b);
probeLatencies.sort((a, b) => a - b);

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
);
console.log(
  `database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}; ${users} accounts, ${concurrency} concurrent clients, ${seconds} s`,
);
console.log(
  `logins: ${loginLatencies.length} ok, ${failures} failed, ${(loginLatencies.length / elapsed).toFixed(1)} logins/s`,
);
console.log(
  `login latency: p50 ${ms(percentile(loginLatencies, 50))}, p95 ${ms(percentile(loginLatencies, 95))}, p99 ${ms(percentile(loginLatencies, 99))}`,
);
console.log(
  `other request (/health/live) during the storm: p50 ${ms(percentile(probeLatencies, 50))}, p99 ${ms(percentile(probeLatencies, 99))}`,
);
console.log(
  `server event-loop delay p99: ${ms(loopP99)} (target < 20 ms) ${loopP99 < 20 ? 'OK' : 'OVER TARGET'}`,
);
stop();
process.exit(0);
