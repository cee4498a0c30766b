import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe('request ids', () => {
  it('generates one per request and returns it', async () => {
    const a = await server.request('/health/live');
    const b = await server.request('/health/live');
    expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  it("keeps the caller's id and logs the request under it", async () => {
    const response = await server.request('/health/live', { headers: { 'x-request-id': 'edge-proxy:42' } });
    expect(response.headers.get('x-request-id')).toBe('edge-proxy:42');
    await expect.poll(() => server.logs.some((line) => line.requestId === 'edge-proxy:42')).toBe(true);
  });

  it('replaces an id that could forge log content', async () => {
    const response = await server.request('/health/live', {
      headers: { 'x-request-id': 'x"} {"level":60,"msg":"forged' },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('logs', () => {
  it('are JSON lines', () => {
    expect(() => server.logs).not.toThrow();
    expect(server.logs.length).toBeGreaterThan(0);
    expect(server.logs.every((line) => typeof line.level === 'number' && typeof line.msg === 'string')).toBe(
      true,
    );
  });

  it('never contain authorization headers, cookies or secret query parameters', async () => {
    const secrets = ['sekret-bearer-1f2e', 'sekret-cookie-3d4c', 'sekret-query-5b6a', 'sekret-code-7e8f'];
    await server.request(`/api/v1/instance?token=${secrets[2]}&code=${secrets[3]}&page=2`, {
      headers: { authorization: `Bearer ${secrets[0]}`, cookie: `refresh=${secrets[1]}` },
    });
    await server.request('/api/v1/client-errors', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secrets[0]}` },
      body: JSON.stringify({
        message: 'boom',
        url: `http://localhost/confirm-email?token=${secrets[2]}`,
        kind: 'error',
      }),
    });
    await expect.poll(() => server.rawLogs().includes('web client error')).toBe(true);
    const logs = server.rawLogs();
    for (const secret of secrets) expect(logs).not.toContain(secret);
    // The non-secret parts are still there to debug with.
    expect(logs).toContain('page=2');
    expect(logs).toContain('http://localhost/confirm-email');
  });
});

describe('client error reports', () => {
  it('are limited per address with 429, Retry-After and the error envelope', async () => {
    const report = () =>
      server.request('/api/v1/client-errors', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'loop', url: '/', kind: 'error' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await report()).status);
    expect(statuses.filter((status) => status === 202).length).toBeLessThanOrEqual(30);
    const limited = await report();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });
});

describe('security headers', () => {
  it('are sent on API responses', async () => {
    const response = await server.request('/api/v1/instance');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
