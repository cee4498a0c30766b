import { describe, expect, it } from 'vitest';
import { escapeHtml, type MailTemplate, mailLanguages, renderMail, renderTemplate } from './templates.js';

const link = 'https://chat.example.org/reset-password?token=abc&lang=ru';
const loginLink = 'https://chat.example.org/login';
const resetLink = 'https://chat.example.org/forgot-password';

/** One of each template, with the links each one must carry. */
const examples: Array<{ mail: MailTemplate; links: string[] }> = [
  { mail: { template: 'confirm-email', data: { displayName: 'Анна', link } }, links: [link] },
  { mail: { template: 'reset-password', data: { displayName: 'Анна', link } }, links: [link] },
  {
    mail: { template: 'registration-attempt', data: { displayName: 'Анна', loginLink, resetLink } },
    links: [loginLink, resetLink],
  },
  { mail: { template: 'password-changed', data: { displayName: 'Анна' } }, links: [] },
];

const cases = examples.flatMap((example) => mailLanguages.map((language) => ({ ...example, language })));

describe('renderMail', () => {
  it.each(cases)(
    'renders $mail.template in $language with every link in both parts',
    ({ mail, language, links }) => {
      const rendered = renderTemplate(mail, language);

      expect(rendered.subject.length).toBeGreaterThan(0);
      expect(rendered.subject).not.toMatch(/\n/);
      expect(rendered.text).toContain('Анна');
      expect(rendered.html).toContain('Анна');
      expect(rendered.html).toMatch(new RegExp(`^<!doctype html>\\s*<html lang="${language}">`));
      for (const url of links) {
        expect(rendered.text).toContain(url);
        expect(rendered.html).toContain(`href="${escapeHtml(url)}"`);
      }
      expect(rendered.html).not.toContain('<script');
      expect(rendered.html).not.toMatch(/<style|class="/);
    },
  );

  it.each(examples)('writes $mail.template in Russian and in English', ({ mail }) => {
    const ru = renderTemplate(mail, 'ru');
    const en = renderTemplate(mail, 'en');

    expect(ru.subject).toMatch(/^[А-ЯЁ]/);
    expect(en.subject).toMatch(/^[A-Z]/);
    expect(ru.text).toMatch(/Здравствуйте, Анна!/);
    expect(en.text).toMatch(/Hi Анна,/);
    // English wording in the Russian letter (or the reverse) would mean a missing translation.
    expect(ru.text.replace(/https?:\/\/\S+/g, '')).not.toMatch(/\b(the|you|your|password)\b/i);
    expect(en.text.replace(/Анна/g, '')).not.toMatch(/[А-Яа-яЁё]/);
  });

  it('escapes a display name that carries markup in the HTML part and keeps it as written in the text', () => {
    const displayName = '<script>alert("x")</script> & Co';
    const rendered = renderMail('password-changed', 'en', { displayName });

    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(rendered.text).toContain(displayName);
  });

  it('escapes links in attributes and text', () => {
    const rendered = renderMail('confirm-email', 'ru', { displayName: 'Анна', link });

    expect(rendered.html).toContain('token=abc&amp;lang=ru');
    expect(rendered.html).not.toContain('token=abc&lang=ru');
  });

  it('offers both the login and the password reset on a registration attempt, and says what to do if it was not you', () => {
    const ru = renderMail('registration-attempt', 'ru', { displayName: 'Анна', loginLink, resetLink });
    const en = renderMail('registration-attempt', 'en', { displayName: 'Анна', loginLink, resetLink });

    expect(ru.text).toMatch(/Войти:\n.*\/login/);
    expect(ru.text).toMatch(/Сбросить пароль:\n.*\/forgot-password/);
    expect(ru.text).toMatch(/проигнорируйте/);
    expect(en.text).toMatch(/Sign in:\n.*\/login/);
    expect(en.text).toMatch(/ignore this email/);
  });

  it.each([
    ['javascript:alert(1)', 'a script URL'],
    ['not a link', 'text'],
  ])('refuses %s as a link (%s)', (badLink) => {
    expect(() => renderMail('reset-password', 'en', { displayName: 'Анна', link: badLink })).toThrow(/link/);
  });

  it('refuses an empty display name', () => {
    expect(() => renderMail('password-changed', 'ru', { displayName: '  ' })).toThrow();
  });
});
