import { type RunningDaemon } from './janus.mjs';

export function coturnArgs(options: {
  port: number;
  secret: string;
  dir: string;
  logFile?: string;
}): string[];
export function stunAnswered(port: number): Promise<boolean>;
export function startCoturn(port: number, options?: { logFile?: string }): Promise<RunningDaemon>;
