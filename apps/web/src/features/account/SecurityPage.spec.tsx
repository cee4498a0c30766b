import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
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
