// Runs the real Janus (Debian's `janus`) from the configuration in deploy/janus, on 127.0.0.1 with
// a port and random secrets of its own, for the browser tests and the benchmarks (the server's
// integration tests have their own, with output capture: apps/server/test/support/janus.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

const configDir = path.resolve(import.meta.dirname, '../deploy/janus');

/**
 * Starts Janus on `port` and resolves once it answers; `env` is what a Beseda server needs to use
 * it (JANUS_URL, JANUS_API_SECRET, JANUS_ADMIN_KEY). `stop()` ends it and removes its folder.
 */
export async function startJanus(port) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'beseda-janus-'));
  const apiSecret = randomBytes(16).toString('hex');
  const adminKey = randomBytes(16).toString('hex');
  const copy = (name, values) => {
    let text = readFileSync(path.join(configDir, name), 'utf8');
    for (const [key, value] of Object.entries(values)) {
      const line = new RegExp(`^(\\s*${key}\\s*=\\s*).*$`, 'm');
      if (!line.test(text)) throw new Error(`${name} has no "${key} =" line`);
      text = text.replace(line, (_, prefix) => `${prefix}${value}`);
    }
    writeFileSync(path.join(scratch, name), text);
  };
  copy('janus.jcfg', { api_secret: `"${apiSecret}"` });
  copy('janus.transport.websockets.jcfg', { ws_ip: '"127.0.0.1"', ws_port: String(port) });
  copy('janus.plugin.videoroom.jcfg', { admin_key: `"${adminKey}"` });

  const child = spawn('janus', ['-C', path.join(scratch, 'janus.jcfg'), '-F', scratch], {
    cwd: scratch,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  const url = `ws://127.0.0.1:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      rmSync(scratch, { recursive: true, force: true });
      if (exited) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  for (let attempt = 0; !(await answers(url)); attempt += 1) {
    if (exited || attempt > 300) {
      await stop();
      throw new Error('Janus did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    process: child,
    env: { JANUS_URL: url, JANUS_API_SECRET: apiSecret, JANUS_ADMIN_KEY: adminKey },
    stop,
  };
}

/** True once Janus answers an `info` request on its WebSocket. */
function answers(url) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'janus-protocol');
    const done = (answered) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), 2_000);
    socket.on('open', () => socket.send(JSON.stringify({ janus: 'info', transaction: 'ready' })));
    socket.on('message', () => done(true));
    socket.on('error', () => done(false));
  });
}
