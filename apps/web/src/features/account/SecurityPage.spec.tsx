import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signIn } from '../../auth/session';
import { descriptionOf } from '../../test/accessibility';
import { apiError, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { renderRoute } from '../../test/render-route';

const recoveryCodes = Array.from({ length: 10 }, (_, i) => `code-${i}abc-de`);

describe('security settings', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('sets up two-factor authentication and shows the recovery codes once', async () => {
    const api = mockApi({
      'GET /api/v1/me': [
        { status: 200, body: buildMe() },
        { status: 200, body: buildMe({ totpEnabled: true }) },
      ],
      'POST /api/v1/me/2fa/setup': {
        status: 200,
        body: {
          secret: 'JBSWY3DPEHPK3PXP',
          otpauthUri: 'otpauth://totp/Beseda:anna?secret=JBSWY3DPEHPK3PXP',
        },
      },
      'POST /api/v1/me/2fa/enable': [
        apiError(400, 'auth.invalid_mfa_code'),
        { status: 200, body: { recoveryCodes } },
      ],
    });
    renderRoute('/settings/security', { language: 'en' });

    fireEvent.click(await screen.findByRole('button', { name: 'Set up' }));
    expect((await screen.findByTestId('totp-secret')).textContent).toBe('JBSWY3DPEHPK3PXP');
    const qr = await screen.findByRole('img', { name: 'QR code for the authenticator app' });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);

    const code = screen.getByLabelText('Code from the app');
    fireEvent.change(code, { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('Code from the app'))).toBe(
        'The code is wrong or has expired',
      ),
    );

    fireEvent.change(screen.getByLabelText('Code from the app'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));

    const list = await screen.findByTestId('recovery-codes');
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(recoveryCodes);
    expect(await api.requestsTo('POST /api/v1/me/2fa/enable')[1]?.json()).toEqual({ code: '123456' });
    expect(await screen.findByText('On')).toBeDefined();

    fireEvent.click(screen.getByRole('button', { name: 'I have saved them' }));
    expect(screen.queryByTestId('recovery-codes')).toBeNull();
  });

  it('shows a wrong current password under its field', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'POST /api/v1/me/password': apiError(400, 'auth.invalid_credentials', [
        { path: 'body.currentPassword', code: 'invalid_credentials', message: 'Wrong password' },
      ]),
    });
    renderRoute('/settings/security', { language: 'en' });

    fireEvent.change(await screen.findByLabelText('Current password'), { target: { value: 'not it' } });
    fireEvent.change(screen.getByLabelText('New password'), { target: { value: 'a brand new passphrase' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));

    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('Current password'))).toBe('The current password is wrong'),
    );
  });
});

describe('linked accounts', () => {
  beforeEach(() => signIn(buildTokenPair()));

  const googleIdentity = {
    id: '5b8f0c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b',
    provider: 'google',
    email: 'anna@gmail.example',
    createdAt: '2026-02-01T10:00:00.000Z',
  };
  const providers = {
    status: 200,
    body: {
      items: [
        { id: 'google', name: 'Google' },
        { id: 'github', name: 'GitHub' },
      ],
    },
  };

  it('lists linked accounts and explains why the only way to sign in cannot be unlinked', async () => {
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe({ hasPassword: false }) },
      'GET /api/v1/auth/providers': providers,
      'GET /api/v1/me/identities': { status: 200, body: { items: [googleIdentity] } },
      'DELETE /api/v1/me/identities/5b8f0c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b': apiError(
        409,
        'identity.last_sign_in_method',
      ),
    });
    renderRoute('/settings/security', { language: 'en' });

    const row = await screen.findByTestId('identity-row');
    expect(row.textContent).toContain('Google');
    expect(row.textContent).toContain('anna@gmail.example');
    expect(screen.getByRole('button', { name: 'Link GitHub' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Link Google' })).toBeNull();

    fireEvent.click(within(row).getByRole('button', { name: 'Unlink Google' }));

    expect((await within(row).findByRole('alert')).textContent).toMatch(
      /^This is the only way you can sign in, so it cannot be unlinked/,
    );
    expect(api.requestsTo(`DELETE /api/v1/me/identities/${googleIdentity.id}`)).toHaveLength(1);
    expect(screen.getAllByTestId('identity-row')).toHaveLength(1);
  });

  it('unlinks an account and takes it off the list', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'GET /api/v1/auth/providers': providers,
      'GET /api/v1/me/identities': [
        { status: 200, body: { items: [googleIdentity] } },
        { status: 200, body: { items: [] } },
      ],
      'DELETE /api/v1/me/identities/5b8f0c1e-2d3a-4e5f-8a9b-0c1d2e3f4a5b': { status: 204 },
    });
    renderRoute('/settings/security', { language: 'en' });

    fireEvent.click(await screen.findByRole('button', { name: 'Unlink Google' }));

    expect(await screen.findByText('Google is unlinked.')).toBeDefined();
    await waitFor(() => expect(screen.queryByTestId('identity-row')).toBeNull());
    expect(screen.getByRole('button', { name: 'Link Google' })).toBeDefined();
  });

  it("sends the browser to the provider's page to link it", async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'GET /api/v1/auth/providers': providers,
      'GET /api/v1/me/identities': { status: 200, body: { items: [] } },
      'POST /api/v1/me/identities/github/link': {
        status: 200,
        body: { url: 'https://github.example/login/oauth/authorize?state=abc' },
      },
    });
    renderRoute('/settings/security', { language: 'en' });

    fireEvent.click(await screen.findByRole('button', { name: 'Link GitHub' }));

    await waitFor(() =>
      expect(assign).toHaveBeenCalledWith('https://github.example/login/oauth/authorize?state=abc'),
    );
    expect(api.requestsTo('POST /api/v1/me/identities/github/link')).toHaveLength(1);
  });

  it('confirms a provider linked on the way back', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'GET /api/v1/auth/providers': providers,
      'GET /api/v1/me/identities': {
        status: 200,
        body: { items: [{ ...googleIdentity, provider: 'github' }] },
      },
    });
    const { router } = renderRoute('/settings/security?linked=github', { language: 'ru' });

    expect(
      await screen.findByText('Учётная запись GitHub привязана: теперь через неё можно входить.'),
    ).toBeDefined();
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('shows a link that failed at the provider here, not on the login page', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'GET /api/v1/auth/providers': providers,
      'GET /api/v1/me/identities': { status: 200, body: { items: [] } },
    });
    const { router } = renderRoute('/login?error=oauth.identity_in_use', { language: 'en' });

    const section = await screen.findByTestId('linked-accounts');
    expect(router.state.location.pathname).toBe('/settings/security');
    expect(within(section).getByRole('alert').textContent).toBe(
      'The account was not linkedThis account at the provider is already linked to another Beseda user.',
    );
  });
});
