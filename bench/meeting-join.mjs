// Meetings: time from the "Join" click to the first remote video frame, what one join costs the
// server (CPU, signaling frames), and how many people one meeting holds on this machine.
//
//   npm run build
//   node bench/meeting-join.mjs [--joins 10] [--max 8] [--sfu]
//
// Starts the built server on the embedded defaults, signs accounts in through the web client in
// Debian's Chromium (fake camera and microphone), then:
//   1. peer-to-peer: `--joins` times, one person waits in a fresh meeting and a second clicks
//      Join; measured from the click to the moment the second page has decoded a video frame of
//      the first (getStats framesDecoded > 0 through the call's debug hook), the frames the
//      joining page's socket sent and received in that time, and the server's CPU time.
//   2. capacity: people join one meeting one by one (mesh; MEETING_MESH_LIMIT is raised to
//      `--max`) until a newcomer's page stops decoding every other video within 30 s, or `--max`.
// With --sfu, the server uses the real Janus (Debian's `janus`, started from deploy/janus): the
// joins are of a fourth person into a meeting of three (already through the SFU), timed to the
// first remote frame and to frames from all three, with Janus's CPU time beside the server's;
// the capacity run goes through the SFU.
// Every page is its own browser context in one Chromium, as several people on one machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startJanus } from '../scripts/janus.mjs';
import { createAccounts, freePort, post, sleep, stopProcess, waitFor } from './support.mjs';

const { values } = parseArgs({
  options: {
    joins: { type: 'string', default: '10' },
    max: { type: 'string', default: '8' },
    sfu: { type: 'boolean', default: false },
  },
});
const sfu = values.sfu;
const joins = Number(values.joins);
const max = Number(values.max);
const serverMain = path.resolve(import.meta.dirname, '../apps/server/dist/main.js');

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const clockTicks = 100; // USER_HZ on Linux

