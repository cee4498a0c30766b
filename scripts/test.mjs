#!/usr/bin/env node
// `npm test`: every check the machine can run, in the order that fails fastest.
// Lint and types, then the build (the web client and the server's dist are needed by the
// process and browser tests), unit tests, integration tests on the embedded defaults, again on
// PostgreSQL + Redis when TEST_DATABASE_URL and TEST_REDIS_URL are set, and the browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const reports = path.join(root, 'test-results');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    summary();
    process.exit(1);
  }
}

function countVitest(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

function vitest(title, projects, env = {}) {
  const output = path.join(reports, `${title.replace(/\W+/g, '-')}.json`);
  const projectArgs = projects.flatMap((project) => ['--project', project]);
  run(
    title,
    'npx',
    ['vitest', 'run', ...projectArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${output}`],
    env,
  );
  countVitest(output);
}

function summary() {
  console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
}

run('lint', 'npm', ['run', 'lint']);
run('typecheck', 'npm', ['run', 'typecheck']);
run('build', 'npm', ['run', 'build']);
run('API client is current', 'npm', ['run', 'api:check']);

vitest('unit tests', ['unit', 'web']);
vitest('integration tests (embedded PGlite, in-process bus)', ['integration'], {
  BESEDA_TEST_BACKEND: 'embedded',
});

if (process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL) {
  vitest('integration tests (PostgreSQL and Redis)', ['integration'], { BESEDA_TEST_BACKEND: 'real' });
} else {
  console.warn(
    '\n*** TEST_DATABASE_URL and TEST_REDIS_URL are not set: the PostgreSQL + Redis run is SKIPPED ***',
  );
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(chromium)) {
  const output = path.join(reports, 'e2e.json');
  run('browser tests (Chromium)', 'npm', ['run', 'test:e2e'], { PLAYWRIGHT_JSON_OUTPUT_NAME: output });
  const stats = JSON.parse(readFileSync(output, 'utf8')).stats;
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
} else if (process.env.CI) {
  console.error(`\nChromium is required in CI but ${chromium} does not exist; .ci/run must install it.`);
  summary();
  process.exit(1);
} else {
  console.warn(
    `\n*** ${chromium} not found: the browser tests are SKIPPED (apt-get install -y chromium) ***`,
  );
}

summary();
