import { Injectable } from '@nestjs/common';
import { type Readiness } from '@beseda/protocol';
import { BusBackend } from '../../infra/bus/bus.js';
import { Database } from '../../infra/db/database.js';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout(check: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([check, timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class HealthService {
  constructor(
    private readonly database: Database,
    private readonly busBackend: BusBackend,
  ) {}

  /** Asks each dependency at once; a node is ready only when all of them answer. */
  async readiness(): Promise<Readiness> {
    const checks: Record<string, () => Promise<void>> = { database: () => this.database.ping() };
    // The in-process bus cannot fail on its own, so it is not reported as a dependency.
    if (this.busBackend.kind === 'redis') checks.redis = () => this.busBackend.ping();

    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS);
          return [name, { status: 'ok' as const }] as const;
        } catch (error) {
          return [name, { status: 'error' as const, error: (error as Error).message }] as const;
        }
      }),
    );
    const ok = results.every(([, result]) => result.status === 'ok');
    return { status: ok ? 'ok' : 'error', checks: Object.fromEntries(results) };
  }
}
