import { randomBytes } from 'node:crypto';
import path from 'node:path';
import WebSocket from 'ws';
import { type JanusConfig } from '../../src/config/config.js';
import { copyConfig, type Daemon, scratchDir, startDaemon } from './daemon.js';
import { freePort } from './server-process.js';

export const janusConfigDir = path.resolve(import.meta.dirname, '../../../../deploy/janus');

export interface TestJanus {
  /** What JANUS_URL, JANUS_API_SECRET and JANUS_ADMIN_KEY would say. */
  config: JanusConfig;
  output(): string;
  /** Stops Janus and starts it again on the same port (every session and room is lost). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real Janus (Debian's `janus`) run from the configuration in deploy/janus, copied to a
 * temporary folder with a free WebSocket port and random secrets in place of the placeholders.
 */
export async function startJanus(): Promise<TestJanus> {
  const scratch = scratchDir('janus');
  const port = await freePort();
  const apiSecret = randomBytes(16).toString('hex');
  const adminKey = randomBytes(16).toString('hex');
  const file = (name: string) => [path.join(janusConfigDir, name), path.join(scratch.dir, name)] as const;
  copyConfig(...file('janus.jcfg'), { api_secret: `"${apiSecret}"` });
  copyConfig(...file('janus.transport.websockets.jcfg'), { ws_ip: '"127.0.0.1"', ws_port: String(port) });
  copyConfig(...file('janus.plugin.videoroom.jcfg'), { admin_key: `"${adminKey}"` });

  const config: JanusConfig = { url: `ws://127.0.0.1:${port}`, apiSecret, adminKey };
  const run = async () => {
    const daemon = startDaemon('janus', ['-C', path.join(scratch.dir, 'janus.jcfg'), '-F', scratch.dir], {
      cwd: scratch.dir,
    });
    try {
      await daemon.waitUntil('answering on its WebSocket', () => answersInfo(config.url));
      return daemon;
    } catch (error) {
      await daemon.stop();
      throw error;
    }
  };
  let daemon: Daemon;
  try {
    daemon = await run();
  } catch (error) {
    scratch.remove();
    throw error;
  }
  return {
    config,
    output: () => daemon.output(),
    async restart() {
      await daemon.stop();
      daemon = await run();
    },
    async stop() {
      await daemon.stop();
      scratch.remove();
    },
  };
}

/** One Janus `info` request over the WebSocket API (it needs no secret): true once answered. */
function answersInfo(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'janus-protocol');
    const done = (answered: boolean) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), 2_000);
    socket.on('open', () => socket.send(JSON.stringify({ janus: 'info', transaction: 'ready' })));
    socket.on('message', (data: Buffer) =>
      done((JSON.parse(data.toString()) as { janus?: string }).janus === 'server_info'),
    );
    socket.on('error', () => done(false));
  });
}
