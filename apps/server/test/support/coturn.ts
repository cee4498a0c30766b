import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { coturnArgs, stunAnswered } from '../../../../scripts/coturn.mjs';
import { scratchDir, startDaemon } from './daemon.js';
import { freePort } from './server-process.js';

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
 * 127.0.0.1 ports (scripts/coturn.mjs), with a random secret given on the command line, never
 * written to a file; its log kept, and turnutils_uclient to allocate with given credentials.
 */
export async function startCoturn(): Promise<TestCoturn> {
  const scratch = scratchDir('coturn');
  const port = await freePort();
  const secret = randomBytes(24).toString('hex');
  const logFile = path.join(scratch.dir, 'turn.log');
  const daemon = startDaemon('turnserver', coturnArgs({ port, secret, dir: scratch.dir, logFile }), {
    cwd: scratch.dir,
  });
  const readLog = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  try {
    await daemon.waitUntil('answering STUN', () => stunAnswered(port));
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
