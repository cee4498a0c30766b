import { ReadinessSchema } from '@beseda/protocol';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BusBackend } from '../src/infra/bus/bus.js';
import { Database } from '../src/infra/db/database.js';
import { testBackend } from './support/backends.js';
import { startTestServer, type TestServer } from './support/test-server.js';
import { hasTool } from './support/tools.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close().catch(() => undefined);
  server = undefined;
});

describe('health', () => {
  it('reports the process live', async () => {
    server = await startTestServer();
    const response = await server.request('/health/live');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when every dependency answers, naming each one checked', async () => {
    server = await startTestServer();
    const response = await server.request('/health/ready');
    expect(response.status).toBe(200);
    const readiness = ReadinessSchema.parse(await response.json());
    expect(readiness.status).toBe('ok');
    expect(Object.keys(readiness.checks).sort()).toEqual(
      testBackend === 'real' ? ['database', 'redis'] : ['database'],
    );
  });

  it('answers 503 naming the database when it stops answering', async () => {
    server = await startTestServer();
    await server.app.get(Database).close();
    const response = await server.request('/health/ready');
    expect(response.status).toBe(503);
    const readiness = ReadinessSchema.parse(await response.json());
    expect(readiness.status).toBe('error');
    expect(readiness.checks.database?.status).toBe('error');
    expect(readiness.checks.database?.error).toBeTruthy();
  });

  it.runIf(testBackend === 'real')('answers 503 naming Redis when it stops answering', async () => {
    server = await startTestServer();
    await server.app.get(BusBackend).close();
    const response = await server.request('/health/ready');
    expect(response.status).toBe(503);
    const readiness = ReadinessSchema.parse(await response.json());
    expect(readiness.checks.redis?.status).toBe('error');
    expect(readiness.checks.database?.status).toBe('ok');
  });
});

/** Label sets of the samples of one series name, read from exposition text already validated by promtool. */
function seriesLabels(
  text: string,
  series: string,
): Array<{ labels: Record<string, string>; value: number }> {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${series}{`))
    .map((line) => {
      const close = line.lastIndexOf('}');
      const labels = Object.fromEntries(
        [
          ...line.slice(series.length + 1, close).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g),
        ].map((m) => [m[1]!, m[2]!]),
      );
      return {
        labels,
        value: Number(
          line
            .slice(close + 1)
            .trim()
            .split(' ')[0],
        ),
      };
    });
}

describe('metrics', () => {
  it.runIf(hasTool('promtool'))(
    'exposes process metrics and a request duration histogram by route template, in Prometheus text format',
    async () => {
      server = await startTestServer();
      await server.request('/api/v1/instance');
      await server.request('/api/v1/instance?probe=1');
      await server.request('/api/v1/nothing-here/12345');

      const response = await server.request('/metrics');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();

      // Prometheus's own parser. Exit 1 is a parse error; 3 is only naming lints, which
      // prom-client's default gauges (nodejs_active_handles_total) trigger by design.
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(check.stderr + check.stdout).not.toMatch(/error while linting|parsing error/);
      expect([0, 3]).toContain(check.status);

      expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
      expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
      expect(text).toContain('# TYPE http_request_duration_seconds histogram');

      const counts = seriesLabels(text, 'http_request_duration_seconds_count');
      const routes = counts.map((sample) => sample.labels.route);
      expect(routes).toContain('/api/v1/instance');
      expect(routes).toContain('unmatched');
      expect(routes.some((route) => route?.includes('12345') || route?.includes('?'))).toBe(false);
      const instance = counts.find(
        (sample) => sample.labels.route === '/api/v1/instance' && sample.labels.method === 'GET',
      );
      expect(instance?.labels.status_code).toBe('200');
      expect(instance?.value).toBe(2);
    },
  );
});
