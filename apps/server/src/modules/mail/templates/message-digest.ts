import { z } from 'zod';
import { type MailSection } from './layout.js';
import { defineTemplate, displayName, link } from './template.js';

/** The most messages one digest lists; the subject still counts them all. */
export const DIGEST_MAX_ITEMS = 10;

const digestMessage = z.object({
  /** Empty when the author's account is gone. */
  author: z.string().trim().max(200),
  /** The start of the message; empty for a message that is only files. */
  text: z.string().max(1_000),
  link,
});

const digestChat = z.object({
  /** A direct chat is headed by the person who wrote, any other chat by its name. */
  direct: z.boolean(),
  /** Null for a direct chat or a group without a name. */
  name: z.string().max(200).nullable(),
  messages: z.array(digestMessage).min(1),
});

export type DigestChat = z.infer<typeof digestChat>;

/** Russian picks a noun form by the number's last digits: 1, 21 сообщение; 2–4 сообщения; 5–20 сообщений. */
function russianPlural(count: number, one: string, few: string, many: string): string {
  const lastTwo = count % 100;
  const last = count % 10;
  if (last === 1 && lastTwo !== 11) return one;
  if (last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14)) return few;
  return many;
}

interface DigestWords {
  direct: (author: string) => string;
  unnamedChat: string;
  unknownAuthor: string;
  onlyFiles: string;
}

function sections(chats: DigestChat[], words: DigestWords): MailSection[] {
  return chats.map((chat) => ({
    heading: chat.direct
      ? words.direct(chat.messages[0]!.author || words.unknownAuthor)
      : (chat.name ?? words.unnamedChat),
    items: chat.messages.map((message) => ({
      title: message.author || words.unknownAuthor,
      text: message.text || words.onlyFiles,
      url: message.link,
    })),
  }));
}

const digestData = z.object({
  displayName,
  /** Every unread message the digest is about, including those past the listed ones. */
  total: z.number().int().positive(),
  chats: z.array(digestChat).min(1),
  openLink: link,
  settingsLink: link,
  /** The page that asks before turning digests off. */
  unsubscribeLink: link,
  /** Where a mail client's own unsubscribe button POSTs (RFC 8058). */
  oneClickUnsubscribeLink: link,
});

export type MessageDigestData = z.infer<typeof digestData>;

/**
 * Direct messages and mentions someone has not read a while after they came: sent by the digest
 * worker, at most one per person per delay, listing up to DIGEST_MAX_ITEMS of them by chat.
 */
export const messageDigest = defineTemplate({
  data: digestData,
  content: {
    ru: ({ displayName, total, chats, openLink, settingsLink, unsubscribeLink, oneClickUnsubscribeLink }) => {
      const listed = chats.reduce((sum, chat) => sum + chat.messages.length, 0);
      const unread = russianPlural(
        total,
        'непрочитанное сообщение',
        'непрочитанных сообщения',
        'непрочитанных сообщений',
      );
      return {
        subject: `${total} ${unread} в Беседе`,
        greeting: `Здравствуйте, ${displayName}!`,
        intro: ['Пока вас не было, вам написали лично или упомянули вас. Вот что ещё не прочитано:'],
        sections: sections(chats, {
          direct: (author) => `Личные сообщения: ${author}`,
          unnamedChat: 'Групповой чат',
          unknownAuthor: 'Удалённый пользователь',
          onlyFiles: 'Отправлен файл',
        }),
        actions: [
          { label: 'Открыть Беседу', url: openLink },
          { label: 'Настройки уведомлений', url: settingsLink },
        ],
        outro: [
          ...(total > listed ? [`И ещё непрочитанных: ${total - listed}.`] : []),
          'Такое письмо приходит, когда личное сообщение или упоминание остаётся непрочитанным какое-то время. Отключить эти письма можно в настройках уведомлений.',
        ],
        unsubscribe: {
          text: 'Не хотите получать такие письма?',
          label: 'Отписаться',
          pageUrl: unsubscribeLink,
          oneClickUrl: oneClickUnsubscribeLink,
        },
      };
    },
    en: ({ displayName, total, chats, openLink, settingsLink, unsubscribeLink, oneClickUnsubscribeLink }) => {
      const listed = chats.reduce((sum, chat) => sum + chat.messages.length, 0);
      return {
        subject: `${total} unread ${total === 1 ? 'message' : 'messages'} in Beseda`,
        greeting: `Hi ${displayName},`,
        intro: [
          'While you were away, people messaged you directly or mentioned you. Here’s what you haven’t read yet:',
        ],
        sections: sections(chats, {
          direct: (author) => `Direct messages: ${author}`,
          unnamedChat: 'Group chat',
          unknownAuthor: 'Deleted user',
          onlyFiles: 'Sent a file',
        }),
        actions: [
          { label: 'Open Beseda', url: openLink },
          { label: 'Notification settings', url: settingsLink },
        ],
        outro: [
          ...(total > listed ? [`And ${total - listed} more unread.`] : []),
          'You get this email when a direct message or a mention stays unread for a while. You can turn these emails off in your notification settings.',
        ],
        unsubscribe: {
          text: 'Don’t want these emails?',
          label: 'Unsubscribe',
          pageUrl: unsubscribeLink,
          oneClickUrl: oneClickUnsubscribeLink,
        },
      };
    },
  },
});
