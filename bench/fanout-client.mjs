// One load-generator process of bench/fanout.mjs (started by it with fork; not run by hand).
// Holds a share of the members' sockets: authenticates them, sends this share's part of the
// message rate through them (`message.send` over the socket, or REST), and records
// send → arrival latency of every `message.created` and send → response latency of its own
// sends, per phase, in 0.1 ms histograms that the parent merges.
import WebSocket from 'ws';

const BUCKETS = 600_000; // 0.1 ms buckets up to 60 s; later arrivals land in the last one
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let config; // { wsUrl, httpBase, protocol: 'beseda' | 'bare', send: 'socket' | 'rest' }
/** @type {Array<{ ws: WebSocket, token: string, room: string }>} */
const sockets = [];
let closedUnexpectedly = 0;
let stopping = false;
const phases = new Map(); // phase → { delivered, deliveries: Uint32Array, acked, acks: Uint32Array, sent, failed }
const pendingAcks = new Map(); // request id → { phase, at }
let requestCounter = 0;

function phaseStats(phase) {
  let stats = phases.get(phase);
  if (!stats) {
    stats = {
      delivered: 0,
      deliveries: new Uint32Array(BUCKETS),
      acked: 0,
      acks: new Uint32Array(BUCKETS),
      sent: 0,
      failed: 0,
    };
    phases.set(phase, stats);
  }
  return stats;
}
const bucket = (ms) => Math.max(0, Math.min(BUCKETS - 1, Math.round(ms * 10)));
const sparse = (histogram) => {
  const out = [];
  for (let i = 0; i < histogram.length; i++) if (histogram[i] !== 0) out.push(i, histogram[i]);
  return out;
};

const MARK = '"text":"b ';
function onFrame(raw) {
  const text = raw.toString();
  // A response to our own send carries the message (and its text): check for it first.
  if (text.startsWith('{"type":"response"')) {
    const frame = JSON.parse(text);
    const pending = pendingAcks.get(frame.id);
    if (!pending) return;
    pendingAcks.delete(frame.id);
    const stats = phaseStats(pending.phase);
    if (!frame.ok) stats.failed += 1;
    stats.acked += 1;
    stats.acks[bucket(now() - pending.at)] += 1;
    return;
  }
  // Only message.created frames carry our text; find it without parsing the whole frame.
  const at = text.indexOf(MARK);
  if (at === -1) return;
  const end = text.indexOf('"', at + MARK.length);
  const [phase, sentAt] = text.slice(at + MARK.length, end).split(' ');
  const stats = phaseStats(Number(phase));
  stats.delivered += 1;
  stats.deliveries[bucket(now() - Number(sentAt))] += 1;
}

function open({ token, room }) {
  return new Promise((resolve) => {
    const ws = new WebSocket(config.protocol === 'bare' ? `${config.wsUrl}?room=${room}` : config.wsUrl);
    let settled = false;
    const done = (ok) => {
      if (settled) return;
      settled = true;
      resolve(ok);
    };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
    ws.on('message', (raw) => {
      if (!settled) {
        if (raw.toString().startsWith('{"type":"hello"')) {
          sockets.push({ ws, token, room });
          done(true);
        }
        return;
      }
      onFrame(raw);
    });
    ws.on('close', () => {
      if (!stopping && settled) closedUnexpectedly += 1;
      done(false);
    });
    ws.on('error', () => done(false));
  });
}

async function connect(list, concurrency) {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < list.length) {
        const item = list[next++];
        if (!(await open(item))) failed += 1;
      }
    }),
  );
  return failed;
}

function sendOne(socket, phase) {
  const stats = phaseStats(phase);
  stats.sent += 1;
  const at = now();
  const text = `b ${phase} ${at}`;
  const clientId = `c${process.pid}-${++requestCounter}-${Math.random().toString(36).slice(2, 10)}`;
  if (config.send === 'rest') {
    fetch(`${config.httpBase}/api/v1/chats/${socket.room}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${socket.token}` },
      body: JSON.stringify({ clientId, text }),
    }).then(
      async (response) => {
        await response.arrayBuffer();
        if (!response.ok) stats.failed += 1;
        stats.acked += 1;
        stats.acks[bucket(now() - at)] += 1;
      },
      () => (stats.failed += 1),
    );
    return;
  }
  const id = `r${requestCounter}`;
  pendingAcks.set(id, { phase, at });
  socket.ws.send(
    JSON.stringify({
      type: 'request',
      id,
      method: 'message.send',
      params: { chatId: socket.room, clientId, text },
    }),
  );
}

/** Sends `rates[room]` messages a second per room for `seconds`, round-robin over this process's sockets of each room. */
async function drive(phase, rates, seconds) {
  const byRoom = new Map();
  for (const socket of sockets) {
    if (!(socket.room in rates)) continue;
    let list = byRoom.get(socket.room);
    if (!list) byRoom.set(socket.room, (list = []));
    list.push(socket);
  }
  const start = performance.now();
  const end = start + seconds * 1000;
  const rooms = [...byRoom].map(([room, list]) => {
    const interval = 1000 / rates[room];
    return {
      list,
      interval,
      next: start + Math.random() * interval,
      turn: Math.floor(Math.random() * list.length),
    };
  });
  while (true) {
    const t = performance.now();
    if (t >= end) break;
    let soonest = end;
    for (const room of rooms) {
      while (room.next <= t) {
        sendOne(room.list[room.turn++ % room.list.length], phase);
        room.next += room.interval;
      }
      if (room.next < soonest) soonest = room.next;
    }
    const wait = soonest - performance.now();
    if (wait > 0) await sleep(wait);
    else await new Promise(setImmediate);
  }
}

process.on('message', async (message) => {
  switch (message.cmd) {
    case 'connect': {
      config = message.config;
      const failed = await connect(message.connections, message.concurrency ?? 50);
      process.send({ ev: 'connected', count: sockets.length, failed });
      break;
    }
    case 'drive': {
      await drive(message.phase, message.rates, message.seconds);
      process.send({ ev: 'driven', phase: message.phase });
      break;
    }
    case 'count': {
      const stats = phases.get(message.phase);
      process.send({
        ev: 'count',
        delivered: stats?.delivered ?? 0,
        acked: stats?.acked ?? 0,
        sent: stats?.sent ?? 0,
      });
      break;
    }
    case 'collect': {
      const stats = phases.get(message.phase) ?? phaseStats(message.phase);
      phases.delete(message.phase);
      process.send({
        ev: 'stats',
        delivered: stats.delivered,
        sent: stats.sent,
        acked: stats.acked,
        failed: stats.failed,
        deliveries: sparse(stats.deliveries),
        acks: sparse(stats.acks),
        closed: closedUnexpectedly,
        cpu: process.cpuUsage(),
      });
      break;
    }
    case 'close': {
      stopping = true;
      for (const { ws } of sockets) ws.terminate();
      process.send({ ev: 'closed' });
      setTimeout(() => process.exit(0), 50);
      break;
    }
  }
});
process.on('disconnect', () => process.exit(0));
