import { type PushPayload } from '@beseda/protocol';
import { type NotificationKind } from '../notifications/notification-rules.js';

/** Lock screens show two or three lines: the start of the message is enough, and less leaks. */
const BODY_LENGTH = 140;

export interface PushFacts {
  kind: NotificationKind | 'message';
  message: { id: string; chatId: string; text: string; threadRootId: string | null };
  authorName: string;
  /** Null for a direct chat or a group without a name. */
  chatName: string | null;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= BODY_LENGTH
    ? flat
    : `${chars
        .slice(0, BODY_LENGTH - 1)
        .join('')
        .trimEnd()}…`;
}

const texts = {
  en: {
    mention: (author: string, chat: string | null) =>
      chat ? `${author} mentioned you in ${chat}` : `${author} mentioned you`,
    threadReply: (author: string, chat: string | null) =>
      chat ? `${author} replied in a thread in ${chat}` : `${author} replied in a thread`,
    file: 'Sent a file',
  },
  ru: {
    mention: (author: string, chat: string | null) =>
      chat ? `${author} упоминает вас в «${chat}»` : `${author} упоминает вас`,
    threadReply: (author: string, chat: string | null) =>
      chat ? `${author} отвечает в обсуждении в «${chat}»` : `${author} отвечает в обсуждении`,
    file: 'Отправлен файл',
  },
} as const;

/** The notification a device shows, in its owner's language. */
export function pushPayload(facts: PushFacts, language: 'ru' | 'en'): PushPayload {
  const t = texts[language];
  const { message, authorName, chatName } = facts;
  const body = excerpt(message.text) || t.file;
  const title =
    facts.kind === 'mention'
      ? t.mention(authorName, chatName)
      : facts.kind === 'thread_reply'
        ? t.threadReply(authorName, chatName)
        : facts.kind === 'message' && chatName
          ? chatName
          : authorName;
  const inThread = message.threadRootId !== null;
  return {
    title,
    body: facts.kind === 'message' && chatName ? `${authorName}: ${body}` : body,
    url: inThread
      ? `/chats/${message.chatId}?thread=${message.threadRootId}`
      : `/chats/${message.chatId}?message=${message.id}`,
    // A newer notification of the same conversation replaces the older one on the device.
    tag: inThread ? `thread:${message.threadRootId}` : `chat:${message.chatId}`,
  };
}
