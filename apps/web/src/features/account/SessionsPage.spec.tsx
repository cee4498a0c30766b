import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildSession, buildTokenPair } from '../../test/factories';
import { renderRoute } from '../../test/render-route';

describe('sessions settings', () => {
  beforeEach(() => signIn(buildTokenPair()));

  it('lists the sessions, marks this device and signs out another one', async () => {
    const here = buildSession({ current: true, device: 'Chrome 156 on Linux' });
    const phone = buildSession({ device: 'Safari 19 on iOS', ip: '198.51.100.4' });
    const api = mockApi({
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'GET /api/v1/me/sessions': [
        { status: 200, body: { items: [here, phone] } },
        { status: 200, body: { items: [here] } },
      ],
      [`DELETE /api/v1/me/sessions/${phone.id}`]: { status: 204 },
    });
    renderRoute('/settings/sessions', { language: 'en' });

    const list = await screen.findByTestId('sessions-list');
    const rows = within(list).getAllByTestId('session-row');
    expect(rows.map((row) => row.getAttribute('data-current'))).toEqual(['true', 'false']);
    expect(within(rows[0]!).getByText('This device')).toBeDefined();
    expect(rows[1]!.textContent).toContain('198.51.100.4');

    fireEvent.click(screen.getByRole('button', { name: 'Sign out Safari 19 on iOS' }));

    await waitFor(() => expect(screen.getAllByTestId('session-row')).toHaveLength(1));
    expect(api.requestsTo(`DELETE /api/v1/me/sessions/${phone.id}`)).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Sign out all other sessions' })).toHaveProperty(
      'disabled',
      true,
    );
  });
});
