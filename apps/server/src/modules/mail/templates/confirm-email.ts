import { z } from 'zod';
import { defineTemplate, displayName, link } from './template.js';

export const confirmEmail = defineTemplate({
  data: z.object({ displayName, link }),
  content: {
    ru: ({ displayName, link }) => ({
      subject: 'Подтвердите адрес электронной почты',
      greeting: `Здравствуйте, ${displayName}!`,
      intro: [
        'Подтвердите, пожалуйста, что этот адрес электронной почты принадлежит вам: для этого нажмите на кнопку ниже.',
      ],
      actions: [{ label: 'Подтвердить адрес', url: link }],
      outro: [
        'Ссылка одноразовая и действует ограниченное время.',
        'Если вы не указывали этот адрес в Беседе, просто проигнорируйте письмо: без подтверждения адрес не будет привязан ни к одной учётной записи.',
      ],
    }),
    en: ({ displayName, link }) => ({
      subject: 'Confirm your email address',
      greeting: `Hi ${displayName},`,
      intro: ['Please confirm that this email address belongs to you by clicking the button below.'],
      actions: [{ label: 'Confirm email address', url: link }],
      outro: [
        'The link works only once and expires after a while.',
        'If you didn’t enter this address in Beseda, just ignore this email: without confirmation it won’t be linked to any account.',
      ],
    }),
  },
});
