import { ErrorResponseSchema } from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { BODY_LIMIT_BYTES: '4096' } });
});

afterAll(async () => {
  await server?.close();
});

const json = { 'content-type': 'application/json' };
const validReport = { message: 'boom', url: 'http://localhost/chats', kind: 'error' };

interface BadRequest {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  code: string;
  /** Paths the details must name, when the error is about specific fields. */
  detailPaths?: string[];
}

const badRequests: BadRequest[] = [
  {
    name: 'malformed JSON',
    method: 'POST',
    path: '/api/v1/client-errors',
    headers: json,
    body: '{"message": "boom",',
    status: 400,
    code: 'request.malformed_json',
  },
  {
    name: 'an empty body declared as JSON',
    method: 'POST',
    path: '/api/v1/client-errors',
    headers: json,
    body: '',
    status: 400,
    code: 'request.malformed_json',
  },
  {
    name: 'no body at all',
    method: 'POST',
    path: '/api/v1/client-errors',
    status: 400,
    code: 'validation.failed',
  },
  {
    name: 'a JSON array instead of an object',
    method: 'POST',
    path: '/api/v1/client-errors',
    headers: json,
    body: '[1,2]',
    status: 400,
    code: 'validation.failed',
  },
  {
    name: 'wrong types',
    method: 'POST',
    path: '/api/v1/client-errors',
    headers: json,
    body: JSON.stringify({ message: 42, url: ['x'], kind: 'error' }),
    status: 400,
    code: 'validation.failed',
    detailPaths: ['body.message', 'body.url'],
  },
  {
    name: 'a value outside the allowed set',
    method: 'POST',
    path: '/api/v1/client-errors',
    headers: json,
    body: JSON.stringify({ ...validReport, kind: 'panic' }),
    status: 400,
    code: 'validation.failed',
    detailPaths: ['body.kind'],
  },
  {
    name: 'a missing required field',
    method: 'POST',
    path: '/api/v1/client-errors',
    headers: json,
    body: JSON.stringify({ url: 'x', kind: 'error' }),
    status: 400,
    code: 'validation.failed',
    detailPaths: ['body.message'],
  },
  {
    name: 'unknown fields',
    method: 'POST',
    path: '/api/v1/client-errors',
    headers: json,
    body: JSON.stringify({ ...validReport, isAdmin: true, role: 'owner' }),
    status: 400,
    code: 'validation.failed',
    detailPaths: ['body.isAdmin', 'body.role'],
  },
  {
    name: 'a body over the size limit',
    method: 'POST',
    path: '/api/v1/client-errors',
    headers: json,
    body: JSON.stringify({ ...validReport, stack: 'x'.repeat(8000) }),
    status: 413,
    code: 'request.payload_too_large',
  },
  {
    name: 'an unsupported content type',
    method: 'POST',
    path: '/api/v1/client-errors',
    headers: { 'content-type': 'application/x-unknown' },
    body: 'hello',
    status: 415,
    code: 'request.unsupported_media_type',
  },
  {
    name: 'an unknown API route',
    method: 'GET',
    path: '/api/v1/no-such-thing',
    status: 404,
    code: 'route.not_found',
  },
  {
    name: 'an unknown API version',
    method: 'GET',
    path: '/api/v9/instance',
    status: 404,
    code: 'route.not_found',
  },
  {
    name: 'a wrong method on a known route',
    method: 'DELETE',
    path: '/api/v1/instance',
    status: 404,
    code: 'route.not_found',
  },
  {
    name: 'a POST to a client-side page',
    method: 'POST',
    path: '/chats',
    status: 404,
    code: 'route.not_found',
  },
  {
    name: 'a prototype-pollution attempt',
    method: 'POST',
    path: '/api/v1/client-errors',
    headers: json,
    body: '{"message":"x","url":"y","kind":"error","__proto__":{"isAdmin":true}}',
    status: 400,
    code: 'request.malformed_json',
  },
];

describe('bad input gets the error envelope and a 4xx', () => {
  it.each(badRequests)(
    '$name → $status $code',
    async ({ method, path, headers, body, status, code, detailPaths }) => {
      const response = await server.request(path, { method, headers, body });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const payload = ErrorResponseSchema.parse(await response.json());
      expect(payload.error.code).toBe(code);
      expect(payload.error.message).not.toMatch(/at .*\.(js|ts):\d+/);
      expect(payload.error.requestId).toBe(response.headers.get('x-request-id'));
      if (detailPaths) {
        expect(payload.error.details?.map((detail) => detail.path).sort()).toEqual([...detailPaths].sort());
      }
    },
  );

  it('accepts the same endpoint with a valid body, so the failures above are about the input', async () => {
    const response = await server.request('/api/v1/client-errors', {
      method: 'POST',
      headers: json,
      body: JSON.stringify(validReport),
    });
    expect(response.status).toBe(202);
  });
});
