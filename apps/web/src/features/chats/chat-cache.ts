import { type Chat, type Message, type PublicUser } from '@beseda/protocol';
import { type QueryClient } from '@tanstack/react-query';
import { chatKeys } from './chat-keys';
import { findMessage, type MessagePages, upsertMessage } from './message-pages';
import { peopleKeys } from './people.api';
import { putInPins } from './pins-cache';
import { withReaction } from './reactions';
import { findInThreads, putInThreads } from './thread-cache';

/**
 * How server changes land in the query cache, whether they come back as a response or arrive as a
 * realtime event. Each function is safe to apply twice: an event may repeat what a response
 * already said.
 */

function updateListedChat(queryClient: QueryClient, chatId: string, update: (chat: Chat) => Chat): boolean {
  let found = false;
  queryClient.setQueryData<Chat[]>(chatKeys.list(), (chats) =>
    chats?.map((chat) => {
      if (chat.id !== chatId) return chat;
      found = true;
      return update(chat);
    }),
  );
  return found;
}

/** A chat as the server now describes it; one I am no longer a member of leaves the list. */
export function upsertChat(queryClient: QueryClient, chat: Chat): void {
  queryClient.setQueryData<Chat[]>(chatKeys.list(), (chats) => {
    if (!chats) return chats;
    const others = chats.filter((candidate) => candidate.id !== chat.id);
    if (!chat.membership) return others;
    const index = chats.findIndex((candidate) => candidate.id === chat.id);
    if (index < 0) return [...chats, chat];
    return chats.map((candidate) => (candidate.id === chat.id ? chat : candidate));
  });
  if (queryClient.getQueryData(chatKeys.detail(chat.id))) {
    queryClient.setQueryData(chatKeys.detail(chat.id), chat);
  }
}

/** The chat is gone for me (deleted, left, removed): drop it and everything cached about it. */
export function forgetChat(queryClient: QueryClient, chatId: string): void {
  queryClient.setQueryData<Chat[]>(chatKeys.list(), (chats) => chats?.filter((chat) => chat.id !== chatId));
  for (const key of [chatKeys.detail(chatId), chatKeys.members(chatId), chatKeys.messages(chatId)]) {
    queryClient.removeQueries({ queryKey: key, exact: true });
  }
}

/** A message as the server (or an optimistic guess) now has it, wherever it is shown. */
export function putMessage(queryClient: QueryClient, message: Message): void {
  putInThreads(queryClient, message);
  putInPins(queryClient, message);
  // A reply's seq is taken from the chat's sequence, but the reply is never in the timeline.
  if (message.threadRootId) return;
  queryClient.setQueryData<MessagePages>(chatKeys.messages(message.chatId), (data) =>
    data ? upsertMessage(data, message) : data,
  );
}

/**
 * A new message: into the chat's history if it is loaded, and into the sidebar's counters. Someone
 * else's message past my read marker is unread; my own moves the marker (the server does the same).
 */
export function applyNewMessage(queryClient: QueryClient, message: Message, myId: string | undefined): void {
  const known = findMessage(queryClient.getQueryData(chatKeys.messages(message.chatId)), message.id);
  putMessage(queryClient, message);
  const listed = updateListedChat(queryClient, message.chatId, (chat) => {
    const lastSeq = Math.max(chat.lastSeq, message.seq);
    if (!chat.membership) return { ...chat, lastSeq };
    if (message.authorId === myId) {
      const lastReadSeq = Math.max(chat.membership.lastReadSeq, message.seq);
      return {
        ...chat,
        lastSeq,
        membership: { ...chat.membership, lastReadSeq },
        unreadCount: lastReadSeq >= lastSeq ? 0 : chat.unreadCount,
        mentionCount: lastReadSeq >= lastSeq ? 0 : chat.mentionCount,
      };
    }
    const unread = !known && !message.deleted && message.seq > chat.membership.lastReadSeq;
    return { ...chat, lastSeq, unreadCount: chat.unreadCount + (unread ? 1 : 0) };
  });
  // A chat I do not have yet (its `chat.updated` is still on the way, or was missed).
  if (!listed) void queryClient.invalidateQueries({ queryKey: chatKeys.list(), exact: true });
}

