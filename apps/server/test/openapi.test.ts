import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every REST endpoint with its schemas', async () => {
    const response = await server.request('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/instance',
        '/api/v1/client-errors',
        '/health/live',
        '/health/ready',
        '/metrics',
      ]),
    );
    expect(document.components.schemas).toHaveProperty('Instance');
    expect(document.components.schemas).toHaveProperty('ErrorResponse');
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) {
        expect(operation.responses).toHaveProperty('default');
      }
    }
  });

  it('matches the routes the server actually serves', async () => {
    const document = (await (await server.request('/api/openapi.json')).json()) as OpenApiDocument;
    const fastify = server.app.getHttpAdapter().getInstance();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) {
        const url = path.replace(/\{([^}]+)\}/g, ':$1');
        expect(fastify.hasRoute({ method: method.toUpperCase() as 'GET', url }), `${method} ${path}`).toBe(
          true,
        );
      }
    }
  });
});

describe('the interactive documentation', () => {
  it('serves a page whose scripts and styles all load from this server', async () => {
    const page = await server.request('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBe(3);
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true);
      expect((await server.request(asset)).status, asset).toBe(200);
    }
  });

  it('does not expose other files of the documentation package', async () => {
    expect((await server.request('/api/docs/assets/package.json')).status).toBe(404);
  });
});
