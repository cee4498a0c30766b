import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3217);
// Every run starts on an empty installation, like a fresh `npm start`.
// Tests read the mails the server writes to DATA_DIR/outbox (the embedded mail transport). The
// config is evaluated again in every worker: workers inherit the directory the runner made.
const dataDir = (process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'beseda-e2e-')));

// Meetings through the SFU need the real Janus (Debian's `janus`): a second server, configured to
// use it, runs beside the first when it is installed; the SFU tests skip without it.
const sfuPort = port + 1;
const hasJanus = spawnSync('sh', ['-c', 'command -v janus'], { stdio: 'ignore' }).status === 0;
if (hasJanus) process.env.E2E_SFU_URL = `http://127.0.0.1:${sfuPort}`;
const sfuDataDir = (process.env.E2E_SFU_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'beseda-e2e-sfu-')));

// A call relayed through TURN needs the real coturn (Debian's `coturn`): a third server sends all
// meeting media through it (TURN_ONLY); the TURN test skips without it.
const turnPort = port + 2;
const hasCoturn = spawnSync('sh', ['-c', 'command -v turnserver'], { stdio: 'ignore' }).status === 0;
if (hasCoturn) process.env.E2E_TURN_URL = `http://127.0.0.1:${turnPort}`;
const turnDataDir = (process.env.E2E_TURN_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'beseda-e2e-turn-')));
process.env.E2E_TURN_LOG ??= path.join(turnDataDir, 'turn.log');

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'artifacts/report.json' }],
  ],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    ...devices['Desktop Chrome'],
    launchOptions: {
      // Debian's Chromium; Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: [
    {
      command: 'node ../apps/server/dist/main.js',
      url: `http://127.0.0.1:${port}/health/ready`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'warn',
      },
    },
    ...(hasJanus
      ? [
          {
            command: 'node support/sfu-server.mjs',
            url: `http://127.0.0.1:${sfuPort}/health/ready`,
            reuseExistingServer: false,
            timeout: 120_000,
            stdout: 'ignore' as const,
            stderr: 'pipe' as const,
            env: {
              PORT: String(sfuPort),
              HOST: '127.0.0.1',
              DATA_DIR: sfuDataDir,
              PUBLIC_URL: `http://127.0.0.1:${sfuPort}`,
              LOG_LEVEL: 'warn',
            },
          },
        ]
      : []),
    ...(hasCoturn
      ? [
          {
            command: 'node support/turn-server.mjs',
            url: `http://127.0.0.1:${turnPort}/health/ready`,
            reuseExistingServer: false,
            timeout: 120_000,
            stdout: 'ignore' as const,
            stderr: 'pipe' as const,
            env: {
              PORT: String(turnPort),
              HOST: '127.0.0.1',
              DATA_DIR: turnDataDir,
              PUBLIC_URL: `http://127.0.0.1:${turnPort}`,
              LOG_LEVEL: 'warn',
              E2E_TURN_LOG: process.env.E2E_TURN_LOG,
            },
          },
        ]
      : []),
  ],
});
