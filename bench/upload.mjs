#!/usr/bin/env node
// Upload throughput and server memory while many clients upload large files at once.
//
//   npm run build        (or: npm run build -w @beseda/server)
//   node bench/upload.mjs [--clients 20] [--size-mb 50] [--files 1]
//   node bench/upload.mjs --postgres postgres://postgres@127.0.0.1:5432/postgres   # scratch database
//   DATABASE_URL=postgres://…/empty_db node bench/upload.mjs
//
// Starts the built server on a temporary data directory (FILE_MAX_BYTES a little above the file
// size, FILE_QUOTA_BYTES large), registers and confirms --clients accounts (through the mails the
// embedded transport writes), then every client uploads --files files of --size-mb MiB, one after
// another, all clients at once, to POST /api/v1/files. Each file is generated while it is sent: a
// fixed 12-byte header that matches no file signature, then a 1 MiB block of random bytes
// repeated (rotated per chunk), so the server stores it as application/octet-stream and the bench
// never holds more than a few MiB. The server's VmRSS (/proc/<pid>/status) is sampled every
// 100 ms from before the first byte until 3 s after the last response. It prints total MiB,
// wall time, aggregate MiB/s, per-upload p50 / p99 duration, server RSS before / peak / after,
// server CPU, and the bench's own peak RSS.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createAccounts, freePort, mib, psql, sleep, stopProcess, waitFor } from './support.mjs';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '20' },
    'size-mb': { type: 'string', default: '50' },
    files: { type: 'string', default: '1' },
    postgres: { type: 'string' },
    server: { type: 'string' },
  },
});
const clientCount = Number(values.clients);
const sizeMb = Number(values['size-mb']);
const filesPerClient = Number(values.files);
const fileBytes = Math.round(sizeMb * 2 ** 20);
const root = path.resolve(import.meta.dirname, '..');
const serverMain = path.resolve(values.server ?? path.join(root, 'apps/server/dist/main.js'));

