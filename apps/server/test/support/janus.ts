import { janusAnswers, prepareJanus } from '../../../../scripts/janus.mjs';
import { type JanusConfig } from '../../src/config/config.js';
import { type Daemon, scratchDir, startDaemon } from './daemon.js';
import { freePort } from './server-process.js';

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
 * temporary folder with a free WebSocket port and random secrets (scripts/janus.mjs), with its
 * output kept and a restart for the recovery tests.
 */
export async function startJanus(): Promise<TestJanus> {
  const scratch = scratchDir('janus');
  const janus = prepareJanus(scratch.dir, await freePort());
  const config: JanusConfig = { url: janus.url, apiSecret: janus.apiSecret, adminKey: janus.adminKey };
  const run = async () => {
    const daemon = startDaemon('janus', janus.args, { cwd: scratch.dir });
    try {
      await daemon.waitUntil('answering on its WebSocket', () => janusAnswers(config.url));
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
