// Starts a real media daemon and a Beseda server that uses it, for the meetings' end-to-end
// tests: `janus` (scripts/janus.mjs; meetings of three go through the SFU) or `coturn`
// (scripts/coturn.mjs; all media through the TURN relay, TURN_ONLY, its log at E2E_TURN_LOG).
// Playwright runs this as a web server and stops it (SIGTERM) after the run; both stop with it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startCoturn } from '../../scripts/coturn.mjs';
import { startJanus } from '../../scripts/janus.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const which = process.argv[2];
// The daemon's port: 5000 above the server's, so several runs on one machine stay apart.
const daemonPort = Number(process.env.PORT) + 5000;
const daemons = {
  janus: () => startJanus(daemonPort),
  coturn: async () => {
    const coturn = await startCoturn(daemonPort, { logFile: process.env.E2E_TURN_LOG });
    return { ...coturn, env: { ...coturn.env, TURN_ONLY: 'true' } };
  },
};
if (!(which in daemons)) throw new Error(`usage: media-server.mjs ${Object.keys(daemons).join('|')}`);

const daemon = await daemons[which]();
const server = spawn(process.execPath, [path.join(root, 'apps/server/dist/main.js')], {
  env: { ...process.env, ...daemon.env },
  stdio: ['ignore', 'inherit', 'inherit'],
});

async function stopAll(code) {
  server.kill('SIGTERM');
  await daemon.stop();
  process.exit(code);
}
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => void stopAll(0));
server.once('exit', () => void stopAll(1));
daemon.process.once('exit', () => {
  console.error(`${which} exited`);
  void stopAll(1);
});
