import { act, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { apiClient } from '../api/client';
import { signIn, signOut } from '../auth/session';
import { useMe, useMeLiveUpdates } from '../features/account/me.api';
import { mockApi } from '../test/api-mock';
import { buildMe, buildTokenPair } from '../test/factories';
import { RealtimeConnection } from './connection';
import { RealtimeProvider } from './RealtimeProvider';
import { useRealtimeStatus } from './realtime-hooks';
import { sessionAuth } from './session-auth';
import { CONNECTION_ID, fakeSockets, hello } from './testing/fake-socket';

function renderWithRealtime(children: React.ReactNode) {
  const sockets = fakeSockets();
  const createConnection = () =>
    new RealtimeConnection({
      url: 'ws://localhost/api/v1/ws',
      auth: sessionAuth,
      createSocket: sockets.create,
      wakeups: () => () => undefined,
    });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider createConnection={createConnection}>{children}</RealtimeProvider>
    </QueryClientProvider>,
  );
  return { sockets };
}

function Status() {
  return <p data-testid="status">{useRealtimeStatus() ?? 'none'}</p>;
}

function AccountName() {
  useMeLiveUpdates();
  const me = useMe();
  return <p data-testid="name">{me.data?.displayName}</p>;
}

describe('realtime provider', () => {
  it('connects with the session token while signed in and disconnects on sign-out', async () => {
    mockApi({ 'POST /api/v1/auth/logout': { status: 204 } });
    const { sockets } = renderWithRealtime(<Status />);
    expect(screen.getByTestId('status').textContent).toBe('none');
    expect(sockets.sockets).toHaveLength(0);

    act(() => signIn(buildTokenPair({ accessToken: 'token-a' })));
    const socket = sockets.latest();
    act(() => {
      socket.accept();
      socket.receive(hello());
    });

    expect(socket.sent[0]).toEqual({ type: 'auth', token: 'token-a' });
    expect(screen.getByTestId('status').textContent).toBe('online');

    await act(() => signOut());

    expect(socket.closedByClient).not.toBeNull();
    expect(screen.getByTestId('status').textContent).toBe('none');
    expect(sockets.sockets).toHaveLength(1);
  });

  it('puts the connection id on REST mutations, not on reads', async () => {
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'PATCH /api/v1/me': { status: 200, body: buildMe() },
    });
    signIn(buildTokenPair());
    const { sockets } = renderWithRealtime(<Status />);
    act(() => {
      sockets.latest().accept();
      sockets.latest().receive(hello());
    });

    await apiClient.GET('/api/v1/me');
    await apiClient.PATCH('/api/v1/me', { body: { about: 'x' } });

    expect(api.requestsTo('GET /api/v1/me')[0]?.headers.get('X-Connection-Id')).toBeNull();
    expect(api.requestsTo('PATCH /api/v1/me')[0]?.headers.get('X-Connection-Id')).toBe(CONNECTION_ID);
  });

  it('updates the account from me.updated, and fetches it again on resync', async () => {
    const api = mockApi({
      'GET /api/v1/me': [
        { status: 200, body: buildMe({ displayName: 'Anna Petrova' }) },
        { status: 200, body: buildMe({ displayName: 'Anna from the server' }) },
      ],
    });
    signIn(buildTokenPair());
    const { sockets } = renderWithRealtime(<AccountName />);
    await waitFor(() => expect(screen.getByTestId('name').textContent).toBe('Anna Petrova'));
    const socket = sockets.latest();
    act(() => {
      socket.accept();
      socket.receive(hello());
    });

    act(() =>
      socket.receive({
        type: 'event',
        seq: 1,
        event: { type: 'me.updated', data: buildMe({ displayName: 'Anna in another tab' }) },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('name').textContent).toBe('Anna in another tab'));
    expect(api.requestsTo('GET /api/v1/me')).toHaveLength(1);

    act(() => socket.receive({ type: 'resync', reason: 'expired' }));

    await waitFor(() => expect(screen.getByTestId('name').textContent).toBe('Anna from the server'));
    expect(api.requestsTo('GET /api/v1/me')).toHaveLength(2);
  });
});