/** User + system CPU seconds of a process so far, from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

const port = await freePort();
const janus = sfu ? await startJanus(await freePort()) : null;
const dataDir = mkdtempSync(path.join(tmpdir(), 'beseda-bench-meet-'));
const server = spawn(process.execPath, [serverMain], {
  env: {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'true',
    // The refresh cookie is only honoured from the public origin.
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    MEETING_MESH_LIMIT: String(max),
    ...janus?.env,
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
  ],
});

try {
  await waitFor(`${base}/health/ready`);
  console.log(
    `machine: ${cpus().length} × ${cpus()[0].model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Node.js ${process.versions.node}, Chromium ${browser.version()}; load average ${loadavg()[0].toFixed(1)}`,
  );
  const accounts = await createAccounts({ base, dataDir }, Math.max(4, max), 'meet');

  /** A signed-in page of one account, counting its socket's frames. */
  async function open(i) {
    // No service worker: its first activation would reload the page in the middle of a measurement.
    const context = await browser.newContext({ baseURL: base, locale: 'en-US', serviceWorkers: 'block' });
    // Counts the socket frames inside the page, so they are read at the same moment as the video.
    await context.addInitScript(() => {
      const counts = { sent: 0, received: 0 };
      globalThis.__besedaSocketFrames = counts;
      const Native = globalThis.WebSocket;
      globalThis.WebSocket = class extends Native {
        constructor(...args) {
          super(...args);
          this.addEventListener('message', () => counts.received++);
        }
        send(data) {
          counts.sent++;
          super.send(data);
        }
      };
    });
    const page = await context.newPage();
    await signIn(page, accounts[i]);
    return { page, context, id: accounts[i].id };
  }

  /** The web client keeps its session in a refresh cookie: sign in through its form. */
  async function signIn(page, account) {
    await page.goto('/login');
    const form = page.getByTestId('login-form');
    await form.locator('input[autocomplete="username"]').fill(account.username);
    await form.locator('input[autocomplete="current-password"]').fill(account.password);
    await form.locator('button[type="submit"]').click();
    await page.getByTestId('user-menu').waitFor();
  }

  async function createMeeting(host) {
    const response = await post(
      base,
      '/api/v1/meetings',
      { title: 'Bench' },
      { authorization: `Bearer ${host.token}` },
    );
    if (response.status !== 201) throw new Error(`create meeting: ${response.status}`);
    return response.json();
  }

  /** Opens the join screen and waits until Join can be clicked (camera preview running). */
  async function ready(page, code) {
    await page.goto(`/m/${code}`);
    const join = page.locator('[data-testid="prejoin"] button[type="submit"]');
    await join.waitFor().catch(async (error) => {
      await page.screenshot({ path: path.join(tmpdir(), 'meeting-join-bench.png') });
      throw error;
    });
    while (!(await join.isEnabled())) await sleep(20);
  }

  async function click(page) {
    await page.locator('[data-testid="prejoin"] button[type="submit"]').click();
  }

  /**
   * Waits until this page decoded video from `count` others; returns the page's socket frame
   * count (sent + received) at that moment. Polled from here: waitForFunction does not wait for
   * an async check (it takes the returned promise as a yes).
   */
  async function decodingFrom(page, count, timeout) {
    const deadline = performance.now() + timeout;
    for (;;) {
      const frames = await page.evaluate(async (expected) => {
        const call = globalThis.__besedaCall;
        if (!call) return null;
        const stats = await call.stats();
        const decoding = Object.values(stats).filter((counters) => counters.cameraFramesDecoded > 0).length;
        const { sent, received } = globalThis.__besedaSocketFrames;
        return decoding >= expected ? sent + received : null;
      }, count);
      if (frames !== null) return frames;
      if (performance.now() > deadline) throw new Error(`no video from ${count} others within ${timeout} ms`);
      await sleep(10);
    }
  }
  const socketFrames = (page) =>
    page.evaluate(() => globalThis.__besedaSocketFrames.sent + globalThis.__besedaSocketFrames.received);

  if (sfu) await sfuJoins();
  else await directJoins();
  await capacity();

  /** 1. Peer-to-peer joins: one waits in a fresh meeting, the second clicks Join. */
  async function directJoins() {
    const times = [];
    const cpu = [];
    const signaling = [];
    const host = await open(0);
    const guest = await open(1);
    for (let round = 0; round < joins; round++) {
      const meeting = await createMeeting(accounts[0]);
      await ready(host.page, meeting.code);
      await click(host.page);
      await host.page.getByTestId('call-screen').waitFor();
      await ready(guest.page, meeting.code);
      const framesBefore = await socketFrames(guest.page);
      const cpuBefore = cpuSeconds(server.pid);
      const started = performance.now();
      await click(guest.page);
      const framesAtFirstFrame = await decodingFrom(guest.page, 1, 60_000);
      times.push(performance.now() - started);
      cpu.push(cpuSeconds(server.pid) - cpuBefore);
      signaling.push(framesAtFirstFrame - framesBefore);
      // Leave both, through the call's own Leave button, so the next round starts clean.
      for (const side of [guest, host]) {
        await side.page.getByTestId('leave-call').click();
      }
    }
    times.sort((a, b) => a - b);
    console.log(
      `peer-to-peer, ${joins} joins: click → first remote frame p50 ${percentile(times, 50).toFixed(0)} ms, ` +
        `p90 ${percentile(times, 90).toFixed(0)} ms, max ${times.at(-1).toFixed(0)} ms`,
    );
    console.log(
      `  per join: server CPU ${((cpu.reduce((a, b) => a + b, 0) / joins) * 1000).toFixed(0)} ms, ` +
        `socket frames of the joining page ${(signaling.reduce((a, b) => a + b, 0) / joins).toFixed(0)} (sent + received)`,
    );

    await Promise.all([host.context.close(), guest.context.close()]);
  }

  /** 1. Joins through the SFU: a fourth person comes into a meeting of three, `joins` times. */
  async function sfuJoins() {
    const meeting = await createMeeting(accounts[0]);
    const inside = [];
    for (let i = 0; i < 3; i++) {
      const person = await open(i);
      await ready(person.page, meeting.code);
      await click(person.page);
      await person.page.getByTestId('call-screen').waitFor();
      inside.push(person);
    }
    await Promise.all(inside.map((person) => decodingFrom(person.page, 2, 60_000)));
    const topology = await inside[0].page.getByTestId('call-screen').getAttribute('data-topology');
    if (topology !== 'sfu') throw new Error(`a meeting of three is ${topology}, not sfu`);
    const newcomer = await open(3);
    const first = [];
    const all = [];
    const cpu = [];
    const janusCpu = [];
    const signaling = [];
    for (let round = 0; round < joins; round++) {
      await ready(newcomer.page, meeting.code);
      const framesBefore = await socketFrames(newcomer.page);
      const cpuBefore = cpuSeconds(server.pid);
      const janusBefore = cpuSeconds(janus.process.pid);
      const started = performance.now();
      await click(newcomer.page);
      const framesAtFirstFrame = await decodingFrom(newcomer.page, 1, 60_000);
      first.push(performance.now() - started);
      cpu.push(cpuSeconds(server.pid) - cpuBefore);
      janusCpu.push(cpuSeconds(janus.process.pid) - janusBefore);
      signaling.push(framesAtFirstFrame - framesBefore);
      await decodingFrom(newcomer.page, 3, 60_000);
      all.push(performance.now() - started);
      await newcomer.page.getByTestId('leave-call').click();
    }
    const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length;
    first.sort((a, b) => a - b);
    all.sort((a, b) => a - b);
    console.log(
      `SFU, ${joins} joins of a fourth person: click → first remote frame p50 ${percentile(first, 50).toFixed(0)} ms, ` +
        `p90 ${percentile(first, 90).toFixed(0)} ms; → frames from all three p50 ${percentile(all, 50).toFixed(0)} ms, ` +
        `p90 ${percentile(all, 90).toFixed(0)} ms`,
    );
    console.log(
      `  per join: server CPU ${(mean(cpu) * 1000).toFixed(0)} ms, Janus CPU ${(mean(janusCpu) * 1000).toFixed(0)} ms ` +
        `(to the first frame), socket frames of the joining page ${mean(signaling).toFixed(0)} (sent + received)`,
    );
    await Promise.all([...inside, newcomer].map((person) => person.context.close()));
  }

  /** 2. How many one meeting holds with every video decoding. */
  async function capacity() {
    const meeting = await createMeeting(accounts[0]);
    const inside = [];
    let held = 0;
    let stoppedBy = `the limit of this run (--max ${max})`;
    for (let i = 0; i < max; i++) {
      try {
        const person = await open(i);
        await ready(person.page, meeting.code);
        await click(person.page);
        await person.page.getByTestId('call-screen').waitFor({ timeout: 30_000 });
        await decodingFrom(person.page, i, 30_000);
        // And everyone already in now decodes the newcomer too.
        await Promise.all(inside.map((other) => decodingFrom(other.page, i, 30_000)));
        inside.push(person);
      } catch (error) {
        stoppedBy = `person ${i + 1}: ${error.message.split('\n')[0]} (load average ${loadavg()[0].toFixed(1)})`;
        break;
      }
      held = i + 1;
      console.log(
        `  ${held} in the meeting, every page decoding every other video; load average ${loadavg()[0].toFixed(1)}`,
      );
    }
    console.log(`capacity (${sfu ? 'SFU' : 'mesh'}): ${held} people; stopped by ${stoppedBy}`);
  }
} finally {
  await browser.close();
  await stopProcess(server);
  await janus?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
