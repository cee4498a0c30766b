import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getSessionState } from '../../auth/session-store';
import { descriptionOf } from '../../test/accessibility';
import { apiError, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { renderRoute } from '../../test/render-route';

function fillLogin(login: string, password: string) {
  fireEvent.change(screen.getByLabelText('Username or e-mail'), { target: { value: login } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('login page', () => {
  it('signs in without two-factor authentication and opens the page the visitor came for', async () => {
    const api = mockApi({
      'POST /api/v1/auth/login': { status: 200, body: buildTokenPair({ accessToken: 'token-1' }) },
      'GET /api/v1/me': { status: 200, body: buildMe() },
    });
    const { router } = renderRoute('/login?next=%2Fsettings%2Fprofile', { language: 'en' });

    fillLogin('anna', 'correct horse battery');

    await waitFor(() => expect(router.state.location.pathname).toBe('/settings/profile'));
    const [login] = api.requestsTo('POST /api/v1/auth/login');
    expect(await login?.json()).toEqual({ login: 'anna', password: 'correct horse battery' });
    expect(login?.headers.get('X-Token-Delivery')).toBe('cookie');
    expect(getSessionState()).toMatchObject({ status: 'signedIn', accessToken: 'token-1' });
    expect(await screen.findByLabelText('Display name')).toBeDefined();
  });

  it('asks for the authenticator code on the same page when two-factor authentication is on', async () => {
    const api = mockApi({
      'POST /api/v1/auth/login': {
        status: 200,
        body: { mfaRequired: true, mfaToken: 'challenge-token-0123456789' },
      },
      'POST /api/v1/auth/login/totp': { status: 200, body: buildTokenPair({ accessToken: 'token-2fa' }) },
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'GET /api/v1/instance': { status: 503 },
    });
    const { router } = renderRoute('/login', { language: 'en' });

    fillLogin('anna@example.com', 'correct horse battery');
    const totpForm = await screen.findByTestId('totp-form');
    expect(getSessionState().status).toBe('signedOut');
    const code = within(totpForm).getByLabelText('Authentication code');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    fireEvent.change(code, { target: { value: '123456' } });
    fireEvent.click(within(totpForm).getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await api.requestsTo('POST /api/v1/auth/login/totp')[0]?.json()).toEqual({
      mfaToken: 'challenge-token-0123456789',
      code: '123456',
    });
    expect(getSessionState().accessToken).toBe('token-2fa');
  });

  it('accepts a recovery code instead of the authenticator code', async () => {
    const api = mockApi({
      'POST /api/v1/auth/login': {
        status: 200,
        body: { mfaRequired: true, mfaToken: 'challenge-token-0123456789' },
      },
      'POST /api/v1/auth/login/totp': apiError(401, 'auth.invalid_mfa_code'),
    });
    renderRoute('/login', { language: 'en' });

    fillLogin('anna', 'correct horse battery');
    fireEvent.click(await screen.findByRole('button', { name: 'Use a recovery code' }));
    const recovery = screen.getByLabelText('Recovery code');
    fireEvent.change(recovery, { target: { value: 'abcd-efgh-jk' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));

    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('Recovery code'))).toBe('The code is wrong or has expired'),
    );
    expect(await api.requestsTo('POST /api/v1/auth/login/totp')[0]?.json()).toMatchObject({
      code: 'abcd-efgh-jk',
    });
  });

  it('shows a wrong password under the password field', async () => {
    mockApi({ 'POST /api/v1/auth/login': apiError(401, 'auth.invalid_credentials') });
    renderRoute('/login', { language: 'en' });

    fillLogin('anna', 'wrong password');

    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(descriptionOf(password)).toBe('Wrong username, e-mail or password');
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', false);
  });

  it('disables the submit button while the request is pending', async () => {
    let answer: (reply: { status: number; body: unknown }) => void = () => undefined;
    mockApi({ 'POST /api/v1/auth/login': () => new Promise((resolve) => (answer = resolve)) });
    renderRoute('/login', { language: 'en' });

    fillLogin('anna', 'some password');

    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', true),
    );
    answer(apiError(401, 'auth.invalid_credentials') as { status: number; body: unknown });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', false),
    );
  });

  it('says how long to wait after too many attempts', async () => {
    mockApi({ 'POST /api/v1/auth/login': apiError(429, 'rate_limited', [], { 'Retry-After': '42' }) });
    renderRoute('/login', { language: 'en' });

    fillLogin('anna', 'guess');

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too many attempts. Try again in 42 seconds.',
    );
    expect(screen.getByRole('button', { name: 'Sign in' })).toHaveProperty('disabled', true);
  });

  it('offers to send the confirmation link again when the address is not confirmed', async () => {
    const api = mockApi({
      'POST /api/v1/auth/login': apiError(403, 'auth.email_not_confirmed'),
      'POST /api/v1/auth/resend-confirmation': { status: 202 },
    });
    renderRoute('/login', { language: 'en' });

    fillLogin('anna@example.com', 'correct horse battery');
    fireEvent.click(await screen.findByRole('button', { name: 'Send the link again' }));

    expect((await screen.findByRole('status')).textContent).toContain('Sent.');
    expect(await api.requestsTo('POST /api/v1/auth/resend-confirmation')[0]?.json()).toEqual({
      email: 'anna@example.com',
    });
  });

  it('checks the fields before sending anything', () => {
    const api = mockApi({});
    renderRoute('/login', { language: 'ru' });

    fireEvent.click(screen.getByRole('button', { name: 'Войти' }));

    expect(descriptionOf(screen.getByLabelText('Имя пользователя или почта'))).toBe('Заполните это поле');
    expect(api.requestsTo('POST /api/v1/auth/login')).toHaveLength(0);
  });
});