/** An edit or a deletion. A deleted unread message no longer counts as unread. */
export function applyMessageUpdate(
  queryClient: QueryClient,
  message: Message,
  myId: string | undefined,
): void {
  const previous = findMessage(queryClient.getQueryData(chatKeys.messages(message.chatId)), message.id);
  putMessage(queryClient, message);
  // Thread replies never counted as unread, so their deletion uncounts nothing.
  if (message.threadRootId) return;
  if (!message.deleted || previous?.deleted || message.authorId === myId) return;
  updateListedChat(queryClient, message.chatId, (chat) =>
    chat.membership && message.seq > chat.membership.lastReadSeq && chat.unreadCount > 0
      ? { ...chat, unreadCount: chat.unreadCount - 1 }
      : chat,
  );
}

/** A message mentions me: one more unread mention, unless I have read past it already. */
export function applyMention(queryClient: QueryClient, message: Message): void {
  updateListedChat(queryClient, message.chatId, (chat) =>
    chat.membership && message.seq > chat.membership.lastReadSeq
      ? { ...chat, mentionCount: chat.mentionCount + 1 }
      : chat,
  );
}

/**
 * My read marker moved (here, or on another of my devices, whose event brings the server's
 * counts as they are after the move).
 */
export function applyReadMarker(
  queryClient: QueryClient,
  chatId: string,
  lastReadSeq: number,
  counts?: { unreadCount: number; mentionCount: number },
): void {
  let exact = true;
  updateListedChat(queryClient, chatId, (chat) => {
    if (!chat.membership) return chat;
    const marker = Math.max(chat.membership.lastReadSeq, lastReadSeq);
    // Read to the end: nothing is unread. Read part-way: only the server can count what is left.
    exact = marker >= chat.lastSeq || (counts !== undefined && marker === lastReadSeq);
    const read = marker >= chat.lastSeq ? { unreadCount: 0, mentionCount: 0 } : counts;
    return {
      ...chat,
      membership: { ...chat.membership, lastReadSeq: marker },
      unreadCount: read ? read.unreadCount : chat.unreadCount,
      mentionCount: read ? read.mentionCount : chat.mentionCount,
    };
  });
  if (!exact) void queryClient.invalidateQueries({ queryKey: chatKeys.list(), exact: true });
}

/** Someone joined or left a chat I am in: its head count moves and its member list is stale. */
export function applyMemberChange(queryClient: QueryClient, chatId: string, delta: 1 | -1): void {
  updateListedChat(queryClient, chatId, (chat) => ({
    ...chat,
    memberCount: Math.max(0, chat.memberCount + delta),
  }));
  void queryClient.invalidateQueries({ queryKey: chatKeys.members(chatId), exact: true });
}

/** A message wherever it is loaded: in the chat's history or in an open thread. */
export function findLoaded(queryClient: QueryClient, chatId: string, messageId: string): Message | undefined {
  return (
    findMessage(queryClient.getQueryData(chatKeys.messages(chatId)), messageId) ??
    findInThreads(queryClient, messageId)
  );
}

/** Applies a change to one loaded message before the server confirms it; returns the undo. */
export function patchMessage(
  queryClient: QueryClient,
  chatId: string,
  messageId: string,
  patch: Partial<Message>,
): () => void {
  const previous = findLoaded(queryClient, chatId, messageId);
  if (!previous) return () => undefined;
  putMessage(queryClient, { ...previous, ...patch });
  return () => {
    const current = findLoaded(queryClient, chatId, messageId);
    // Only undo our own guess: a newer version from the server stays.
    if (current && current.editedAt === (patch.editedAt ?? previous.editedAt))
      putMessage(queryClient, previous);
  };
}

export interface ReactionChange {
  chatId: string;
  messageId: string;
  userId: string;
  emoji: string;
}

/** Someone reacted, or took a reaction back; a message not loaded is left for when it is fetched. */
export function applyReaction(queryClient: QueryClient, change: ReactionChange, added: boolean): void {
  const message = findLoaded(queryClient, change.chatId, change.messageId);
  if (!message) return;
  const next = withReaction(message, change.emoji, change.userId, added);
  if (next !== message) putMessage(queryClient, next);
}

/** Someone came online, stepped away or left: their cached profile shows it (dots on avatars). */
export function applyPresence(
  queryClient: QueryClient,
  userId: string,
  presence: PublicUser['presence'],
): void {
  queryClient.setQueryData<PublicUser>(peopleKeys.person(userId), (person) =>
    person && person.presence !== presence ? { ...person, presence } : person,
  );
}
