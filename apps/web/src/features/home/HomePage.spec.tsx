import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi, type MockReply } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { renderRoute } from '../../test/render-route';

const instance = {
  id: '3f1c9a52-8d2e-4b7a-9c1d-5e6f7a8b9c0d',
  name: 'Acme Beseda',
  version: '0.1.0',
  createdAt: '2025-01-15T10:00:00.000Z',
};

/** The home page needs a session; the top bar fetches the account beside the instance. */
function respondToInstance(reply: MockReply) {
  return mockApi({ 'GET /api/v1/instance': reply, 'GET /api/v1/me': { status: 200, body: buildMe() } });
}

describe('home page', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('shows the instance name and version the server reports', async () => {
    const api = respondToInstance({ status: 200, body: instance });
    renderRoute('/', { language: 'en' });

    expect(screen.getByTestId('home-heading').textContent).toBe('Welcome to Beseda');
    expect(await screen.findByText('Acme Beseda')).toBeDefined();
    expect(screen.getByTestId('instance-version').textContent).toBe('0.1.0');
    expect(api.requestsTo('GET /api/v1/instance')).toHaveLength(1);
  });

  it('shows a loading state until the server answers', async () => {
    respondToInstance({ status: 200, body: instance });
    renderRoute('/', { language: 'en' });

    expect(screen.getByRole('status').textContent).toContain('Connecting to the server');
    await screen.findByText('Acme Beseda');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('shows the error code, message and request id from the error envelope', async () => {
    respondToInstance({
      status: 503,
      body: {
        error: { code: 'service.unavailable', message: 'Database does not answer', requestId: 'req-42' },
      },
    });
    renderRoute('/', { language: 'en' });

    const alert = await screen.findByRole('alert');
    expect(screen.getByTestId('instance-error-code').textContent).toBe('service.unavailable');
    expect(alert.textContent).toContain('Database does not answer');
    expect(alert.textContent).toContain('req-42');
  });

  it('reports an unreachable server with a client error code', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    renderRoute('/', { language: 'en' });

    await screen.findByRole('alert');
    expect(screen.getByTestId('instance-error-code').textContent).toBe('client.network_unreachable');
  });

  it('rejects a success answer that does not match the shared schema', async () => {
    respondToInstance({ status: 200, body: { name: 'No id or version' } });
    renderRoute('/', { language: 'en' });

    await screen.findByRole('alert');
    expect(screen.getByTestId('instance-error-code').textContent).toBe('client.invalid_response');
  });

  it('titles the document in the current language', async () => {
    respondToInstance({ status: 200, body: instance });
    renderRoute('/', { language: 'ru' });

    await screen.findByText('Acme Beseda');
    expect(document.title).toBe('Главная · Beseda');
    expect(screen.getByTestId('home-heading').textContent).toBe('Добро пожаловать в Beseda');
  });
});