// ---- clean-up: whatever this process started, it stops ----
const cleanups = [];
let cleaned = false;
function cleanUp() {
  if (cleaned) return;
  cleaned = true;
  for (const step of cleanups.reverse()) {
    try {
      step();
    } catch {
      // best effort
    }
  }
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
process.on('unhandledRejection', (error) => {
  console.error(error);
  process.exit(1);
});

// ---- process figures ----
/** VmRSS of a process in bytes, from /proc/<pid>/status. */
function rssOf(pid) {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(match[1]) * 1024;
}
/** CPU seconds (user + system) of a process, from /proc/<pid>/stat. */
function cpuOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(stat[11]) + Number(stat[12])) / 100;
}
const signedMib = (bytes) => `${bytes >= 0 ? '+' : '−'}${mib(Math.abs(bytes))}`;
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// ---- the server ----
async function startBeseda() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beseda-upload-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  cleanups.push(removeDir);
  // Each upload is on disk twice for a moment (the temporary file and the stored copy).
  const needed = 2 * clientCount * filesPerClient * fileBytes;
  const { bavail, bsize } = statfsSync(dataDir);
  if (bavail * bsize < needed * 1.1)
    throw new Error(`${dataDir}: ${mib(bavail * bsize)} free, the run needs about ${mib(needed)}`);
  let databaseUrl = process.env.DATABASE_URL;
  let dropDatabase = () => undefined;
  if (values.postgres) {
    const name = `bench_upload_${process.pid}_${Date.now()}`;
    psql(values.postgres, `create database ${name}`);
    dropDatabase = () => psql(values.postgres, `drop database if exists ${name} with (force)`);
    cleanups.push(dropDatabase);
    const url = new URL(values.postgres);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const server = spawn(process.execPath, [serverMain], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
      FILE_MAX_BYTES: String(fileBytes + 10 * 2 ** 20),
      FILE_QUOTA_BYTES: String(Math.max(100 * 2 ** 30, 2 * filesPerClient * fileBytes)),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanups.push(() => server.kill('SIGKILL'));
  await waitFor(`${base}/health/ready`);
  return {
    name: databaseUrl ? 'PostgreSQL' : 'PGlite',
    pid: server.pid,
    base,
    dataDir,
    async heapUsed() {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(text.match(/^nodejs_heap_size_used_bytes (\S+)/m)?.[1] ?? NaN);
    },
    async stop() {
      await stopProcess(server);
      dropDatabase();
      removeDir();
    },
  };
}

// ---- uploads ----
// No file signature starts with this, and the NUL keeps it from being taken for text.
const header = Buffer.from('BESEDABENCH\0', 'latin1');
const block = randomBytes(2 ** 20);
const CHUNK = 256 * 1024;

/** The multipart body, made while it is sent: header, then the random block rotated chunk by chunk. */
async function* multipartBody(boundary, filename) {
  yield Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  yield header;
  let left = fileBytes - header.length;
  for (let n = 0; left > 0; n++) {
    const offset = (n * 4099) % (block.length - CHUNK);
    const chunk = block.subarray(offset, offset + Math.min(CHUNK, left));
    left -= chunk.length;
    yield chunk;
  }
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

/** One upload over a fresh connection; resolves with its duration in ms, throws unless 201 and the size matches. */
function uploadOne(base, token, filename) {
  const boundary = `----beseda-bench-${randomBytes(12).toString('hex')}`;
  const prefixLength = Buffer.byteLength(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const length = prefixLength + fileBytes + Buffer.byteLength(`\r\n--${boundary}--\r\n`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}/api/v1/files`, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(length),
      },
    });
    request.once('response', (response) => {
      const parts = [];
      response.on('data', (part) => parts.push(part));
      response.once('end', () => {
        const text = Buffer.concat(parts).toString();
        if (response.statusCode !== 201) return reject(new Error(`upload: ${response.statusCode} ${text}`));
        const file = JSON.parse(text);
        if (file.size !== fileBytes)
          return reject(new Error(`upload: stored ${file.size} bytes of ${fileBytes}`));
        resolve({ ms: performance.now() - started, contentType: file.contentType });
      });
      response.once('error', reject);
    });
    request.once('error', reject);
    pipeline(Readable.from(multipartBody(boundary, filename)), request).catch(reject);
  });
}

async function run(server, tokens) {
  await sleep(2000); // registration's work settles
  const rssBefore = rssOf(server.pid);
  const heapBefore = await server.heapUsed();
  const cpuBefore = cpuOf(server.pid);
  let peak = rssBefore;
  let benchPeak = process.memoryUsage().rss;
  const samples = [];
  const watch = setInterval(() => {
    const rss = rssOf(server.pid);
    samples.push(rss);
    peak = Math.max(peak, rss);
    benchPeak = Math.max(benchPeak, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  const durations = [];
  const types = new Set();
  await Promise.all(
    tokens.map(async (token, c) => {
      for (let f = 0; f < filesPerClient; f++) {
        const { ms, contentType } = await uploadOne(server.base, token, `bench-${c}-${f}.bin`);
        durations.push(ms);
        types.add(contentType);
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const cpu = (cpuOf(server.pid) - cpuBefore) / wall;
  await sleep(3000);
  clearInterval(watch);
  const rssAfter = rssOf(server.pid);
  const heapAfter = await server.heapUsed();
  durations.sort((a, b) => a - b);
  const totalBytes = durations.length * fileBytes;
  return {
    uploads: durations.length,
    totalBytes,
    wall,
    rate: totalBytes / 2 ** 20 / wall,
    p50: percentile(durations, 50),
    p99: percentile(durations, 99),
    max: durations.at(-1),
    rssBefore,
    peak,
    rssAfter,
    heapBefore,
    heapAfter,
    cpu,
    benchPeak,
    types: [...types],
    samples: samples.length,
  };
}

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
    `${clientCount} client(s) × ${filesPerClient} file(s) of ${sizeMb} MiB`,
);
const server = await startBeseda();
let r;
try {
  console.log(`${server.name}: creating ${clientCount} accounts…`);
  const tokens = (await createAccounts(server, clientCount, 'up')).map((session) => session.token);
  r = await run(server, tokens);
} finally {
  await server.stop();
}
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `${server.name}: ${r.uploads} uploads (${r.types.join(', ')}), ${(r.totalBytes / 2 ** 20).toFixed(0)} MiB in ${r.wall.toFixed(2)} s = ` +
    `${r.rate.toFixed(0)} MiB/s aggregate; per upload p50 ${s(r.p50)} / p99 ${s(r.p99)} / max ${s(r.max)}\n` +
    `  server RSS before ${mib(r.rssBefore)}, peak ${mib(r.peak)} (${signedMib(r.peak - r.rssBefore)}), ` +
    `after ${mib(r.rssAfter)} (${signedMib(r.rssAfter - r.rssBefore)}); ${r.samples} samples at 100 ms; ` +
    `heap used ${mib(r.heapBefore)} → ${mib(r.heapAfter)}\n` +
    `  server CPU ${(r.cpu * 100).toFixed(0)} % (of ${cpus().length * 100} %); bench's own peak RSS ${mib(r.benchPeak)}`,
);
console.log(
  `| ${server.name} | ${clientCount} × ${filesPerClient} × ${sizeMb} MiB | ${(r.totalBytes / 2 ** 20).toFixed(0)} MiB | ${r.wall.toFixed(1)} s | ` +
    `${r.rate.toFixed(0)} MiB/s | ${s(r.p50)} / ${s(r.p99)} | ${mib(r.rssBefore)} / ${mib(r.peak)} / ${mib(r.rssAfter)} | ` +
    `${signedMib(r.peak - r.rssBefore)} | ${(r.cpu * 100).toFixed(0)} % |`,
);
process.exit(0);
