import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  type MailTemplate,
  mailLanguages,
  type MessageDigestData,
  renderMail,
  renderTemplate,
} from './templates.js';

const link = 'https://chat.example.org/reset-password?token=abc&lang=ru';
const loginLink = 'https://chat.example.org/login';
const resetLink = 'https://chat.example.org/forgot-password';
const messageLink = 'https://chat.example.org/chats/c1?message=m1';
const settingsLink = 'https://chat.example.org/settings/notifications';
const unsubscribeLink = 'https://chat.example.org/unsubscribe?token=u1.sig';
const oneClickLink = 'https://chat.example.org/api/v1/notifications/email/unsubscribe/one-click?token=u1.sig';

function digestData(overrides: Partial<MessageDigestData> = {}): MessageDigestData {
  return {
    displayName: 'Анна',
    total: 1,
    chats: [],
    openLink: 'https://chat.example.org/',
    settingsLink,
    unsubscribeLink,
    oneClickUnsubscribeLink: oneClickLink,
    ...overrides,
  };
}

/** One of each template, with the links each one must carry. */
const examples: Array<{ mail: MailTemplate; links: string[] }> = [
  { mail: { template: 'confirm-email', data: { displayName: 'Анна', link } }, links: [link] },
  { mail: { template: 'reset-password', data: { displayName: 'Анна', link } }, links: [link] },
  {
    mail: { template: 'registration-attempt', data: { displayName: 'Анна', loginLink, resetLink } },
    links: [loginLink, resetLink],
  },
  { mail: { template: 'password-changed', data: { displayName: 'Анна' } }, links: [] },
  {
    mail: {
      template: 'message-digest',
      data: digestData({
        chats: [
          {
            direct: true,
            name: null,
            messages: [{ author: 'Boris', text: 'Lunch at noon?', link: messageLink }],
          },
        ],
      }),
    },
    links: [messageLink, settingsLink, unsubscribeLink],
  },
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

    // A capital letter, or a count ("3 unread messages") followed by the language's words.
    expect(ru.subject).toMatch(/^([А-ЯЁ]|\d+ [а-яё])/);
    expect(en.subject).toMatch(/^([A-Z]|\d+ [a-z])/);
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

  it.each([
    [1, '1 непрочитанное сообщение в Беседе', '1 unread message in Beseda'],
    [3, '3 непрочитанных сообщения в Беседе', '3 unread messages in Beseda'],
    [5, '5 непрочитанных сообщений в Беседе', '5 unread messages in Beseda'],
    [11, '11 непрочитанных сообщений в Беседе', '11 unread messages in Beseda'],
    [21, '21 непрочитанное сообщение в Беседе', '21 unread messages in Beseda'],
    [104, '104 непрочитанных сообщения в Беседе', '104 unread messages in Beseda'],
  ])('counts %i unread messages in the digest subject with the right plural', (total, ru, en) => {
    const chats = [
      { direct: false, name: 'general', messages: [{ author: 'Boris', text: 'hi', link: messageLink }] },
    ];
    expect(renderMail('message-digest', 'ru', digestData({ total, chats })).subject).toBe(ru);
    expect(renderMail('message-digest', 'en', digestData({ total, chats })).subject).toBe(en);
  });

  it('lists a digest by chat, escapes what people wrote, and says how many more there are', () => {
    const rendered = renderMail(
      'message-digest',
      'en',
      digestData({
        total: 4,
        chats: [
          {
            direct: false,
            name: 'launch <team>',
            messages: [{ author: 'Boris', text: '<img src=x onerror=alert(1)>', link: messageLink }],
          },
          { direct: true, name: null, messages: [{ author: 'Vera', text: '', link: `${messageLink}2` }] },
        ],
      }),
    );

    expect(rendered.text).toContain(
      `launch <team>\n- Boris: <img src=x onerror=alert(1)>\n  ${messageLink}\n`,
    );
    expect(rendered.text).toContain('Direct messages: Vera\n- Vera: Sent a file');
    expect(rendered.text).toContain('And 2 more unread.');
    expect(rendered.html).toContain('launch &lt;team&gt;');
    expect(rendered.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(rendered.html).not.toContain('<img');
    expect(rendered.html).toContain(`href="${escapeHtml(unsubscribeLink)}"`);
  });

  it('asks mail clients for a one-click unsubscribe button on a digest only', () => {
    const digest = renderMail(
      'message-digest',
      'ru',
      digestData({
        chats: [
          { direct: true, name: null, messages: [{ author: 'Борис', text: 'Привет', link: messageLink }] },
        ],
      }),
    );
    const reset = renderMail('reset-password', 'ru', { displayName: 'Анна', link });

    expect(digest.headers).toEqual({
      'List-Unsubscribe': `<${oneClickLink}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(digest.text).toContain(`Отписаться:\n${unsubscribeLink}`);
    expect(reset.headers).toBeUndefined();
  });

  it('refuses an empty display name', () => {
    expect(() => renderMail('password-changed', 'ru', { displayName: '  ' })).toThrow();
  });
});
