import { z } from 'zod';
import { defineTemplate, displayName, link } from './template.js';

/**
 * Sent instead of a confirmation when someone registers with an address that already has an
 * account: the sign-up form answers the same either way, so it cannot reveal who is registered.
 */
export const registrationAttempt = defineTemplate({
  data: z.object({ displayName, loginLink: link, resetLink: link }),
  content: {
    ru: ({ displayName, loginLink, resetLink }) => ({
      subject: 'Попытка зарегистрироваться с вашим адресом',
      greeting: `Здравствуйте, ${displayName}!`,
      intro: [
        'Кто-то пытался зарегистрироваться в Беседе с этим адресом электронной почты, но к нему уже привязана ваша учётная запись.',
        'Если это были вы, просто войдите в Беседу. Если не помните пароль, его можно сбросить.',
      ],
      actions: [
        { label: 'Войти', url: loginLink },
        { label: 'Сбросить пароль', url: resetLink },
      ],
      outro: [
        'Если это были не вы, ничего делать не нужно — просто проигнорируйте это письмо. Новая учётная запись не создана, с вашей всё в порядке.',
      ],
    }),
    en: ({ displayName, loginLink, resetLink }) => ({
      subject: 'Someone tried to sign up with your email address',
      greeting: `Hi ${displayName},`,
      intro: [
        'Someone tried to create a Beseda account with this email address, but it already belongs to your account.',
        'If it was you, just sign in. If you don’t remember your password, you can reset it.',
      ],
      actions: [
        { label: 'Sign in', url: loginLink },
        { label: 'Reset password', url: resetLink },
      ],
      outro: [
        'If it wasn’t you, there’s nothing you need to do — just ignore this email. No new account was created, and yours is unchanged.',
      ],
    }),
  },
});
