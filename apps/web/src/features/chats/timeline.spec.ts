import { describe, expect, it } from 'vitest';
import { type OutgoingMessage } from './outbox';
import { buildMessage } from './testing/chat-factories';
import { buildTimeline, lastEditableMessage } from './timeline';

const anna = '0d5c8a3e-6f1b-4b8e-9a3c-2f4d6e8a0b1c';
const boris = '9b2f4c6e-1a3d-4e5f-8a7b-6c5d4e3f2a1b';

/** Local noon of a day in March 2026, plus minutes: far from midnight in any time zone tests run in. */
function at(day: number, minutes = 0): string {
  return new Date(2026, 2, day, 12, minutes).toISOString();
}

function shape(items: ReturnType<typeof buildTimeline>): string[] {
  return items.map((item) => {
    switch (item.kind) {
      case 'day':
        return `day ${item.date.getDate()}`;
      case 'unread':
        return 'unread';
      case 'message':
        return `${item.startsGroup ? '+' : ' '}${item.message.text}`;
      case 'outgoing':
        return `${item.startsGroup ? '+' : ' '}${item.outgoing.text} (${item.outgoing.status})`;
    }
  });
}

describe('message timeline', () => {
  it('separates days and groups consecutive messages of one author', () => {
    const messages = [
      buildMessage({ seq: 1, authorId: anna, text: 'a1', createdAt: at(2) }),
      buildMessage({ seq: 2, authorId: anna, text: 'a2', createdAt: at(2, 1) }),
      buildMessage({ seq: 3, authorId: boris, text: 'b1', createdAt: at(2, 2) }),
      buildMessage({ seq: 4, authorId: boris, text: 'b2', createdAt: at(2, 30) }),
      buildMessage({ seq: 5, authorId: boris, text: 'b3', createdAt: at(3) }),
    ];
    expect(shape(buildTimeline(messages, [], { myId: anna }))).toEqual([
      'day 2',
      '+a1',
      ' a2',
      '+b1',
      '+b2', // half an hour later: a new group
      'day 3',
      '+b3',
    ]);
  });

  it('shows my pending messages after the confirmed ones, once only after the server has them', () => {
    const confirmed = buildMessage({
      seq: 1,
      authorId: anna,
      clientId: 'client-1',
      text: 'one',
      createdAt: at(2),
    });
    const outgoing: OutgoingMessage[] = [
      { clientId: 'client-1', chatId: confirmed.chatId, text: 'one', createdAt: at(2), status: 'sending' },
      { clientId: 'client-2', chatId: confirmed.chatId, text: 'two', createdAt: at(2, 1), status: 'failed' },
    ];
    expect(shape(buildTimeline([confirmed], outgoing, { myId: anna }))).toEqual([
      'day 2',
      '+one',
      ' two (failed)',
    ]);
  });

  it('puts the unread divider before the first message of others after my read marker', () => {
    const messages = [
      buildMessage({ seq: 1, authorId: boris, text: 'read', createdAt: at(2) }),
      buildMessage({ seq: 2, authorId: boris, text: 'new', createdAt: at(2, 1) }),
    ];
    expect(shape(buildTimeline(messages, [], { myId: anna, readUpTo: 1 }))).toEqual([
      'day 2',
      '+read',
      'unread',
      '+new',
    ]);
  });

  it('picks my newest message that is not deleted for the up arrow', () => {
    const messages = [
      buildMessage({ seq: 1, authorId: anna, text: 'editable' }),
      buildMessage({ seq: 2, authorId: anna, text: '', deleted: true }),
      buildMessage({ seq: 3, authorId: boris, text: 'not mine' }),
    ];
    expect(lastEditableMessage(messages, anna)?.text).toBe('editable');
    expect(lastEditableMessage(messages, undefined)).toBeUndefined();
  });
});
