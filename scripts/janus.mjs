// Runs the real Janus (Debian's `janus`) from the configuration in deploy/janus, on 127.0.0.1 with
// a port and random secrets of its own. The browser tests and the benchmarks start it with
// `startJanus`; the server's integration tests run it under their own supervision
// (apps/server/test/support/janus.ts) from `prepareJanus` and `janusAnswers`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

const configDir = path.resolve(import.meta.dirname, '../deploy/janus');

/**
 * Writes deploy/janus's configuration into `dir` with the WebSocket on 127.0.0.1:`port` and fresh
 * secrets in place of the placeholders (a placeholder the file lacks is an error: Janus would
 * run with a setting the caller believes it changed). Returns the command line to run Janus with
 * and what a Beseda server needs to use it.
 */
export function prepareJanus(dir, port) {
  const apiSecret = randomBytes(16).toString('hex');
  const adminKey = randomBytes(16).toString('hex');
  const copy = (name, values) => {
    let text = readFileSync(path.join(configDir, name), 'utf8');
    for (const [key, value] of Object.entries(values)) {
      const line = new RegExp(`^(\\s*${key}\\s*=\\s*).*$`, 'm');
      if (!line.test(text)) throw new Error(`deploy/janus/${name} has no "${key} =" line to set`);
      text = text.replace(line, (_, prefix) => `${prefix}${value}`);
    }
    writeFileSync(path.join(dir, name), text);
  };
  copy('janus.jcfg', { api_secret: `"${apiSecret}"` });
  copy('janus.transport.websockets.jcfg', { ws_ip: '"127.0.0.1"', ws_port: String(port) });
  copy('janus.plugin.videoroom.jcfg', { admin_key: `"${adminKey}"` });
  return {
    args: ['-C', path.join(dir, 'janus.jcfg'), '-F', dir],
    url: `ws://127.0.0.1:${port}`,
    apiSecret,
    adminKey,
  };
}

/** One Janus `info` request over the WebSocket API (it needs no secret): true once answered. */
export function janusAnswers(url) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'janus-protocol');
    const done = (answered) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), 2_000);
    socket.on('open', () => socket.send(JSON.stringify({ janus: 'info', transaction: 'ready' })));
    socket.on('message', (data) => done(JSON.parse(data.toString()).janus === 'server_info'));
    socket.on('error', () => done(false));
  });
}

/**
 * Starts Janus on `port` and resolves once it answers; `env` is what a Beseda server needs to use
 * it (JANUS_URL, JANUS_API_SECRET, JANUS_ADMIN_KEY). `stop()` ends it and removes its folder.
 */
export async function startJanus(port) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'beseda-janus-'));
  const janus = prepareJanus(scratch, port);
  const child = spawn('janus', janus.args, { cwd: scratch, stdio: ['ignore', 'ignore', 'inherit'] });
  return supervise(child, scratch, () => janusAnswers(janus.url), 'Janus', {
    JANUS_URL: janus.url,
    JANUS_API_SECRET: janus.apiSecret,
    JANUS_ADMIN_KEY: janus.adminKey,
  });
}

/**
 * Waits (100 ms apart, 30 s at most) until `ready`, and returns the daemon with `stop()`, which
 * ends it and removes its folder. Shared with scripts/coturn.mjs.
 */
export async function supervise(child, scratch, ready, name, env) {
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
  for (let attempt = 0; !(await ready()); attempt += 1) {
    if (exited || attempt > 300) {
      await stop();
      throw new Error(`${name} did not start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { process: child, env, stop };
}
