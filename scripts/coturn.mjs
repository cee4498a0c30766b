// Runs the real coturn (Debian's `turnserver`) from deploy/coturn/turnserver.conf on 127.0.0.1
// with a random secret given on the command line, never written to a file. The browser tests
// start it with `startCoturn`; the server's integration tests run it under their own supervision
// (apps/server/test/support/coturn.ts) from `coturnArgs` and `stunAnswered`.
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { supervise } from './janus.mjs';

const config = path.resolve(import.meta.dirname, '../deploy/coturn/turnserver.conf');

/**
 * coturn's command line: deploy/coturn's file, listening and relaying on 127.0.0.1:`port`, with
 * its files in `dir`. Relay ports are a random window, so parallel runs stay apart. Loopback peers
 * are allowed: in a test both ends of a relay are on 127.0.0.1 (never in production).
 */
export function coturnArgs({ port, secret, dir, logFile = path.join(dir, 'turn.log') }) {
  const minPort = randomInt(50_000, 59_000);
  return [
    ...['-c', config, '--static-auth-secret', secret],
    ...['--listening-ip', '127.0.0.1', '--relay-ip', '127.0.0.1', '--listening-port', String(port)],
    ...['--min-port', String(minPort), '--max-port', String(minPort + 100)],
    '--allow-loopback-peers',
    // Session events (allocations, with the user name) in the log.
    '--verbose',
    ...['--log-file', logFile, '--pidfile', path.join(dir, 'turnserver.pid')],
    ...['--userdb', path.join(dir, 'turndb')],
  ];
}

/** Sends a STUN Binding Request (RFC 5389) and resolves true when a Binding Success answers. */
export function stunAnswered(port) {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const request = Buffer.alloc(20);
    request.writeUInt16BE(0x0001, 0); // Binding Request, no attributes
    request.writeUInt32BE(0x2112a442, 4); // magic cookie
    randomBytes(12).copy(request, 8);
    const done = (answered) => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), 500);
    socket.on('message', (reply) =>
      done(reply.readUInt16BE(0) === 0x0101 && reply.subarray(8, 20).equals(request.subarray(8, 20))),
    );
    socket.on('error', () => done(false));
    socket.send(request, port, '127.0.0.1');
  });
}

/**
 * Starts coturn on `port` and resolves once it answers STUN; `env` is what a Beseda server needs
 * to hand out credentials for it. `stop()` ends it and removes its folder.
 */
export async function startCoturn(port, { logFile } = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'beseda-coturn-'));
  const secret = randomBytes(24).toString('hex');
  const child = spawn('turnserver', coturnArgs({ port, secret, dir: scratch, logFile }), {
    cwd: scratch,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return supervise(child, scratch, () => stunAnswered(port), 'coturn', {
    TURN_URLS: `turn:127.0.0.1:${port}?transport=udp`,
    TURN_SECRET: secret,
  });
}
