import { describe, expect, it } from 'vitest';
import { allMessages, type MessagePages, prependMessages } from './message-pages';
import { withPinned } from './pins-cache';
import { buildMessage } from './testing/chat-factories';
import { threadSummaryOf, upsertReply } from './thread-cache';

const alice = crypto.randomUUID();
const boris = crypto.randomUUID();

describe('thread replies', () => {
  it('inserts a reply in seq order and replaces one it already has', () => {
    const [a, b, c] = [1, 3, 5].map((seq) => buildMessage({ seq }));
    let replies = upsertReply([a!, c!], b!);
    replies = upsertReply(replies, { ...b!, text: 'edited' });
    expect(replies.map((reply) => [reply.seq, reply.text])).toEqual([
      [1, a!.text],
      [3, 'edited'],
      [5, c!.text],
    ]);
  });

  it('counts the root summary as the server does: live replies, latest repliers first', () => {
    const replies = [
      buildMessage({ authorId: alice, createdAt: '2026-03-02T10:00:00.000Z' }),
      buildMessage({ authorId: boris, createdAt: '2026-03-02T10:01:00.000Z' }),
      buildMessage({ authorId: alice, createdAt: '2026-03-02T10:02:00.000Z' }),
      buildMessage({ authorId: boris, createdAt: '2026-03-02T10:03:00.000Z', deleted: true }),
    ];
    expect(threadSummaryOf(replies)).toEqual({
      replyCount: 3,
      lastReplyAt: '2026-03-02T10:02:00.000Z',
      participantIds: [alice, boris],
    });
    expect(threadSummaryOf([replies[3]!])).toBeNull();
  });
});

describe('pinned list', () => {
  it('keeps the most recently pinned first and drops unpinned or deleted messages', () => {
    const older = buildMessage({ pinnedAt: '2026-03-01T10:00:00.000Z' });
    const newer = buildMessage({ pinnedAt: '2026-03-03T10:00:00.000Z' });
    const middle = buildMessage({ pinnedAt: '2026-03-02T10:00:00.000Z' });
    const pins = withPinned([newer, older], middle);
    expect(pins).toEqual([newer, middle, older]);
    expect(withPinned(pins, { ...middle, pinnedAt: null })).toEqual([newer, older]);
    expect(withPinned(pins, { ...newer, deleted: true })).toEqual([middle, older]);
  });
});

describe('jumping back in the history', () => {
  it('puts a run of older messages in front of the first page, without the ones already loaded', () => {
    const data: MessagePages = {
      pages: [[10, 11].map((seq) => buildMessage({ seq })), [12].map((seq) => buildMessage({ seq }))],
      pageParams: [undefined, undefined],
    };
    const run = [4, 5, 9, 10, 11].map((seq) => buildMessage({ seq }));
    const next = prependMessages(data, run);
    expect(next.pages.map((page) => page.map((message) => message.seq))).toEqual([[4, 5, 9, 10, 11], [12]]);
    expect(allMessages(next).filter((message) => message.seq === 10)).toEqual([data.pages[0]![0]]);
  });
});
