// Runs the real coturn (Debian's `turnserver`) from deploy/coturn/turnserver.conf on 127.0.0.1
// with a random secret given on the command line, for the browser tests (the server's
// integration tests have their own: apps/server/test/support/coturn.ts).
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const config = path.resolve(import.meta.dirname, '../deploy/coturn/turnserver.conf');

/**
 * Starts coturn on `port` and resolves once it answers STUN; `env` is what a Beseda server needs
 * to hand out credentials for it; `logFile` is its log (in its folder unless given). `stop()` ends
 * it and removes its folder.
 */
export async function startCoturn(port, { logFile: wantedLog } = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'beseda-coturn-'));
  const secret = randomBytes(24).toString('hex');
  const minPort = randomInt(50_000, 59_000);
  const logFile = wantedLog ?? path.join(scratch, 'turn.log');
  const child = spawn(
    'turnserver',
    [
      ...['-c', config, '--static-auth-secret', secret],
      ...['--listening-ip', '127.0.0.1', '--relay-ip', '127.0.0.1', '--listening-port', String(port)],
      ...['--min-port', String(minPort), '--max-port', String(minPort + 100)],
      // Tests only: both browsers' relayed addresses are on 127.0.0.1.
      '--allow-loopback-peers',
      // Session events (allocations, with the user name) in the log.
      '--verbose',
      ...['--log-file', logFile, '--pidfile', path.join(scratch, 'turnserver.pid')],
      ...['--userdb', path.join(scratch, 'turndb')],
    ],
    { cwd: scratch, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = () =>
    new Promise((resolve) => {
      const done = () => {
        rmSync(scratch, { recursive: true, force: true });
        resolve();
      };
      if (exited) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  for (let attempt = 0; !(await stunAnswered(port)); attempt += 1) {
    if (exited || attempt > 100) {
      await stop();
      throw new Error('coturn did not start');
    }
  }
  return {
    process: child,
    logFile,
    env: { TURN_URLS: `turn:127.0.0.1:${port}?transport=udp`, TURN_SECRET: secret },
    stop,
  };
}

/** A STUN Binding Request (RFC 5389); true when a Binding Success answers within 300 ms. */
function stunAnswered(port) {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const request = Buffer.alloc(20);
    request.writeUInt16BE(0x0001, 0);
    request.writeUInt32BE(0x2112a442, 4);
    randomBytes(12).copy(request, 8);
    const done = (answered) => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), 300);
    socket.on('message', (reply) => done(reply.readUInt16BE(0) === 0x0101));
    socket.on('error', () => done(false));
    socket.send(request, port, '127.0.0.1');
  });
}
