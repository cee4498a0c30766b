// Fails when the committed API description or client types differ from what the server emits now,
// so the web client can never drift from the server. Fix a failure with `npm run api:generate`.
// Needs the server built first (apps/server/dist/openapi/emit.js).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const emitScript = join(webRoot, '../server/dist/openapi/emit.js');
const committedDocument = join(webRoot, 'src/api/openapi.json');
const committedTypes = join(webRoot, 'src/api/schema.d.ts');

const require = createRequire(import.meta.url);
const generatorCli = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');

function fail(message) {
  console.error(`api:check failed: ${message}`);
  console.error('Run `npm run api:generate -w @beseda/web` and commit src/api/openapi.json and schema.d.ts.');
  process.exit(1);
}

/** Same document regardless of indentation or a trailing newline. */
function normalizeJson(text, label) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (error) {
    fail(`${label} is not valid JSON (${error.message}).`);
  }
}

/** Names the first differing line, which is usually enough to see what changed. */
function firstDifference(expected, actual) {
  const expectedLines = expected.split('\n');
  const actualLines = actual.split('\n');
  const length = Math.max(expectedLines.length, actualLines.length);
  for (let line = 0; line < length; line++) {
    if (expectedLines[line] !== actualLines[line]) {
      return `line ${line + 1}:\n  server emits: ${expectedLines[line] ?? '<end>'}\n  committed:    ${actualLines[line] ?? '<end>'}`;
    }
  }
  return 'no line differs';
}

if (!existsSync(emitScript)) {
  console.error(`api:check failed: ${emitScript} does not exist. Build the server first (npm run build).`);
  process.exit(1);
}

const workDir = await mkdtemp(join(tmpdir(), 'beseda-api-check-'));
try {
  const emittedDocument = join(workDir, 'openapi.json');
  const emittedTypes = join(workDir, 'schema.d.ts');
  execFileSync(process.execPath, [emitScript, emittedDocument], { cwd: webRoot, stdio: 'inherit' });

  const expectedDocument = normalizeJson(await readFile(emittedDocument, 'utf8'), 'the emitted document');
  const actualDocument = normalizeJson(await readFile(committedDocument, 'utf8'), 'src/api/openapi.json');
  if (expectedDocument !== actualDocument) {
    fail(
      `src/api/openapi.json differs from the server's document at ${firstDifference(expectedDocument, actualDocument)}`,
    );
  }

  try {
    execFileSync(process.execPath, [generatorCli, committedDocument, '-o', emittedTypes], {
      cwd: webRoot,
      stdio: 'pipe',
    });
  } catch (error) {
    const output = `${error.stderr ?? ''}${error.stdout ?? ''}`.trim();
    fail(`openapi-typescript cannot generate types from the document:\n${output}`);
  }
  const expectedTypes = await readFile(emittedTypes, 'utf8');
  const actualTypes = await readFile(committedTypes, 'utf8');
  if (expectedTypes !== actualTypes) {
    fail(
      `src/api/schema.d.ts was not generated from src/api/openapi.json: ${firstDifference(expectedTypes, actualTypes)}`,
    );
  }

  process.stdout.write('api:check: src/api/openapi.json and schema.d.ts match the server.\n');
} finally {
  await rm(workDir, { recursive: true, force: true });
}
