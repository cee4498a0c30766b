import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../mail/templates.js';
import { digestMail } from './digest-mail.js';
import { type DigestEntry } from './email-digest.repository.js';

const recipient = { email: 'anna@example.org', displayName: 'Анна', language: 'en' as const };
const options = { publicUrl: 'https://chat.example.org', unsubscribeToken: 'user.sig+/=' };

let sequence = 0;
function entry(overrides: Partial<DigestEntry> = {}): DigestEntry {
  sequence++;
  return {
    notificationId: `n${sequence}`,
    chatId: 'general',
    chatKind: 'channel',
    chatName: 'general',
    messageId: `m${sequence}`,
    threadRootId: null,
    text: `message ${sequence}`,
    authorName: 'Boris',
    ...overrides,
  };
}

describe('digestMail', () => {
  it('groups messages by chat in the order the chats first come up', () => {
    const mail = digestMail(
      recipient,
      [entry(), entry({ chatId: 'dm', chatKind: 'direct', chatName: null }), entry()],
      options,
    );

    expect(mail.template).toBe('message-digest');
    const { data } = mail;
    expect(data.chats.map((chat) => [chat.direct, chat.name, chat.messages.length])).toEqual([
      [false, 'general', 2],
      [true, null, 1],
    ]);
  });

  it('lists ten messages at most but counts them all', () => {
    const entries = Array.from({ length: 13 }, () => entry());
    const mail = digestMail(recipient, entries, options);
    const { data } = mail;

    expect(data.total).toBe(13);
    expect(data.chats.flatMap((chat) => chat.messages)).toHaveLength(10);
    expect(renderTemplate(mail, 'en').text).toContain('And 3 more unread.');
  });

  it('links a reply to its thread, anything else to the message, and shortens long texts to one line', () => {
    const reply = entry({ threadRootId: 'root1', text: `a\n\nb ${'word '.repeat(100)}` });
    const plain = entry();
    const mail = digestMail(recipient, [reply, plain], options);
    const [first, second] = mail.data.chats[0]!.messages;

    expect(first!.link).toBe('https://chat.example.org/chats/general?thread=root1');
    expect(second!.link).toBe(`https://chat.example.org/chats/general?message=${plain.messageId}`);
    expect(first!.text.startsWith('a b word')).toBe(true);
    expect([...first!.text].length).toBeLessThanOrEqual(200);
    expect(first!.text.endsWith('…')).toBe(true);
  });

  it('puts the token into the unsubscribe links URL-encoded', () => {
    const mail = digestMail(recipient, [entry()], options);
    const { data } = mail;

    expect(data.unsubscribeLink).toBe('https://chat.example.org/unsubscribe?token=user.sig%2B%2F%3D');
    expect(data.oneClickUnsubscribeLink).toBe(
      'https://chat.example.org/api/v1/notifications/email/unsubscribe/one-click?token=user.sig%2B%2F%3D',
    );
  });
});
