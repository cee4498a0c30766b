import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, mockApi } from '../../test/api-mock';
import { renderRoute } from '../../test/render-route';

const token = '0d5c8a3e-6f1b-4b8e-9a3c-2f4d6e8a0b1c.signature';

describe('unsubscribe page', () => {
  it('asks first, then turns digests off with the token from the link, without signing in', async () => {
    const api = mockApi({ 'POST /api/v1/notifications/email/unsubscribe': { status: 204 } });
    renderRoute(`/unsubscribe?token=${encodeURIComponent(token)}`, { language: 'en' });

    expect(await screen.findByRole('heading', { name: 'Unsubscribe from e-mail digests?' })).toBeDefined();
    // Opening the link alone changes nothing: mail scanners open links too.
    expect(api.requestsTo('POST /api/v1/notifications/email/unsubscribe')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Unsubscribe' }));

    expect(await screen.findByRole('heading', { name: 'You are unsubscribed' })).toBeDefined();
    const [request] = api.requestsTo('POST /api/v1/notifications/email/unsubscribe');
    expect(await request!.json()).toEqual({ token });
    expect(screen.getByRole('link', { name: 'Notification settings' }).getAttribute('href')).toBe(
      '/settings/notifications',
    );
  });

  it('says the link does not work when the server refuses the token', async () => {
    mockApi({
      'POST /api/v1/notifications/email/unsubscribe': apiError(
        400,
        'notifications.invalid_unsubscribe_token',
      ),
    });
    renderRoute(`/unsubscribe?token=forged`, { language: 'ru' });

    fireEvent.click(await screen.findByRole('button', { name: 'Отписаться' }));

    expect(await screen.findByRole('heading', { name: 'Ссылка не работает' })).toBeDefined();
  });

  it('says the link does not work when it has no token', async () => {
    renderRoute('/unsubscribe', { language: 'en' });

    expect(await screen.findByRole('heading', { name: 'This link does not work' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Unsubscribe' })).toBeNull();
  });

  it('keeps the button and shows the error when the server cannot be reached', async () => {
    mockApi({ 'POST /api/v1/notifications/email/unsubscribe': apiError(503, 'service.unavailable') });
    renderRoute(`/unsubscribe?token=${encodeURIComponent(token)}`, { language: 'en' });

    fireEvent.click(await screen.findByRole('button', { name: 'Unsubscribe' }));

    expect(await screen.findByRole('alert')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Unsubscribe' })).toBeDefined();
  });
});
