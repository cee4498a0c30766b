import { describe, expect, it } from 'vitest';
import { decide, type MessageFacts, type Recipient } from './notification-rules.js';

const author = 'author';
const bob = 'bob';

function recipient(overrides: Partial<Recipient> = {}): Recipient {
  return { userId: bob, level: 'mentions', muted: false, dnd: false, active: false, ...overrides };
}

const inChannel = (overrides: Partial<MessageFacts> = {}): MessageFacts => ({
  authorId: author,
  chatKind: 'channel',
  mentioned: new Map(),
  ...overrides,
});
const mentioning = (kind: 'user' | 'channel' | 'here') => inChannel({ mentioned: new Map([[bob, kind]]) });

describe('decide', () => {
  // [case, facts, recipient, expected decision for bob or null]
  it.each<
    [string, MessageFacts, Partial<Recipient>, { kind: string; inApp: boolean; interrupt: boolean } | null]
  >([
    [
      'a direct message, offline',
      inChannel({ chatKind: 'direct' }),
      {},
      { kind: 'direct', inApp: true, interrupt: true },
    ],
    [
      'a direct message, active in the app',
      inChannel({ chatKind: 'direct' }),
      { active: true },
      { kind: 'direct', inApp: true, interrupt: false },
    ],
    [
      'a direct message, do not disturb',
      inChannel({ chatKind: 'direct' }),
      { dnd: true },
      { kind: 'direct', inApp: true, interrupt: false },
    ],
    ['a direct message, muted', inChannel({ chatKind: 'direct' }), { muted: true }, null],
    ['a direct message, level nothing', inChannel({ chatKind: 'direct' }), { level: 'nothing' }, null],
    ['@name, level mentions', mentioning('user'), {}, { kind: 'mention', inApp: true, interrupt: true }],
    [
      '@channel, level mentions',
      mentioning('channel'),
      {},
      { kind: 'mention', inApp: true, interrupt: true },
    ],
    [
      '@here, level all, active',
      mentioning('here'),
      { level: 'all', active: true },
      { kind: 'mention', inApp: true, interrupt: false },
    ],
    ['@name, level nothing', mentioning('user'), { level: 'nothing' }, null],
    ['@name, muted', mentioning('user'), { muted: true }, null],
    [
      '@name, do not disturb',
      mentioning('user'),
      { dnd: true },
      { kind: 'mention', inApp: true, interrupt: false },
    ],
    ['a plain message, level mentions', inChannel(), {}, null],
    [
      'a plain message, level all, offline',
      inChannel(),
      { level: 'all' },
      { kind: 'message', inApp: false, interrupt: true },
    ],
    [
      'a plain message, level all, active',
      inChannel(),
      { level: 'all', active: true },
      { kind: 'message', inApp: false, interrupt: false },
    ],
    ['a plain message, level all, muted', inChannel(), { level: 'all', muted: true }, null],
    [
      'a reply in a followed thread',
      inChannel({ threadFollowers: new Set([bob]) }),
      {},
      { kind: 'thread_reply', inApp: true, interrupt: true },
    ],
    [
      'a reply in a followed thread, muted chat',
      inChannel({ threadFollowers: new Set([bob]) }),
      { muted: true },
      null,
    ],
    ['a reply in a thread not followed', inChannel({ threadFollowers: new Set(['someone']) }), {}, null],
    [
      'a reply that also mentions',
      { ...mentioning('user'), threadFollowers: new Set([bob]) },
      {},
      { kind: 'mention', inApp: true, interrupt: true },
    ],
  ])('%s', (_case, facts, overrides, expected) => {
    const [decision] = decide(facts, [recipient(overrides)]);
    expect(
      decision ? { kind: decision.kind, inApp: decision.inApp, interrupt: decision.interrupt } : null,
    ).toEqual(expected);
  });

  it('never tells the author of their own message', () => {
    expect(decide(inChannel({ chatKind: 'direct' }), [recipient({ userId: author, level: 'all' })])).toEqual(
      [],
    );
  });
});
