import { describe, expect, it } from 'vitest';
import { hasReacted, withReaction } from './reactions';
import { buildMessage } from './testing/chat-factories';

const anna = crypto.randomUUID();
const boris = crypto.randomUUID();

describe('withReaction', () => {
  it('adds a new emoji at the end, and a second person to an existing one', () => {
    const message = buildMessage({ reactions: [{ emoji: '👍', count: 1, userIds: [boris] }] });
    const once = withReaction(message, '🎉', anna, true);
    expect(once.reactions).toEqual([
      { emoji: '👍', count: 1, userIds: [boris] },
      { emoji: '🎉', count: 1, userIds: [anna] },
    ]);
    const twice = withReaction(once, '👍', anna, true);
    expect(twice.reactions[0]).toEqual({ emoji: '👍', count: 2, userIds: [boris, anna] });
    expect(hasReacted(twice, '👍', anna)).toBe(true);
  });

  it('is safe to apply twice: an echo of my own reaction changes nothing', () => {
    const message = withReaction(buildMessage(), '👍', anna, true);
    expect(withReaction(message, '👍', anna, true)).toBe(message);
    const removed = withReaction(message, '👍', anna, false);
    expect(withReaction(removed, '👍', anna, false)).toBe(removed);
  });

  it('takes a reaction back, dropping the emoji when nobody is left', () => {
    const message = buildMessage({ reactions: [{ emoji: '👍', count: 2, userIds: [boris, anna] }] });
    const one = withReaction(message, '👍', anna, false);
    expect(one.reactions).toEqual([{ emoji: '👍', count: 1, userIds: [boris] }]);
    expect(hasReacted(one, '👍', anna)).toBe(false);
    expect(withReaction(one, '👍', boris, false).reactions).toEqual([]);
  });
});
