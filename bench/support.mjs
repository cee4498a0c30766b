// What the benchmarks that start their own server share: ports, processes, a scratch PostgreSQL
// database, and accounts registered, confirmed (through the mails the embedded transport writes
// into DATA_DIR/outbox) and signed in.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** Resolves once `url` answers 2xx; the server is given a minute to start. */
export async function waitFor(url) {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // starting
    }
    if (i > 600) throw new Error(`${url} did not come up`);
    await sleep(100);
  }
}

/** SIGTERM, then SIGKILL if the process has not exited within `timeoutMs`. */
export function stopProcess(child, timeoutMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export function psql(adminUrl, sql) {
  const result = spawnSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
}

export const post = (base, url, body, headers = {}) =>
  fetch(base + url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** A distinct client address per request number, so per-IP rate limits do not throttle the setup. */
export const ip = (prefix, i) => `10.${prefix}.${(i >> 8) & 255}.${i & 255}`;

/** Runs `work(0..count-1)` with at most `limit` at once; results in order. */
export async function inParallel(count, limit, work) {
  const results = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await work(i);
      }
    }),
  );
  return results;
}

/**
 * Registers, confirms and signs in `count` accounts on `server` ({ base, dataDir }, the server's
 * DATA_DIR holding the mails); returns [{ token, id, username, password }].
 */
export async function createAccounts(server, count, name = 'bench') {
  const started = performance.now();
  const tag = randomBytes(3).toString('hex');
  const accounts = Array.from({ length: count }, (_, i) => ({
    email: `${name}${tag}${i}@example.org`,
    username: `${name}${tag}${i}`,
    password: `${name} password ${i} green`,
    displayName: `${name} ${i}`,
  }));
  await inParallel(count, 4, async (i) => {
    const response = await post(server.base, '/api/v1/auth/register', accounts[i], {
      'x-forwarded-for': ip(9, i),
    });
    if (response.status !== 202) throw new Error(`register: ${response.status} ${await response.text()}`);
  });
  const outbox = path.join(server.dataDir, 'outbox');
  let tokens = [];
  for (let i = 0; tokens.length < count; i++) {
    if (i > 300) throw new Error('confirmation mails did not arrive');
    await sleep(200);
    let files = [];
    try {
      files = readdirSync(outbox).filter((file) => file.endsWith('.eml'));
    } catch {
      continue;
    }
    if (files.length < count) continue;
    const mails = await Promise.all(files.map((file) => simpleParser(readFileSync(path.join(outbox, file)))));
    tokens = mails.map((mail) => mail.text.match(/confirm-email\?token=([\w-]+)/)?.[1]).filter(Boolean);
  }
  await inParallel(tokens.length, 8, (i) =>
    post(server.base, '/api/v1/auth/confirm-email', { token: tokens[i] }, { 'x-forwarded-for': ip(8, i) }),
  );
  const sessions = await inParallel(count, 4, async (i) => {
    const response = await post(
      server.base,
      '/api/v1/auth/login',
      { login: accounts[i].username, password: accounts[i].password },
      { 'x-forwarded-for': ip(7, i) },
    );
    if (!response.ok) throw new Error(`login: ${response.status} ${await response.text()}`);
    const { accessToken } = await response.json();
    const me = await (
      await fetch(`${server.base}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })
    ).json();
    return { token: accessToken, id: me.id, username: accounts[i].username, password: accounts[i].password };
  });
  console.log(`  ${count} accounts in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return sessions;
}
