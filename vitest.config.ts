import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const protocolSource = fileURLToPath(new URL('./packages/protocol/src/index.ts', import.meta.url));

const server = {
  resolve: { alias: { '@beseda/protocol': protocolSource } },
  // NestJS injects constructor parameters by their emitted types.
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...server,
        test: {
          name: 'unit',
          include: ['apps/server/src/**/*.spec.ts', 'packages/protocol/src/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        ...server,
        test: {
          name: 'integration',
          include: ['apps/server/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own server (and database); two at a time fits a 2-core machine.
          maxWorkers: 2,
        },
      },
      'apps/web/vite.config.ts',
    ],
  },
});
