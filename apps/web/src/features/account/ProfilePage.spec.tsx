import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { descriptionOf } from '../../test/accessibility';
import { apiError, mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { renderRoute } from '../../test/render-route';

describe('profile settings', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('saves only the changed fields and switches the interface to the chosen language', async () => {
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'PATCH /api/v1/me': { status: 200, body: buildMe({ displayName: 'Anna P.', language: 'ru' }) },
    });
    const { i18n } = renderRoute('/settings/profile', { language: 'en' });

    fireEvent.change(await screen.findByLabelText('Display name'), { target: { value: 'Anna P.' } });
    fireEvent.change(screen.getByLabelText('Account language'), { target: { value: 'ru' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    await waitFor(() => expect(i18n.resolvedLanguage).toBe('ru'));
    expect(await api.requestsTo('PATCH /api/v1/me')[0]?.json()).toEqual({
      displayName: 'Anna P.',
      language: 'ru',
    });
    expect(await screen.findByRole('button', { name: 'Сохранить профиль' })).toHaveProperty('disabled', true);
  });

  it('shows a taken username under its field', async () => {
    mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'PATCH /api/v1/me': apiError(409, 'auth.username_taken'),
    });
    renderRoute('/settings/profile', { language: 'en' });

    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'boris' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('Username'))).toMatch(/^This username is taken/),
    );
  });

  it('sets the presence as soon as it is picked', async () => {
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'PUT /api/v1/me/status': { status: 200, body: buildMe({ presence: 'dnd' }) },
    });
    renderRoute('/settings/profile', { language: 'en' });

    fireEvent.click(await screen.findByRole('radio', { name: /Do not disturb/ }));

    await waitFor(() =>
      expect(screen.getByRole('radio', { name: /Do not disturb/ })).toHaveProperty('checked', true),
    );
    expect(await api.requestsTo('PUT /api/v1/me/status')[0]?.json()).toEqual({ presence: 'dnd' });
  });
});
