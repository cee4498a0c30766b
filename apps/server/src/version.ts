import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The server's software version, from its package.json (one source of truth for releases). */
export const serverVersion: string = packageJson.version;
