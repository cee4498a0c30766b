import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { signIn } from '../../auth/session';
import { mockApi } from '../../test/api-mock';
import { buildMe, buildTokenPair } from '../../test/factories';
import { renderRoute } from '../../test/render-route';

function navigationLinks() {
  const nav = screen.getByRole('navigation', { name: /navigation|навигация/i });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent);
}

describe('app shell', () => {
  beforeEach(() => {
    mockApi({
      'GET /api/v1/instance': {
        status: 200,
        body: {
          id: crypto.randomUUID(),
          name: 'Test',
          version: '0.1.0',
          createdAt: new Date().toISOString(),
        },
      },
      'GET /api/v1/me': { status: 200, body: buildMe() },
      'POST /api/v1/auth/logout': { status: 204 },
    });
    signIn(buildTokenPair());
  });

  it('renders the navigation in Russian when the language is Russian', () => {
    renderRoute('/chats', { language: 'ru' });

    expect(screen.getByTestId('app-shell')).toBeDefined();
    expect(navigationLinks()).toEqual(['Чаты', 'Встречи', 'Администрирование']);
    expect(document.documentElement.lang).toBe('ru');
  });

  it('renders the navigation in English when the language is English', () => {
    renderRoute('/chats', { language: 'en' });

    expect(navigationLinks()).toEqual(['Chats', 'Meetings', 'Administration']);
    expect(document.documentElement.lang).toBe('en');
  });

  it('marks the current section in the navigation', () => {
    renderRoute('/admin', { language: 'en' });

    const current = screen.getByRole('link', { current: 'page' });
    expect(current.textContent).toBe('Administration');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Administration');
    expect(screen.getByTestId('coming-soon').textContent).toBe('Coming soon');
  });

  it('switches the interface language from the switcher and remembers the choice', async () => {
    renderRoute('/chats', { language: 'en' });

    fireEvent.change(screen.getByTestId('language-switcher'), { target: { value: 'ru' } });

    await waitFor(() => expect(navigationLinks()).toEqual(['Чаты', 'Встречи', 'Администрирование']));
    expect(localStorage.getItem('beseda.language')).toBe('ru');
    expect(document.documentElement.lang).toBe('ru');
    expect(document.title).toBe('Чаты · Beseda');
  });

  it('opens the navigation drawer from the menu button and closes it after following a link', async () => {
    renderRoute('/', { language: 'en' });

    fireEvent.click(screen.getByRole('button', { name: 'Open menu' }));
    const drawer = screen.getByRole('dialog');
    fireEvent.click(within(drawer).getByRole('link', { name: 'Administration' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Administration');
  });

  it('shows a not-found page for an unknown address', () => {
    renderRoute('/no/such/page', { language: 'en' });

    expect(screen.getByTestId('not-found-heading').textContent).toBe('Page not found');
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toBeDefined();
  });

  it('shows the signed-in person in the top bar', async () => {
    renderRoute('/chats', { language: 'en' });

    await waitFor(() => expect(screen.getByTestId('user-menu-name').textContent).toBe('Anna Petrova'));
    const menuButton = screen.getByTestId('user-menu');
    expect(menuButton.textContent).toContain('AP');
    expect(within(menuButton).getByText('Online')).toBeDefined();
  });

  it('signs out from the user menu and shows the login page', async () => {
    const { router } = renderRoute('/chats', { language: 'en' });

    fireEvent.click(await screen.findByTestId('user-menu'));
    expect(screen.getByRole('link', { name: 'Profile' }).getAttribute('href')).toBe('/settings/profile');
    fireEvent.click(screen.getByTestId('sign-out'));

    expect(await screen.findByTestId('login-form')).toBeDefined();
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.queryByTestId('app-shell')).toBeNull();
  });
});
