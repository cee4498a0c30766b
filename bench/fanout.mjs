#!/usr/bin/env node
// Fan-out of chat messages over WebSocket, against the built Beseda server and against a bare
// `ws` broadcast server (bench/bare-ws-server.mjs) as the ceiling. Scenarios:
//
//   one-room  one channel of --members (200) at --rate (50) messages/s for --seconds (15)
//   rooms     --rooms (100) channels of --room-size (10) members, each at --room-rate (1) msg/s
//   ramp      one room of --members; the rate grows by --ramp-factor each --step-seconds from
//             --ramp-start until p99 delivery passes 500 ms or a delivery is lost
//   idle      --connections (10,000) authenticated idle sockets over --accounts (200) accounts:
//             server RSS and heap before and after, per connection
//
// Members' sockets live in --clients (2) load-generator processes (bench/fanout-client.mjs);
// every member also sends its share of the rate through its own socket (`message.send`, or
// REST with --send rest), so delivery goes to the other members (room size − 1 per message)
// and send → response (ack) latency is measured on the sending socket. Latencies are from the
// send to the arrival of the `message.created` frame, on this machine's clock.
//
//   npm run build && node bench/fanout.mjs [--scenario one-room] [--target both|beseda|bare]
//   node bench/fanout.mjs --scenario rooms --postgres postgres://postgres@127.0.0.1:5432 \
//     --redis redis://127.0.0.1:6379     # scratch database created and dropped by the bench
//   DATABASE_URL=postgres://…/empty_db REDIS_URL=redis://… node bench/fanout.mjs
import { fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  createAccounts,
  freePort,
  inParallel,
  mib,
  post,
  psql,
  sleep,
  stopProcess,
  waitFor,
} from './support.mjs';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'one-room' },
    target: { type: 'string', default: 'both' },
    members: { type: 'string', default: '200' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '15' },
    rooms: { type: 'string', default: '100' },
    'room-size': { type: 'string', default: '10' },
    'room-rate': { type: 'string', default: '1' },
    connections: { type: 'string', default: '10000' },
    accounts: { type: 'string', default: '200' },
    clients: { type: 'string', default: '2' },
    send: { type: 'string', default: 'socket' },
    'ramp-start': { type: 'string', default: '25' },
    'ramp-factor': { type: 'string', default: '1.5' },
    'step-seconds': { type: 'string', default: '4' },
    'max-p99': { type: 'string', default: '500' },
    postgres: { type: 'string' },
    redis: { type: 'string' },
    server: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const scenario = values.scenario;
if (!['one-room', 'rooms', 'ramp', 'idle'].includes(scenario))
  throw new Error(`unknown --scenario ${scenario}`);
const num = (name) => Number(values[name]);
const root = path.resolve(import.meta.dirname, '..');
const serverMain = path.resolve(values.server ?? path.join(root, 'apps/server/dist/main.js'));
const databaseUrlFromEnv = process.env.DATABASE_URL;
const redisUrl = values.redis ?? process.env.REDIS_URL;

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
/** CPU seconds and RSS of a process, from /proc (Linux). */
function sample(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const rss = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  return { cpu: ticks / 100, rss };
}
/** Busy CPU seconds of the whole machine (all cores), from /proc/stat: server, load generator, PostgreSQL, Redis… */
function machineBusy() {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}

// ---- histograms (0.1 ms buckets, sparse [bucket, count, …] from the clients) ----
function mergeInto(map, sparseList) {
  for (let i = 0; i < sparseList.length; i += 2)
    map.set(sparseList[i], (map.get(sparseList[i]) ?? 0) + sparseList[i + 1]);
}
function percentiles(map, ps) {
  const keys = [...map.keys()].sort((a, b) => a - b);
  const total = [...map.values()].reduce((a, b) => a + b, 0);
  return ps.map((p) => {
    if (total === 0) return NaN;
    const rank = Math.min(total - 1, Math.floor((p / 100) * total));
    let seen = 0;
    for (const key of keys) {
      seen += map.get(key);
      if (seen > rank) return key / 10;
    }
    return keys.at(-1) / 10;
  });
}

