import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { descriptionOf } from '../../test/accessibility';
import { apiError, mockApi } from '../../test/api-mock';
import { renderRoute } from '../../test/render-route';

function fillRegistration(overrides: Partial<Record<string, string>> = {}) {
  const values: Record<string, string> = {
    'Your name': 'Anna Petrova',
    Username: 'anna',
    'E-mail': 'anna@example.com',
    Password: 'correct horse battery',
    ...overrides,
  };
  for (const [label, value] of Object.entries(values)) {
    fireEvent.change(screen.getByLabelText(label), { target: { value } });
  }
  fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('registration page', () => {
  it('creates the account in the interface language and asks to check the e-mail', async () => {
    const api = mockApi({
      'POST /api/v1/auth/register': { status: 202, body: { confirmationRequired: true } },
      'POST /api/v1/auth/resend-confirmation': { status: 202 },
    });
    renderRoute('/register', { language: 'en' });

    fillRegistration();

    expect((await screen.findByTestId('check-email')).textContent).toContain('anna@example.com');
    expect(await api.requestsTo('POST /api/v1/auth/register')[0]?.json()).toEqual({
      displayName: 'Anna Petrova',
      username: 'anna',
      email: 'anna@example.com',
      password: 'correct horse battery',
      language: 'en',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send the link again' }));
    await waitFor(() => expect(api.requestsTo('POST /api/v1/auth/resend-confirmation')).toHaveLength(1));
  });

  it('shows a weak password under the password field', async () => {
    mockApi({
      'POST /api/v1/auth/register': apiError(400, 'auth.weak_password', [
        {
          path: 'body.password',
          code: 'weak_password',
          message: 'This password is in a list of common passwords',
        },
      ]),
    });
    renderRoute('/register', { language: 'en' });

    fillRegistration({ Password: 'password123' });

    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(descriptionOf(password)).toContain('This password is too easy to guess.');
    expect(screen.getByLabelText('Username').getAttribute('aria-invalid')).toBeNull();
  });

  it('shows a taken username under the username field, in Russian too', async () => {
    mockApi({ 'POST /api/v1/auth/register': apiError(409, 'auth.username_taken') });
    renderRoute('/register', { language: 'ru' });

    fireEvent.change(screen.getByLabelText('Ваше имя'), { target: { value: 'Анна' } });
    fireEvent.change(screen.getByLabelText('Имя пользователя'), { target: { value: 'anna' } });
    fireEvent.change(screen.getByLabelText('Электронная почта'), { target: { value: 'anna@example.com' } });
    fireEvent.change(screen.getByLabelText('Пароль'), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'Зарегистрироваться' }));

    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('Имя пользователя'))).toMatch(
        /^Это имя пользователя уже занято/,
      ),
    );
  });

  it('maps validation details to their fields', async () => {
    mockApi({
      'POST /api/v1/auth/register': apiError(400, 'validation.failed', [
        { path: 'body.email', code: 'invalid_format', message: 'Not an e-mail address' },
      ]),
    });
    renderRoute('/register', { language: 'en' });

    fillRegistration();

    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('E-mail'))).toBe(
        'Enter an e-mail address, like name@example.com',
      ),
    );
  });

  it('shows no provider buttons when the server has none configured', async () => {
    const api = mockApi({ 'GET /api/v1/auth/providers': { status: 200, body: { items: [] } } });
    renderRoute('/register', { language: 'en' });

    await waitFor(() => expect(api.requestsTo('GET /api/v1/auth/providers')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByTestId('provider-sign-in')).toBeNull();
    expect(screen.queryByText('or')).toBeNull();
  });

  it('explains a short password before sending', () => {
    const api = mockApi({});
    renderRoute('/register', { language: 'en' });

    fillRegistration({ Password: 'short' });

    expect(descriptionOf(screen.getByLabelText('Password'))).toMatch(/^At least 8 characters/);
    expect(api.requestsTo('POST /api/v1/auth/register')).toHaveLength(0);
  });
});
