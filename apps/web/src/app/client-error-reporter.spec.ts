import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportClientError } from './client-error-reporter';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('reportClientError', () => {
  it('posts the error to the server without the query string of the page', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 202 }));
    vi.stubGlobal('fetch', fetch);
    history.replaceState(null, '', '/confirm-email?token=secret-token-value');

    reportClientError('error', new Error('boom'));

    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    const request = (fetch.mock.calls[0] as unknown as [Request])[0];
    expect(request.method).toBe('POST');
    expect(new URL(request.url).pathname).toBe('/api/v1/client-errors');
    const body = (await request.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ kind: 'error', message: 'boom', url: `${location.origin}/confirm-email` });
    expect(JSON.stringify(body)).not.toContain('secret-token-value');
  });

  it('stops reporting after a few errors from one page', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 202 }));
    vi.stubGlobal('fetch', fetch);
    for (let i = 0; i < 50; i++) reportClientError('unhandledrejection', `loop ${i}`);
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(fetch.mock.calls.length).toBeLessThanOrEqual(10);
  });
});
