import { InstanceSchema } from '@beseda/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceRepository } from '../src/modules/instance/instance.repository.js';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

describe('GET /api/v1/instance', () => {
  it('describes the installation with a time-ordered id that stays the same', async () => {
    const first = InstanceSchema.parse(await (await server.request('/api/v1/instance')).json());
    const second = InstanceSchema.parse(await (await server.request('/api/v1/instance')).json());
    expect(second).toEqual(first);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(first.name).toBe('Beseda');
  });

  it('creates exactly one installation row when nodes race on the first start', async () => {
    const repository = server.app.get(InstanceRepository);
    const rows = await Promise.all(Array.from({ length: 5 }, () => repository.getOrCreate('Other')));
    expect(new Set(rows.map((row) => row.id)).size).toBe(1);
  });
});
