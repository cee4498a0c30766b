import { type OutgoingMail } from '../mail/mail-outbox.js';
import { DIGEST_MAX_ITEMS, type DigestChat, type MessageDigestData } from '../mail/templates.js';
import { type DigestEntry, type DigestRecipient } from './email-digest.repository.js';

/** A line or two of each message is enough to decide whether to open it; less leaks by e-mail. */
const EXCERPT_LENGTH = 200;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= EXCERPT_LENGTH
    ? flat
    : `${chars
        .slice(0, EXCERPT_LENGTH - 1)
        .join('')
        .trimEnd()}…`;
}

/** Where a message opens in the web client: its thread for a reply, else the timeline at it. */
function messageLink(publicUrl: string, entry: DigestEntry): string {
  return entry.threadRootId
    ? `${publicUrl}/chats/${entry.chatId}?thread=${entry.threadRootId}`
    : `${publicUrl}/chats/${entry.chatId}?message=${entry.messageId}`;
}

export type DigestMail = OutgoingMail & { template: 'message-digest'; data: MessageDigestData };

/**
 * The digest e-mail of these unread entries (oldest first): the first DIGEST_MAX_ITEMS, grouped
 * by chat in the order their chats first come up, and the count of all of them.
 */
export function digestMail(
  recipient: DigestRecipient,
  entries: DigestEntry[],
  { publicUrl, unsubscribeToken }: { publicUrl: string; unsubscribeToken: string },
): DigestMail {
  const chats = new Map<string, DigestChat>();
  for (const entry of entries.slice(0, DIGEST_MAX_ITEMS)) {
    let chat = chats.get(entry.chatId);
    if (!chat) {
      chat = { direct: entry.chatKind === 'direct', name: entry.chatName, messages: [] };
      chats.set(entry.chatId, chat);
    }
    chat.messages.push({
      author: entry.authorName ?? '',
      text: excerpt(entry.text),
      link: messageLink(publicUrl, entry),
    });
  }
  const token = encodeURIComponent(unsubscribeToken);
  return {
    to: recipient.email,
    language: recipient.language,
    template: 'message-digest',
    data: {
      displayName: recipient.displayName,
      total: entries.length,
      chats: [...chats.values()],
      openLink: `${publicUrl}/`,
      settingsLink: `${publicUrl}/settings/notifications`,
      unsubscribeLink: `${publicUrl}/unsubscribe?token=${token}`,
      oneClickUnsubscribeLink: `${publicUrl}/api/v1/notifications/email/unsubscribe/one-click?token=${token}`,
    },
  };
}
