import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './server-process.js';
import { scratchDir, startDaemon } from './daemon.js';

export const coturnConfig = path.resolve(import.meta.dirname, '../../../../deploy/coturn/turnserver.conf');

export interface TestCoturn {
  /** `turn:127.0.0.1:<port>?transport=udp`, as TURN_URLS would list it. */
  url: string;
  port: number;
  /** The static-auth-secret it checks credentials with. */
  secret: string;
  /** Allocates a relay with `turnutils_uclient` and sends through it; true when coturn accepted. */
  allocate(credentials: { username: string; credential: string }): Promise<{ ok: boolean; output: string }>;
  /** coturn's own log, to see why it refused. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * The real coturn (Debian's `turnserver`) run from deploy/coturn/turnserver.conf on free
 * 127.0.0.1 ports, with a random secret given on the command line, never written to a file.
 */
export async function startCoturn(): Promise<TestCoturn> {
  const scratch = scratchDir('coturn');
  const port = await freePort();
  // Relay ports are UDP and only probed by coturn itself: a random window keeps parallel runs apart.
  const minPort = randomInt(50_000, 59_000);
  const secret = randomBytes(24).toString('hex');
  const logFile = path.join(scratch.dir, 'turn.log');
  const daemon = startDaemon(
    'turnserver',
    [
      '-c',
      coturnConfig,
      '--static-auth-secret',
      secret,
      '--listening-ip',
      '127.0.0.1',
      '--relay-ip',
      '127.0.0.1',
      '--listening-port',
      String(port),
      '--min-port',
      String(minPort),
      '--max-port',
      String(minPort + 40),
      // Tests only: the relay's peer (turnutils_uclient's second client) is on 127.0.0.1.
      '--allow-loopback-peers',
      '--log-file',
      logFile,
      '--pidfile',
      path.join(scratch.dir, 'turnserver.pid'),
      '--userdb',
      path.join(scratch.dir, 'turndb'),
    ],
    { cwd: scratch.dir },
  );
  const readLog = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  try {
    await daemon.waitUntil('answering STUN', () => stunBindingAnswered(port));
  } catch (error) {
    await daemon.stop();
    const log = readLog();
    scratch.remove();
    throw new Error(`${(error as Error).message}\n${log}`);
  }

  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    port,
    secret,
    allocate: ({ username, credential }) =>
      new Promise((resolve) => {
        // -y: two clients relay to each other through their allocations (no separate peer);
        // -c: no RTCP allocation; -n 1: one message each way.
        execFile(
          'turnutils_uclient',
          ['-y', '-c', '-n', '1', '-p', String(port), '-u', username, '-w', credential, '127.0.0.1'],
          { timeout: 30_000 },
          (error, stdout, stderr) => resolve({ ok: error === null, output: `${stdout}${stderr}` }),
        );
      }),
    log: readLog,
    async stop() {
      await daemon.stop();
      scratch.remove();
    },
  };
}

/** Sends a STUN Binding Request (RFC 5389) and resolves true when a Binding Success answers. */
function stunBindingAnswered(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const request = Buffer.alloc(20);
    request.writeUInt16BE(0x0001, 0); // Binding Request, no attributes
    request.writeUInt32BE(0x2112a442, 4); // magic cookie
    randomBytes(12).copy(request, 8);
    const done = (answered: boolean) => {
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
