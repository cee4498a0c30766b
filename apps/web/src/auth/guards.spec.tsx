import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../test/api-mock';
import { buildMe, buildTokenPair } from '../test/factories';
import { renderRoute } from '../test/render-route';
import { signIn } from './session';

describe('route guard', () => {
  it('sends a visitor from a protected page to the login page, remembering the page', async () => {
    mockApi({});
    const { router } = renderRoute('/settings/security', { language: 'en' });

    expect(await screen.findByTestId('login-form')).toBeDefined();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?next=%2Fsettings%2Fsecurity');
    expect(screen.queryByTestId('app-shell')).toBeNull();
  });

  it('shows the page once the session is restored from the cookie', async () => {
    localStorage.setItem('beseda.session', '1');
    mockApi({
      'POST /api/v1/auth/refresh': { status: 200, body: buildTokenPair() },
      'GET /api/v1/me': { status: 200, body: buildMe() },
    });
    const { router } = renderRoute('/settings/profile', { language: 'en' });

    expect(screen.getByRole('status').textContent).toBe('Signing you in…');
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/settings/profile');
  });

  it('sends a signed-in user from the login page on to `next`', async () => {
    mockApi({ 'GET /api/v1/me': { status: 200, body: buildMe() } });
    signIn(buildTokenPair());
    const { router } = renderRoute('/login?next=%2Fmeetings', { language: 'en' });

    await waitFor(() => expect(router.state.location.pathname).toBe('/meetings'));
    expect(screen.getByTestId('app-shell')).toBeDefined();
  });

  it('refuses a `next` that leads off the site', async () => {
    mockApi({ 'GET /api/v1/me': { status: 200, body: buildMe() }, 'GET /api/v1/instance': { status: 503 } });
    signIn(buildTokenPair());
    const { router } = renderRoute('/login?next=%2F%2Fevil.example', { language: 'en' });

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });
});