// ---- load-generator processes ----
function startClients(count) {
  const children = Array.from({ length: count }, () =>
    fork(path.join(import.meta.dirname, 'fanout-client.mjs'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  cleanups.push(() => children.forEach((child) => child.kill('SIGKILL')));
  const ask = (child, message, ev) =>
    new Promise((resolve) => {
      const listener = (reply) => {
        if (reply.ev !== ev) return;
        child.off('message', listener);
        resolve(reply);
      };
      child.on('message', listener);
      child.send(message);
    });
  const all = (messageOf, ev) => Promise.all(children.map((child, i) => ask(child, messageOf(i), ev)));
  return {
    children,
    all,
    async close() {
      await all(() => ({ cmd: 'close' }), 'closed').catch(() => undefined);
      await Promise.all(
        children.map(
          (child) =>
            new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve))),
        ),
      );
    },
    cpuSeconds: () => children.reduce((sum, child) => sum + sample(child.pid).cpu, 0),
  };
}

// ---- servers ----
async function startBeseda() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beseda-fanout-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  cleanups.push(removeDir);
  let databaseUrl = databaseUrlFromEnv;
  let dropDatabase = () => undefined;
  if (values.postgres) {
    const name = `bench_fanout_${process.pid}_${Date.now()}`;
    psql(values.postgres, `create database ${name}`);
    dropDatabase = () => psql(values.postgres, `drop database if exists ${name} with (force)`);
    cleanups.push(dropDatabase);
    const url = new URL(values.postgres);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const keyPrefix = `bench-fanout-${randomBytes(4).toString('hex')}:`;
  const dropKeys = () => {
    if (!redisUrl) return;
    const keys = spawnSync('redis-cli', ['-u', redisUrl, '--scan', '--pattern', `${keyPrefix}*`], {
      encoding: 'utf8',
    });
    const list = (keys.stdout ?? '').split('\n').filter(Boolean);
    for (let i = 0; i < list.length; i += 500)
      spawnSync('redis-cli', ['-u', redisUrl, 'del', ...list.slice(i, i + 500)]);
  };
  cleanups.push(dropKeys);
  const nodeArgs = [];
  if (values['cpu-prof']) {
    mkdirSync(values['cpu-prof'], { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof'])}`);
  }
  const server = spawn(process.execPath, [...nodeArgs, serverMain], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix } : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanups.push(() => server.kill('SIGKILL'));
  await waitFor(`${base}/health/ready`);
  return {
    name: `Beseda, ${databaseUrl ? 'PostgreSQL' : 'PGlite'}, ${redisUrl ? 'Redis' : 'in-process bus'}`,
    protocol: 'beseda',
    pid: server.pid,
    base,
    dataDir,
    wsUrl: `${base.replace('http', 'ws')}/api/v1/ws`,
    async heapUsed() {
      const text = await (await fetch(`${base}/metrics`)).text();
      return Number(text.match(/^nodejs_heap_size_used_bytes (\S+)/m)?.[1] ?? NaN);
    },
    async stop() {
      await stopProcess(server);
      dropKeys();
      dropDatabase();
      removeDir();
    },
  };
}

async function startBare() {
  const port = await freePort();
  const bare = spawn(process.execPath, [path.join(import.meta.dirname, 'bare-ws-server.mjs'), String(port)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanups.push(() => bare.kill('SIGKILL'));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/mem`);
  return {
    name: 'bare ws broadcast',
    protocol: 'bare',
    pid: bare.pid,
    base,
    wsUrl: `ws://127.0.0.1:${port}/`,
    async heapUsed() {
      return (await (await fetch(`${base}/mem`)).json()).heapUsed;
    },
    stop: () => stopProcess(bare),
  };
}

// ---- Beseda accounts and chats ----

/** Rooms as [{ id, members: [{ token }] }]: channels on Beseda, names on the bare server. */
async function setUpRooms(server, roomCount, size) {
  if (server.protocol === 'bare') {
    return Array.from({ length: roomCount }, (_, r) => ({
      id: `room${r}`,
      members: Array.from({ length: size }, () => ({ token: 'bare' })),
    }));
  }
  const sessions = await createAccounts(server, roomCount * size, 'fan');
  return inParallel(roomCount, 4, async (r) => {
    const members = sessions.slice(r * size, (r + 1) * size);
    const response = await post(
      server.base,
      '/api/v1/chats',
      { type: 'channel', name: `fan-out-${r}`, memberIds: members.slice(1).map((s) => s.id) },
      { authorization: `Bearer ${members[0].token}` },
    );
    if (!response.ok) throw new Error(`create chat: ${response.status} ${await response.text()}`);
    return { id: (await response.json()).id, members };
  });
}

// ---- one measured phase ----
async function runPhase(server, clients, rooms, { phase, roomRate, seconds, drainSeconds }) {
  const size = rooms[0].members.length;
  const perDelivery = values.send === 'rest' ? size : size - 1;
  // Each client sends for the members it holds: its share of each room's rate.
  const shares = clients.children.map(() => ({}));
  for (const room of rooms) {
    room.holders.forEach((held, c) => {
      if (held > 0) shares[c][room.id] = (roomRate * held) / size;
    });
  }
  const before = sample(server.pid);
  const loadBefore = clients.cpuSeconds() + process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
  const machineBefore = machineBusy();
  let peakRss = before.rss;
  const watch = setInterval(() => (peakRss = Math.max(peakRss, sample(server.pid).rss)), 200);
  const start = performance.now();
  await clients.all((c) => ({ cmd: 'drive', phase, rates: shares[c], seconds }), 'driven');
  const sendEnd = performance.now();
  let counts;
  for (let i = 0; i < drainSeconds * 10; i++) {
    counts = await clients.all(() => ({ cmd: 'count', phase }), 'count');
    const sent = counts.reduce((s, c) => s + c.sent, 0);
    if (
      counts.reduce((s, c) => s + c.delivered, 0) >= sent * perDelivery &&
      counts.reduce((s, c) => s + c.acked, 0) >= sent
    )
      break;
    await sleep(100);
  }
  const elapsed = (performance.now() - start) / 1000;
  clearInterval(watch);
  const after = sample(server.pid);
  const machine = (machineBusy() - machineBefore) / elapsed;
  const loadAfter = clients.cpuSeconds() + process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
  const stats = await clients.all(() => ({ cmd: 'collect', phase }), 'stats');
  const deliveries = new Map();
  const acks = new Map();
  for (const s of stats) {
    mergeInto(deliveries, s.deliveries);
    mergeInto(acks, s.acks);
  }
  const sent = stats.reduce((a, s) => a + s.sent, 0);
  const delivered = stats.reduce((a, s) => a + s.delivered, 0);
  const [p50, p95, p99, max] = percentiles(deliveries, [50, 95, 99, 100]);
  const [a50, a95, a99] = percentiles(acks, [50, 95, 99]);
  return {
    offeredRate: roomRate * rooms.length,
    sent,
    delivered,
    expected: sent * perDelivery,
    lost: sent * perDelivery - delivered,
    failedSends: stats.reduce((a, s) => a + s.failed, 0),
    closed: stats.reduce((a, s) => a + s.closed, 0),
    deliveriesPerSecond: delivered / Math.max(elapsed, (sendEnd - start) / 1000),
    p50,
    p95,
    p99,
    max,
    a50,
    a95,
    a99,
    cpu: (after.cpu - before.cpu) / elapsed,
    loadCpu: (loadAfter - loadBefore) / elapsed,
    machine,
    peakRss: Math.max(peakRss, after.rss),
  };
}

const fmt = (ms) => (Number.isNaN(ms) ? '–' : ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
function describe(name, r) {
  return (
    `${name}: ${r.deliveriesPerSecond.toFixed(0)} deliveries/s (${r.sent} sent, ${r.offeredRate} msg/s offered), ` +
    `delivery p50 ${fmt(r.p50)} / p95 ${fmt(r.p95)} / p99 ${fmt(r.p99)} / max ${fmt(r.max)} ms, lost ${r.lost}` +
    `${r.closed ? ` (${r.closed} sockets closed)` : ''}${r.failedSends ? `, ${r.failedSends} sends failed` : ''}; ` +
    `send→ack p50 ${fmt(r.a50)} / p95 ${fmt(r.a95)} / p99 ${fmt(r.a99)} ms; ` +
    `server CPU ${(r.cpu * 100).toFixed(0)} %, load generator CPU ${(r.loadCpu * 100).toFixed(0)} %, whole machine ${(r.machine * 100).toFixed(0)} % of ${cpus().length * 100} %, peak RSS ${mib(r.peakRss)}`
  );
}
const tableRow = (name, r) =>
  `| ${name} | ${r.deliveriesPerSecond.toFixed(0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.lost} | ${fmt(r.a50)} / ${fmt(r.a99)} | ${(r.cpu * 100).toFixed(0)} % | ${(r.loadCpu * 100).toFixed(0)} % | ${(r.machine * 100).toFixed(0)} % | ${mib(r.peakRss)} |`;

/** Spreads the rooms' members over the clients (interleaved, so every client sends in every room) and connects them. */
async function connectRooms(server, clients, rooms) {
  const lists = clients.children.map(() => []);
  let next = 0;
  for (const room of rooms) {
    room.holders = clients.children.map(() => 0);
    for (const member of room.members) {
      const c = next++ % lists.length;
      lists[c].push({ token: member.token, room: room.id });
      room.holders[c] += 1;
    }
  }
  const config = { wsUrl: server.wsUrl, httpBase: server.base, protocol: server.protocol, send: values.send };
  const replies = await clients.all(
    (c) => ({ cmd: 'connect', config, connections: lists[c], concurrency: 20 }),
    'connected',
  );
  const failed = replies.reduce((a, r) => a + r.failed, 0);
  if (failed > 0) throw new Error(`${failed} sockets failed to connect`);
  return replies.reduce((a, r) => a + r.count, 0);
}

// ---- scenarios ----
async function traffic(server) {
  const clients = startClients(num('clients'));
  const [roomCount, size] = scenario === 'rooms' ? [num('rooms'), num('room-size')] : [1, num('members')];
  console.log(`${server.name}: setting up ${roomCount} room(s) × ${size} members…`);
  const rooms = await setUpRooms(server, roomCount, size);
  const connected = await connectRooms(server, clients, rooms);
  console.log(`  ${connected} member sockets in ${num('clients')} client processes`);
  await sleep(2000); // presence announcements and connection work settle
  const results = [];
  if (scenario === 'ramp') {
    let roomRate = num('ramp-start');
    let best;
    for (let phase = 1; phase <= 14; phase++) {
      const r = await runPhase(server, clients, rooms, {
        phase,
        roomRate,
        seconds: num('step-seconds'),
        drainSeconds: 3,
      });
      const ok = r.lost === 0 && r.closed === 0 && r.p99 < num('max-p99') && r.failedSends === 0;
      console.log(`  step ${phase}, ${roomRate} msg/s: ${ok ? 'ok' : 'FAIL'}; ${describe('', r).slice(2)}`);
      results.push({ name: `${server.name}, ${roomRate.toFixed(0)} msg/s`, r });
      if (!ok) break;
      best = r;
      roomRate = Math.round(roomRate * num('ramp-factor'));
      await sleep(1000);
    }
    console.log(
      best
        ? `${server.name}: highest rate with p99 < ${values['max-p99']} ms and no loss: ${best.offeredRate} msg/s = ${best.deliveriesPerSecond.toFixed(0)} deliveries/s (p99 ${fmt(best.p99)} ms)`
        : `${server.name}: even the first step failed`,
    );
    results.best = best;
  } else {
    const roomRate = scenario === 'rooms' ? num('room-rate') : num('rate');
    const r = await runPhase(server, clients, rooms, {
      phase: 1,
      roomRate,
      seconds: num('seconds'),
      drainSeconds: 10,
    });
    console.log(
      describe(
        `${server.name}, ${roomCount} × ${size} at ${roomRate} msg/s${roomCount > 1 ? ' each' : ''}`,
        r,
      ),
    );
    results.push({ name: server.name, r });
  }
  await clients.close();
  return results;
}

async function idle(server) {
  const total = num('connections');
  const accounts = server.protocol === 'bare' ? 1 : num('accounts');
  const clients = startClients(num('clients'));
  console.log(`${server.name}: ${total} idle connections over ${accounts} account(s)…`);
  const sessions =
    server.protocol === 'bare' ? [{ token: 'bare' }] : await createAccounts(server, accounts, 'fan');
  const measure = async () => {
    const samples = [];
    for (let i = 0; i < 3; i++) {
      await sleep(1000);
      samples.push({ rss: sample(server.pid).rss, heap: await server.heapUsed() });
    }
    const median = (key) => samples.map((s) => s[key]).sort((a, b) => a - b)[1];
    return { rss: median('rss'), heap: median('heap') };
  };
  await sleep(2000);
  const before = await measure();
  const started = performance.now();
  const lists = clients.children.map(() => []);
  for (let i = 0; i < total; i++)
    lists[i % lists.length].push({ token: sessions[i % sessions.length].token, room: 'idle' });
  const config = { wsUrl: server.wsUrl, httpBase: server.base, protocol: server.protocol, send: 'socket' };
  const replies = await clients.all(
    (c) => ({ cmd: 'connect', config, connections: lists[c], concurrency: 50 }),
    'connected',
  );
  const connected = replies.reduce((a, r) => a + r.count, 0);
  const failed = replies.reduce((a, r) => a + r.failed, 0);
  const connectSeconds = (performance.now() - started) / 1000;
  await sleep(3000);
  const cpuBefore = sample(server.pid).cpu;
  await sleep(10_000);
  const idleCpu = (sample(server.pid).cpu - cpuBefore) / 10;
  const after = await measure();
  const perRss = (after.rss - before.rss) / connected / 1024;
  const perHeap = (after.heap - before.heap) / connected / 1024;
  console.log(
    `${server.name}: ${connected} connections authenticated (${failed} failed) in ${connectSeconds.toFixed(1)} s; ` +
      `RSS ${mib(before.rss)} → ${mib(after.rss)}, heap used ${mib(before.heap)} → ${mib(after.heap)}; ` +
      `per connection ${perRss.toFixed(1)} KB RSS, ${perHeap.toFixed(1)} KB heap; idle server CPU ${(idleCpu * 100).toFixed(1)} %`,
  );
  await clients.close();
  return [
    {
      name: server.name,
      idle: { connected, failed, before, after, perRss, perHeap, idleCpu, connectSeconds },
    },
  ];
}

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
    `scenario ${scenario}, ${num('clients')} client process(es), sends over ${values.send === 'rest' ? 'REST' : 'the socket'}`,
);
const all = [];
for (const kind of values.target === 'both' ? ['beseda', 'bare'] : [values.target]) {
  const server = kind === 'bare' ? await startBare() : await startBeseda();
  try {
    all.push(...(scenario === 'idle' ? await idle(server) : await traffic(server)));
  } finally {
    await server.stop();
  }
  await sleep(1000);
}
if (scenario !== 'idle') {
  console.log(
    '\n| server | deliveries/s | p50 ms | p95 ms | p99 ms | lost | ack p50 / p99 ms | server CPU | load gen CPU | machine CPU | peak RSS |',
  );
  for (const { name, r } of all) console.log(tableRow(name, r));
}
process.exit(0);
