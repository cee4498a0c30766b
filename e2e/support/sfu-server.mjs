// Starts the real Janus (scripts/janus.mjs) and a Beseda server that uses it, for the meetings'
// SFU end-to-end tests. Playwright runs this as a web server and stops it (SIGTERM) after the
// run; Janus and the server stop with it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startJanus } from '../../scripts/janus.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const port = Number(process.env.PORT ?? 3218);
const janus = await startJanus(Number(process.env.E2E_JANUS_PORT ?? port + 5000));
const server = spawn(process.execPath, [path.join(root, 'apps/server/dist/main.js')], {
  env: { ...process.env, ...janus.env },
  stdio: ['ignore', 'inherit', 'inherit'],
});

async function stopAll(code) {
  server.kill('SIGTERM');
  await janus.stop();
  process.exit(code);
}
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => void stopAll(0));
server.once('exit', () => void stopAll(1));
janus.process.once('exit', () => {
  console.error('janus exited');
  void stopAll(1);
});
