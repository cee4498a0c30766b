// The ceiling for bench/fanout.mjs: a bare `ws` server speaking just enough of Beseda's protocol
// for the same load generator. `auth` → `hello` (no token check), `message.send` requests are
// broadcast to every other socket in the same room (chatId) as a `message.created` event with a
// per-socket seq, then answered with a `response`. No persistence, no bus, no resume buffer.
// GET /mem answers process.memoryUsage() for the idle-connection measurement.
//
//   node bench/bare-ws-server.mjs PORT
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const http = createServer((request, response) => {
  if (request.url === '/mem') {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(process.memoryUsage()));
    return;
  }
  response.statusCode = 404;
  response.end();
});
const wss = new WebSocketServer({ server: http, maxPayload: 64 * 1024 });
const rooms = new Map(); // chatId → Set of states

wss.on('connection', (ws, request) => {
  const state = { ws, seq: 0, authed: false };
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.type === 'auth') {
      state.authed = true;
      ws.send(JSON.stringify({ type: 'hello', connectionId: String(Math.random()), seq: 0 }));
      return;
    }
    if (frame.type !== 'request' || frame.method !== 'message.send') return;
    const { chatId, clientId, text } = frame.params;
    let room = rooms.get(chatId);
    if (!room) rooms.set(chatId, (room = new Set()));
    room.add(state);
    const event = JSON.stringify({ type: 'message.created', data: { chatId, clientId, text } });
    for (const member of room) {
      if (member === state) continue;
      member.seq += 1;
      member.ws.send(`{"type":"event","seq":${member.seq},"event":${event}}`);
    }
    ws.send(JSON.stringify({ type: 'response', id: frame.id, ok: true, data: { clientId } }));
  });
  // Beseda knows a socket's rooms from its database; here the client names its room in the URL.
  const room = new URL(request.url ?? '/', 'http://x').searchParams.get('room');
  if (room) {
    if (!rooms.has(room)) rooms.set(room, new Set());
    rooms.get(room).add(state);
  }
  ws.on('close', () => {
    for (const members of rooms.values()) members.delete(state);
  });
});
http.listen(port, '127.0.0.1');
