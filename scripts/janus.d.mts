import { type ChildProcess } from 'node:child_process';

export interface RunningDaemon {
  process: ChildProcess;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export function prepareJanus(
  dir: string,
  port: number,
): { args: string[]; url: string; apiSecret: string; adminKey: string };
export function janusAnswers(url: string): Promise<boolean>;
export function startJanus(port: number): Promise<RunningDaemon>;
export function supervise(
  child: ChildProcess,
  scratch: string,
  ready: () => Promise<boolean>,
  name: string,
  env: Record<string, string>,
): Promise<RunningDaemon>;
