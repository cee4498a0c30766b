import { type Message } from '@beseda/protocol';
import { type QueryClient } from '@tanstack/react-query';

export const pinKeys = {
  all: ['chats', 'pins'] as const,
  /** A chat's pinned messages, most recently pinned first. */
  list: (chatId: string) => ['chats', 'pins', chatId] as const,
};

/** The pinned list after a message changed: in it (in pin order) while pinned and not deleted. */
export function withPinned(pins: readonly Message[], message: Message): Message[] {
  const others = pins.filter((pin) => pin.id !== message.id);
  if (!message.pinnedAt || message.deleted) return others;
  const pinnedAt = message.pinnedAt;
  const at = others.findIndex((pin) => (pin.pinnedAt ?? '') < pinnedAt);
  return at < 0 ? [...others, message] : [...others.slice(0, at), message, ...others.slice(at)];
}

/** Keeps a loaded pinned list in step with a message's new state; a list not loaded is left alone. */
export function putInPins(queryClient: QueryClient, message: Message): void {
  queryClient.setQueryData<Message[]>(pinKeys.list(message.chatId), (pins) => {
    if (!pins) return pins;
    // Nothing to do for a message that neither is nor was pinned (most edits and deletions).
    if (!message.pinnedAt && !pins.some((pin) => pin.id === message.id)) return pins;
    return withPinned(pins, message);
  });
}
