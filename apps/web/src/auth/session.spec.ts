import { MeSchema } from '@beseda/protocol';
import { describe, expect, it, vi } from 'vitest';
import { isApiError } from '../api/api-error';
import { apiClient } from '../api/client';
import { requestData } from '../api/request';
import { apiError, mockApi } from '../test/api-mock';
import { buildMe, buildTokenPair } from '../test/factories';
import { expectSessionOnReturn, refreshSession, resetSession, restoreSession, signIn } from './session';
import { getSessionState } from './session-store';

const fetchMe = () => requestData(apiClient.GET('/api/v1/me'), MeSchema);
const unauthenticated = apiError(401, 'auth.unauthenticated');

describe('session', () => {
  it('sends the access token with every API call', async () => {
    const api = mockApi({ 'GET /api/v1/me': { status: 200, body: buildMe() } });
    signIn(buildTokenPair({ accessToken: 'token-a' }));

    await fetchMe();

    expect(api.requestsTo('GET /api/v1/me')[0]?.headers.get('Authorization')).toBe('Bearer token-a');
  });

  it('renews the session once and repeats a call the server refused as unauthenticated', async () => {
    const api = mockApi({
      'GET /api/v1/me': [unauthenticated, { status: 200, body: buildMe() }],
      'POST /api/v1/auth/refresh': { status: 200, body: buildTokenPair({ accessToken: 'token-b' }) },
    });
    signIn(buildTokenPair({ accessToken: 'token-a' }));

    const me = await fetchMe();

    expect(me.username).toBe('anna');
    const [refresh] = api.requestsTo('POST /api/v1/auth/refresh');
    expect(refresh?.headers.get('X-Token-Delivery')).toBe('cookie');
    expect(refresh?.headers.get('Authorization')).toBeNull();
    expect(await refresh?.json()).toEqual({});
    expect(api.requestsTo('GET /api/v1/me').map((request) => request.headers.get('Authorization'))).toEqual([
      'Bearer token-a',
      'Bearer token-b',
    ]);
    expect(getSessionState().accessToken).toBe('token-b');
  });

  it('shares one refresh among calls that fail at the same time', async () => {
    let refreshed = false;
    const api = mockApi({
      'GET /api/v1/me': (request) =>
        request.headers.get('Authorization') === 'Bearer token-b' && refreshed
          ? { status: 200, body: buildMe() }
          : unauthenticated,
      'POST /api/v1/auth/refresh': () => {
        refreshed = true;
        return { status: 200, body: buildTokenPair({ accessToken: 'token-b' }) };
      },
    });
    signIn(buildTokenPair({ accessToken: 'token-a' }));

    await Promise.all([fetchMe(), fetchMe(), fetchMe()]);

    expect(api.requestsTo('POST /api/v1/auth/refresh')).toHaveLength(1);
  });

  it('signs out when the refresh token is refused, and the call fails as unauthenticated', async () => {
    mockApi({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/refresh': apiError(401, 'auth.refresh_token_reused'),
    });
    signIn(buildTokenPair());

    const error: unknown = await fetchMe().catch((caught: unknown) => caught);

    expect(isApiError(error) && error.code).toBe('auth.unauthenticated');
    expect(getSessionState()).toMatchObject({ status: 'signedOut', accessToken: null });
    expect(localStorage.getItem('beseda.session')).toBeNull();
  });

  it('keeps the session when the server cannot be reached for a refresh', async () => {
    mockApi({
      'POST /api/v1/auth/refresh': {
        status: 503,
        body: { error: { code: 'service.unavailable', message: '' } },
      },
    });
    signIn(buildTokenPair({ accessToken: 'token-a' }));

    expect(await refreshSession()).toBe('unreachable');
    expect(getSessionState()).toMatchObject({ status: 'signedIn', accessToken: 'token-a' });
  });

  it('restores the session from the refresh cookie when this browser signed in before', async () => {
    localStorage.setItem('beseda.session', '1');
    const api = mockApi({
      'POST /api/v1/auth/refresh': { status: 200, body: buildTokenPair({ accessToken: 'restored' }) },
    });

    await restoreSession();

    expect(api.requestsTo('POST /api/v1/auth/refresh')).toHaveLength(1);
    expect(getSessionState()).toMatchObject({ status: 'signedIn', accessToken: 'restored' });
  });

  it('does not try to restore a session in a browser that never signed in', async () => {
    const api = mockApi({});

    await restoreSession();

    expect(api.fetchMock).not.toHaveBeenCalled();
    expect(getSessionState().status).toBe('signedOut');
  });

  it('tries the refresh cookie after an identity provider sends a first-time browser back', async () => {
    const api = mockApi({
      'POST /api/v1/auth/refresh': { status: 200, body: buildTokenPair({ accessToken: 'from-provider' }) },
    });

    expectSessionOnReturn();
    // The provider sends the browser back with a full page load.
    resetSession();
    await restoreSession();

    expect(api.requestsTo('POST /api/v1/auth/refresh')).toHaveLength(1);
    expect(getSessionState()).toMatchObject({ status: 'signedIn', accessToken: 'from-provider' });
  });

  it('never writes the access token to web storage', () => {
    signIn(buildTokenPair({ accessToken: 'secret-access-token' }));
    const stored = [localStorage, sessionStorage].flatMap((storage) =>
      Object.keys(storage).map((key) => storage.getItem(key)),
    );
    expect(stored.join(' ')).not.toContain('secret-access-token');
  });

  it('renews the access token a minute before it expires', async () => {
    vi.useFakeTimers();
    const api = mockApi({
      'POST /api/v1/auth/refresh': { status: 200, body: buildTokenPair({ accessToken: 'token-b' }) },
    });
    signIn(buildTokenPair({ accessToken: 'token-a', expiresIn: 600 }));

    await vi.advanceTimersByTimeAsync(538_000);
    expect(api.requestsTo('POST /api/v1/auth/refresh')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(3_000);

    expect(api.requestsTo('POST /api/v1/auth/refresh')).toHaveLength(1);
    expect(getSessionState().accessToken).toBe('token-b');
  });
});
