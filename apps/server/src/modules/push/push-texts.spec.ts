import { describe, expect, it } from 'vitest';
import { pushPayload } from './push-texts.js';
import { pushRetryDelayMs } from './push.worker.js';

const message = { id: 'm1', chatId: 'c1', text: 'hello', threadRootId: null };

describe('pushPayload', () => {
  it('titles a direct message with its author and links to the message', () => {
    expect(pushPayload({ kind: 'direct', message, authorName: 'Anna', chatName: null }, 'en')).toEqual({
      title: 'Anna',
      body: 'hello',
      url: '/chats/c1?message=m1',
      tag: 'chat:c1',
    });
  });

  it('names the chat of a mention in the reader language', () => {
    const facts = { kind: 'mention' as const, message, authorName: 'Anna', chatName: 'Ops' };
    expect(pushPayload(facts, 'en').title).toBe('Anna mentioned you in Ops');
    expect(pushPayload(facts, 'ru').title).toBe('Anna упоминает вас в «Ops»');
  });

  it('links a reply to its thread and shows a file-only message as such', () => {
    const reply = { ...message, text: '', threadRootId: 'r1' };
    expect(
      pushPayload({ kind: 'thread_reply', message: reply, authorName: 'A', chatName: null }, 'ru'),
    ).toEqual({
      title: 'A отвечает в обсуждении',
      body: 'Отправлен файл',
      url: '/chats/c1?thread=r1',
      tag: 'thread:r1',
    });
  });

  it('shows only the start of a long message, on one line', () => {
    const long = { ...message, text: `first line\n\n${'x'.repeat(500)}` };
    const { body } = pushPayload({ kind: 'direct', message: long, authorName: 'A', chatName: null }, 'en');
    expect([...body]).toHaveLength(140);
    expect(body.startsWith('first line x')).toBe(true);
    expect(body.endsWith('…')).toBe(true);
  });
});

describe('pushRetryDelayMs', () => {
  it('doubles from 5 s up to 30 min and honours a longer Retry-After', () => {
    expect([1, 2, 3].map((attempts) => pushRetryDelayMs(attempts))).toEqual([5_000, 10_000, 20_000]);
    expect(pushRetryDelayMs(20)).toBe(30 * 60_000);
    expect(pushRetryDelayMs(1, 120_000)).toBe(120_000);
  });
});
