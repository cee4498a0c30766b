import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { type RealtimeEventOf } from '../../realtime/event-dispatcher';
import { useRealtimeEvent, useRealtimeResync } from '../../realtime/realtime-hooks';
import { useMe } from '../account/me.api';
import {
  applyMemberChange,
  applyMention,
  applyMessageUpdate,
  applyNewMessage,
  applyPresence,
  applyReaction,
  applyReadMarker,
  forgetChat,
  putMessage,
  upsertChat,
} from './chat-cache';
import { chatKeys } from './chat-keys';
import { catchUpHistory } from './messages.api';
import { type Outbox, useOutbox } from './outbox';
import { pinKeys } from './pins-cache';
import { threadKeys } from './thread-cache';

export interface ChatLiveContext {
  queryClient: QueryClient;
  outbox: Outbox;
  myId: string | undefined;
  /** The chat on screen, if any. */
  openChatId: string | undefined;
  /** The chat on screen was deleted, or I lost access to it. */
  onOpenChatRemoved: () => void;
}

type ChatEventType =
  | 'message.created'
  | 'message.updated'
  | 'message.deleted'
  | 'chat.created'
  | 'chat.updated'
  | 'chat.deleted'
  | 'chat.removed'
  | 'member.added'
  | 'member.updated'
  | 'member.removed'
  | 'read.updated'
  | 'mention'
  | 'reaction.added'
  | 'reaction.removed'
  | 'presence.changed';

type ChatEventHandlers = {
  [K in ChatEventType]: (data: RealtimeEventOf<K>['data'], context: ChatLiveContext) => void;
};

/** What each realtime event of the chats domain does to the cache: plain functions, one per type. */
export const chatEventHandlers: ChatEventHandlers = {
  'message.created': (message, { queryClient, outbox, myId }) => {
    // My own message, echoed before the send's response: the pending copy has done its job.
    if (message.authorId === myId) outbox.remove(message.clientId);
    // A thread reply belongs to its thread (shown if that thread is loaded), not the timeline;
    // the root's message.updated carries the new reply count.
    if (message.threadRootId) {
      putMessage(queryClient, message);
      return;
    }
    applyNewMessage(queryClient, message, myId);
  },
  'message.updated': (message, { queryClient, myId }) => applyMessageUpdate(queryClient, message, myId),
  // The tombstone replaces the message where it is shown.
  'message.deleted': (message, { queryClient, myId }) => applyMessageUpdate(queryClient, message, myId),
  'chat.created': (chat, { queryClient }) => upsertChat(queryClient, chat),
  'chat.updated': (chat, { queryClient }) => upsertChat(queryClient, chat),
  'chat.deleted': ({ chatId }, context) => chatEventHandlers['chat.removed']({ chatId }, context),
  'chat.removed': ({ chatId }, { queryClient, openChatId, onOpenChatRemoved }) => {
    forgetChat(queryClient, chatId);
    if (chatId === openChatId) onOpenChatRemoved();
  },
  'member.added': ({ chatId }, { queryClient }) => applyMemberChange(queryClient, chatId, 1),
  'member.removed': ({ chatId }, { queryClient }) => applyMemberChange(queryClient, chatId, -1),
  'member.updated': ({ chatId }, { queryClient }) =>
    void queryClient.invalidateQueries({ queryKey: chatKeys.members(chatId), exact: true }),
  'read.updated': ({ chatId, lastReadSeq, unreadCount, mentionCount }, { queryClient }) =>
    applyReadMarker(queryClient, chatId, lastReadSeq, { unreadCount, mentionCount }),
  // Comes with the message's own `message.created`; only the mention counter is left to do.
  mention: (message, { queryClient }) => applyMention(queryClient, message),
  'reaction.added': (change, { queryClient }) => applyReaction(queryClient, change, true),
  'reaction.removed': (change, { queryClient }) => applyReaction(queryClient, change, false),
  'presence.changed': ({ userId, presence }, { queryClient }) => applyPresence(queryClient, userId, presence),
};

/**
 * Events were lost: reload the chat list, close the open chat's gap with `after=`, drop the
 * other chats' histories (each is fetched afresh when opened), and refetch threads and pins.
 */
export async function resyncChats({ queryClient, openChatId }: ChatLiveContext): Promise<void> {
  queryClient.removeQueries({
    queryKey: [...chatKeys.all, 'messages'],
    predicate: (query) => query.queryKey[2] !== openChatId,
  });
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: chatKeys.list(), exact: true }),
    openChatId ? queryClient.invalidateQueries({ queryKey: chatKeys.members(openChatId) }) : null,
    openChatId ? catchUpHistory(queryClient, openChatId) : null,
    queryClient.invalidateQueries({ queryKey: threadKeys.all }),
    queryClient.invalidateQueries({ queryKey: pinKeys.all }),
  ]);
}

/** The one place the chats feature subscribes to realtime events. Mounted by ChatsPage. */
export function useChatLiveUpdates(openChatId: string | undefined, onOpenChatRemoved: () => void) {
  const queryClient = useQueryClient();
  const outbox = useOutbox();
  const myId = useMe().data?.id;
  const context: ChatLiveContext = { queryClient, outbox, myId, openChatId, onOpenChatRemoved };

  useRealtimeEvent('message.created', (data) => chatEventHandlers['message.created'](data, context));
  useRealtimeEvent('message.updated', (data) => chatEventHandlers['message.updated'](data, context));
  useRealtimeEvent('message.deleted', (data) => chatEventHandlers['message.deleted'](data, context));
  useRealtimeEvent('chat.created', (data) => chatEventHandlers['chat.created'](data, context));
  useRealtimeEvent('chat.updated', (data) => chatEventHandlers['chat.updated'](data, context));
  useRealtimeEvent('chat.deleted', (data) => chatEventHandlers['chat.deleted'](data, context));
  useRealtimeEvent('chat.removed', (data) => chatEventHandlers['chat.removed'](data, context));
  useRealtimeEvent('member.added', (data) => chatEventHandlers['member.added'](data, context));
  useRealtimeEvent('member.removed', (data) => chatEventHandlers['member.removed'](data, context));
  useRealtimeEvent('member.updated', (data) => chatEventHandlers['member.updated'](data, context));
  useRealtimeEvent('read.updated', (data) => chatEventHandlers['read.updated'](data, context));
  useRealtimeEvent('mention', (data) => chatEventHandlers.mention(data, context));
  useRealtimeEvent('reaction.added', (data) => chatEventHandlers['reaction.added'](data, context));
  useRealtimeEvent('reaction.removed', (data) => chatEventHandlers['reaction.removed'](data, context));
  useRealtimeEvent('presence.changed', (data) => chatEventHandlers['presence.changed'](data, context));
  useRealtimeResync(() => {
    void resyncChats(context).catch(() => {
      // The next resync or opening the chat again tries once more; the list shows its own error.
    });
  });
}
