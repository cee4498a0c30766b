import { type Message } from '@beseda/protocol';

/** The quick choices offered in a message's menu. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '👀', '🙏', '✅', '🔥'] as const;

/**
 * One person's reaction added to or taken off a message. Safe to apply twice (an event may repeat
 * what my own request already showed): someone already counted is not counted again.
 */
export function withReaction(message: Message, emoji: string, userId: string, added: boolean): Message {
  const index = message.reactions.findIndex((reaction) => reaction.emoji === emoji);
  const current = index < 0 ? undefined : message.reactions[index];
  const counted = current?.userIds.includes(userId) ?? false;
  if (added === counted) return message;
  if (added) {
    const next = current
      ? { ...current, count: current.count + 1, userIds: [...current.userIds, userId] }
      : { emoji, count: 1, userIds: [userId] };
    const reactions =
      index < 0 ? [...message.reactions, next] : message.reactions.map((r, i) => (i === index ? next : r));
    return { ...message, reactions };
  }
  const remaining = current!.count - 1;
  const reactions =
    remaining <= 0
      ? message.reactions.filter((_, i) => i !== index)
      : message.reactions.map((r, i) =>
          i === index ? { ...r, count: remaining, userIds: r.userIds.filter((id) => id !== userId) } : r,
        );
  return { ...message, reactions };
}

/** Whether I have reacted to the message with this emoji. */
export function hasReacted(message: Message, emoji: string, userId: string | undefined): boolean {
  if (!userId) return false;
  return message.reactions.some((reaction) => reaction.emoji === emoji && reaction.userIds.includes(userId));
}
