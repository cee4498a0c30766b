import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

// A stand-in build with the shape Vite produces, so this test does not depend on building the web app.
const dist = mkdtempSync(path.join(tmpdir(), 'beseda-web-'));
const indexHtml =
  '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd.js"></script></head><body><div id="root"></div></body></html>';

let server: TestServer;

beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), indexHtml);
  writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd.js'), 'console.log(1)');
  writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})');
  writeFileSync(path.join(dist, 'manifest.webmanifest'), '{"name":"Beseda"}');
  server = await startTestServer({ env: { WEB_DIST_DIR: dist } });
});

afterAll(async () => {
  await server?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('serving the web client', () => {
  it('serves index.html at / without long-lived caching, under a strict CSP', async () => {
    const response = await server.request('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(indexHtml);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it.each([
    '/chats',
    '/chats/0192f0c8-0000-7000-8000-000000000000',
    '/m/abc-defg-hij',
    '/settings/security?tab=2',
  ])('answers the client-side route %s with the app', async (route) => {
    const response = await server.request(route, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(indexHtml);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves a rebuilt index.html without a restart', async () => {
    const rebuilt = indexHtml.replace('index-Ab12Cd.js', 'index-Ef34Gh.js');
    writeFileSync(path.join(dist, 'index.html'), rebuilt);
    utimesSync(path.join(dist, 'index.html'), new Date(), new Date(Date.now() + 60_000));
    expect(await (await server.request('/chats')).text()).toBe(rebuilt);
    writeFileSync(path.join(dist, 'index.html'), indexHtml);
    utimesSync(path.join(dist, 'index.html'), new Date(), new Date(Date.now() + 120_000));
  });

  it('caches content-hashed assets for a year', async () => {
    const response = await server.request('/assets/index-Ab12Cd.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates the service worker and manifest on every load', async () => {
    for (const file of ['/sw.js', '/manifest.webmanifest']) {
      const response = await server.request(file);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it.each([
    '/assets/missing-123.js',
    '/favicon-missing.png',
    '/api/v1/nope',
    '/api',
    '/health/nope',
    '/metrics/x',
  ])('answers %s with the JSON 404, never the app', async (route) => {
    const response = await server.request(route, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('route.not_found');
  });
});
