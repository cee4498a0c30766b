import { spawnSync } from 'node:child_process';

/**
 * Whether an external program the tests use is installed. In CI (.ci/run installs them) a
 * missing tool is an error; elsewhere the test that needs it is skipped with a loud notice.
 */
export function hasTool(command: string): boolean {
  const found = spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  if (!found) {
    if (process.env.CI) throw new Error(`${command} is required in CI; .ci/run must install it`);
    console.warn(
      `\n*** ${command} is not installed: tests that need it are SKIPPED (apt-get install it to run them) ***\n`,
    );
  }
  return found;
}
