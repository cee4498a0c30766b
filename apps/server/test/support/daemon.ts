import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** An external server program (janus, turnserver) run by a test, with its output kept. */
export interface Daemon {
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves once `ready` does, retrying it; rejects if the program exits or time runs out. */
  waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
// A test run that ends without its afterAll (a crash, a timeout) still leaves no program behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startDaemon(command: string, args: string[], options: { cwd: string }): Daemon {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
    child.once('error', (error) => {
      output += `\n${command}: ${error.message}`;
      running.delete(child);
      resolve();
    });
  });
  const hasExited = () => !running.has(child);

  return {
    output: () => output,
    async waitUntil(what, ready, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (hasExited()) throw new Error(`${command} exited before ${what}:\n${output}`);
        if (await ready().catch(() => false)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${command}: not ${what} within ${timeoutMs} ms:\n${output}`);
    },
    async stop(timeoutMs = 10_000) {
      if (hasExited()) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A temporary folder for one program's configuration and files, removed by `remove()`. */
export function scratchDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `beseda-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
