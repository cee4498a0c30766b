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

/**
 * Whether a media daemon is installed. In CI (.ci/run installs them) a missing one is an error;
 * elsewhere its tests are skipped with a loud notice, as the integration tests do.
 */
function installed(command: string): boolean {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status === 0) return true;
  if (process.env.CI) throw new Error(`${command} is required in CI; .ci/run must install it`);
  console.warn(`\n*** ${command} is not installed: the browser tests that need it are SKIPPED ***\n`);
  return false;
}

/**
 * A second server beside the first, with a real media daemon (e2e/support/media-server.mjs), when
 * the daemon is installed: its URL goes to `urlVariable` for the tests, which skip without it.
 */
function mediaServer(
  daemon: 'janus' | 'coturn',
  serverPort: number,
  urlVariable: string,
  dataVariable: string,
) {
  const serverDataDir = (process.env[dataVariable] ??= mkdtempSync(
    path.join(tmpdir(), `beseda-e2e-${daemon}-`),
  ));
  if (!installed(daemon === 'janus' ? 'janus' : 'turnserver')) return [];
  const base = `http://127.0.0.1:${serverPort}`;
  process.env[urlVariable] = base;
  return [
    {
      command: `node support/media-server.mjs ${daemon}`,
      url: `${base}/health/ready`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
      env: {
        PORT: String(serverPort),
        HOST: '127.0.0.1',
        DATA_DIR: serverDataDir,
        PUBLIC_URL: base,
        LOG_LEVEL: 'warn',
        // coturn's log, where the TURN test reads the allocations.
        ...(daemon === 'coturn' && {
          E2E_TURN_LOG: (process.env.E2E_TURN_LOG ??= path.join(serverDataDir, 'turn.log')),
        }),
      },
    },
  ];
}

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
    // Meetings of three through the real Janus SFU; a call relayed through the real coturn.
    ...mediaServer('janus', port + 1, 'E2E_SFU_URL', 'E2E_SFU_DATA_DIR'),
    ...mediaServer('coturn', port + 2, 'E2E_TURN_URL', 'E2E_TURN_DATA_DIR'),
  ],
});
