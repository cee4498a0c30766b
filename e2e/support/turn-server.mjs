// Starts the real coturn (scripts/coturn.mjs) and a Beseda server that sends all meeting media
// through it (TURN_ONLY), for the meetings' TURN end-to-end test. Playwright runs this as a web
// server and stops it (SIGTERM) after the run; coturn and the server stop with it. coturn's log
// goes to E2E_TURN_LOG, where the test reads the allocations.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startCoturn } from '../../scripts/coturn.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const port = Number(process.env.PORT ?? 3219);
const coturn = await startCoturn(Number(process.env.E2E_TURN_PORT ?? port + 5000), {
  logFile: process.env.E2E_TURN_LOG,
});
const server = spawn(process.execPath, [path.join(root, 'apps/server/dist/main.js')], {
  env: { ...process.env, ...coturn.env, TURN_ONLY: 'true' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
async function stopAll(code) {
  server.kill('SIGTERM');
  await coturn.stop();
  process.exit(code);
}
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => void stopAll(0));
server.once('exit', () => void stopAll(1));
coturn.process.once('exit', () => {
  console.error('coturn exited');
  void stopAll(1);
});
