import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { respondWithJson, renderRoute } from '../../test/render-route';

function navigationLinks() {
  const nav = screen.getByRole('navigation', { name: /navigation|навигация/i });
  return within(nav)
    .getAllByRole('link')
    .map((link) => link.textContent);
}

describe('app shell', () => {
  beforeEach(() => {
    respondWithJson(200, {
      id: crypto.randomUUID(),
      name: 'Test',
      version: '0.1.0',
      createdAt: new Date().toISOString(),
    });
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
    renderRoute('/meetings', { language: 'en' });

    const current = screen.getByRole('link', { current: 'page' });
    expect(current.textContent).toBe('Meetings');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Meetings');
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
});
