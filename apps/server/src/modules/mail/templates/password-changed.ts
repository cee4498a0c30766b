import { z } from 'zod';
import { defineTemplate, displayName } from './template.js';

export const passwordChanged = defineTemplate({
  data: z.object({ displayName }),
  content: {
    ru: ({ displayName }) => ({
      subject: 'Ваш пароль в Беседе изменён',
      greeting: `Здравствуйте, ${displayName}!`,
      intro: [
        'Пароль от вашей учётной записи в Беседе был изменён. Если это сделали вы, ничего делать не нужно.',
      ],
      actions: [],
      outro: [
        'Если вы пароль не меняли, возможно, кто-то получил доступ к вашей учётной записи. Немедленно сбросьте пароль по ссылке «Забыли пароль?» на странице входа и сообщите о случившемся администратору.',
      ],
    }),
    en: ({ displayName }) => ({
      subject: 'Your Beseda password was changed',
      greeting: `Hi ${displayName},`,
      intro: [
        'The password for your Beseda account has been changed. If you did this, there’s nothing more to do.',
      ],
      actions: [],
      outro: [
        'If you didn’t change your password, someone else may have access to your account. Reset it right away with “Forgot password?” on the sign-in page, and let your administrator know.',
      ],
    }),
  },
});
