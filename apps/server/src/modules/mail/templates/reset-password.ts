import { z } from 'zod';
import { defineTemplate, displayName, link } from './template.js';

export const resetPassword = defineTemplate({
  data: z.object({ displayName, link }),
  content: {
    ru: ({ displayName, link }) => ({
      subject: 'Сброс пароля в Беседе',
      greeting: `Здравствуйте, ${displayName}!`,
      intro: [
        'Мы получили запрос на сброс пароля от вашей учётной записи в Беседе. Чтобы задать новый пароль, нажмите на кнопку ниже.',
      ],
      actions: [{ label: 'Задать новый пароль', url: link }],
      outro: [
        'Ссылка одноразовая и действует ограниченное время.',
        'Если вы не запрашивали сброс пароля, просто проигнорируйте это письмо — ваш пароль не изменится.',
      ],
    }),
    en: ({ displayName, link }) => ({
      subject: 'Reset your Beseda password',
      greeting: `Hi ${displayName},`,
      intro: [
        'We received a request to reset the password for your Beseda account. To choose a new password, click the button below.',
      ],
      actions: [{ label: 'Choose a new password', url: link }],
      outro: [
        'The link works only once and expires after a while.',
        'If you didn’t ask to reset your password, just ignore this email — your password will stay the same.',
      ],
    }),
  },
});