describe('sign-in through an identity provider', () => {
  const providers = {
    status: 200,
    body: {
      items: [
        { id: 'oidc', name: 'Acme SSO' },
        { id: 'github', name: 'GitHub' },
      ],
    },
  };

  it('offers each configured provider as a link to its start address, keeping `next`', async () => {
    mockApi({ 'GET /api/v1/auth/providers': providers });
    renderRoute('/login?next=%2Fchats', { language: 'en' });

    const sso = await screen.findByRole('link', { name: 'Continue with Acme SSO' });
    expect(sso.getAttribute('href')).toBe('/api/v1/auth/oauth/oidc/start?next=%2Fchats');
    expect(screen.getByRole('link', { name: 'Continue with GitHub' }).getAttribute('href')).toBe(
      '/api/v1/auth/oauth/github/start?next=%2Fchats',
    );

    // jsdom cannot follow the link; the click still has to prepare this tab for the way back.
    const stayHere = (event: Event) => event.preventDefault();
    document.addEventListener('click', stayHere);
    fireEvent.click(sso);
    document.removeEventListener('click', stayHere);
    expect(localStorage.getItem('beseda.session')).toBe('1');
  });

  it('names the providers in Russian on the registration page too', async () => {
    mockApi({ 'GET /api/v1/auth/providers': providers });
    renderRoute('/register', { language: 'ru' });

    const link = await screen.findByRole('link', { name: 'Войти через Acme SSO' });
    expect(link.getAttribute('href')).toBe('/api/v1/auth/oauth/oidc/start');
  });

  it('explains that an account with the address exists and must link the provider itself', async () => {
    mockApi({ 'GET /api/v1/auth/providers': providers });
    const { router } = renderRoute('/login?error=oauth.account_exists', { language: 'en' });

    expect((await screen.findByRole('alert')).textContent).toBe(
      'An account with this e-mail address already exists. Sign in with your password, then link the provider in Settings → Security.',
    );
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('does not repeat a code it does not know from the address', async () => {
    mockApi({});
    renderRoute('/login?error=Call%20555-0100%20to%20unlock', { language: 'en' });

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Signing in through the provider failed/);
    expect(alert.textContent).not.toContain('555');
  });

  it('opens the code step for an account with two-factor authentication and finishes the sign-in', async () => {
    const api = mockApi({
      'POST /api/v1/auth/login/totp': { status: 200, body: buildTokenPair({ accessToken: 'token-sso' }) },
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'GET /api/v1/instance': { status: 503 },
    });
    const { router } = renderRoute('/login?mfa=provider-challenge-0123456789', { language: 'en' });

    const totpForm = await screen.findByTestId('totp-form');
    // The single-use challenge does not stay in the address bar or the history.
    await waitFor(() => expect(router.state.location.search).toBe(''));
    fireEvent.change(within(totpForm).getByLabelText('Authentication code'), { target: { value: '654321' } });
    fireEvent.click(within(totpForm).getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(await api.requestsTo('POST /api/v1/auth/login/totp')[0]?.json()).toEqual({
      mfaToken: 'provider-challenge-0123456789',
      code: '654321',
    });
    expect(getSessionState()).toMatchObject({ status: 'signedIn', accessToken: 'token-sso' });
  });
});
