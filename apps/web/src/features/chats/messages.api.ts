import { type Message, MessageListSchema, MessageSchema } from '@beseda/protocol';
import { type QueryClient, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useContext, useEffect } from 'react';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';
import { RealtimeContext } from '../../realtime/realtime-context';
import { useMe } from '../account/me.api';
import { type FileAttachment } from './attachments';
import { applyMessageUpdate, applyNewMessage, applyReaction, patchMessage } from './chat-cache';
import { chatKeys } from './chat-keys';
import { allMessages, type MessagePages, newestSeq, upsertMessage } from './message-pages';
import { type Outbox, useOutbox } from './outbox';

/** Messages per history page when scrolling back. */
export const HISTORY_PAGE_SIZE = 50;
/** Closing a gap after a reconnect: this many per request, at most this many requests. */
const CATCH_UP_PAGE_SIZE = 200;
const CATCH_UP_MAX_PAGES = 5;

type HistoryCursor = { before?: number; after?: number; limit: number };

function fetchHistory(chatId: string, query: HistoryCursor, signal?: AbortSignal): Promise<Message[]> {
  return requestData(
    apiClient.GET('/api/v1/chats/{id}/messages', { params: { path: { id: chatId }, query }, signal }),
    MessageListSchema,
  ).then((list) => list.items);
}

/**
 * The chat's history, newest page first, older pages prepended on demand. It never goes stale by
 * itself: events keep it current while the chats screen is open, a reconnect that lost events
 * closes the gap with `after=`, and so does coming back to a history kept from an earlier visit.
 */
export function useMessageHistory(chatId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!queryClient.getQueryData(chatKeys.messages(chatId))) return;
    catchUpHistory(queryClient, chatId).catch(() => {
      // What is cached stays on screen; the next reconnect or visit tries again.
    });
  }, [queryClient, chatId]);
  return useInfiniteQuery({
    queryKey: chatKeys.messages(chatId),
    queryFn: ({ pageParam, signal }) =>
      fetchHistory(
        chatId,
        pageParam === undefined
          ? { limit: HISTORY_PAGE_SIZE }
          : { before: pageParam, limit: HISTORY_PAGE_SIZE },
        signal,
      ),
    initialPageParam: undefined as number | undefined,
    getPreviousPageParam: (oldest) => (oldest.length < HISTORY_PAGE_SIZE ? undefined : oldest[0]?.seq),
    getNextPageParam: () => undefined,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Reads the loaded history at the moment it is needed (a key press), without re-rendering on changes. */
export function useLoadedMessages(chatId: string): () => Message[] {
  const queryClient = useQueryClient();
  return useCallback(
    () => allMessages(queryClient.getQueryData<MessagePages>(chatKeys.messages(chatId))),
    [queryClient, chatId],
  );
}

/**
 * Brings a loaded history up to date with what the server has after its newest message. A gap
 * too long to fetch piecemeal starts the history over from the newest page.
 */
export async function catchUpHistory(queryClient: QueryClient, chatId: string): Promise<void> {
  const key = chatKeys.messages(chatId);
  if (!queryClient.getQueryData<MessagePages>(key)) return;
  for (let page = 0; page < CATCH_UP_MAX_PAGES; page++) {
    const after = newestSeq(queryClient.getQueryData<MessagePages>(key));
    const items = await fetchHistory(chatId, { after, limit: CATCH_UP_PAGE_SIZE });
    queryClient.setQueryData<MessagePages>(key, (data) =>
      data ? items.reduce((next, message) => upsertMessage(next, message), data) : data,
    );
    if (items.length < CATCH_UP_PAGE_SIZE) return;
  }
  await queryClient.resetQueries({ queryKey: key, exact: true });
}

/** What a message may carry besides its text. */
export interface SendOptions {
  /** The id of an earlier message of this chat that the new one quotes. */
  quote?: string | undefined;
  /** Files already uploaded; the text may be empty when there are some. */
  attachments?: readonly FileAttachment[] | undefined;
}

function postMessage(
  chatId: string,
  clientId: string,
  text: string,
  { quote, attachments }: { quote?: string | undefined; attachments?: string[] | undefined } = {},
): Promise<Message> {
  return requestData(
    apiClient.POST('/api/v1/chats/{id}/messages', {
      params: { path: { id: chatId } },
      body: {
        clientId,
        text,
        ...(quote ? { quote } : {}),
        ...(attachments?.length ? { attachments } : {}),
      },
    }),
    MessageSchema,
  );
}

/**
 * Sending, with the message shown at once. The outbox holds it until the server answers, also
 * while offline and across a reload; a failed one stays there, marked, until it is retried (with
 * the same clientId) or discarded. `_myId` is kept for callers: delivery itself runs in
 * useOutboxDelivery, for every chat.
 */
export function useMessageSender(chatId: string, _myId?: string | undefined) {
  const outbox = useOutbox();

  const send = useCallback(
    (text: string, { quote, attachments = [] }: SendOptions = {}) =>
      outbox.enqueue({
        clientId: crypto.randomUUID(),
        chatId,
        text,
        ...(quote ? { quote } : {}),
        ...(attachments.length > 0 && {
          attachments: attachments.map((file) => file.id),
          attachmentFiles: [...attachments],
        }),
        createdAt: new Date().toISOString(),
      }),
    [chatId, outbox],
  );
  const retry = useCallback((clientId: string) => outbox.retry(clientId), [outbox]);
  const discard = useCallback((clientId: string) => outbox.remove(clientId), [outbox]);

  return { send, retry, discard };
}

/**
 * Runs the outbox's sending for the signed-in person, for as long as the chats screen is open:
 * what an earlier page left unsent goes out now, and whatever waits for the connection goes
 * out when the realtime connection is back or the browser reports the network again.
 */
export function useOutboxDelivery(outbox: Outbox) {
  const queryClient = useQueryClient();
  const myId = useMe().data?.id;
  const connection = useContext(RealtimeContext);

  useEffect(() => {
    if (myId) outbox.open(myId);
  }, [outbox, myId]);

  useEffect(
    () =>
      outbox.start(async (entry) => {
        const message = await postMessage(entry.chatId, entry.clientId, entry.text, {
          quote: entry.quote,
          attachments: entry.attachments,
        });
        applyNewMessage(queryClient, message, myId);
      }),
    [outbox, queryClient, myId],
  );

  useEffect(() => {
    window.addEventListener('online', outbox.wake);
    window.addEventListener('offline', outbox.wake);
    const stopWatching = connection?.onStatusChange(() => {
      if (connection.status === 'online') outbox.wake();
    });
    return () => {
      window.removeEventListener('online', outbox.wake);
      window.removeEventListener('offline', outbox.wake);
      stopWatching?.();
    };
  }, [outbox, connection]);
}

/** Edits show at once and are undone if the server refuses them. */
export function useEditMessage(chatId: string, myId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, text }: { messageId: string; text: string }) =>
      requestData(
        apiClient.PATCH('/api/v1/messages/{id}', { params: { path: { id: messageId } }, body: { text } }),
        MessageSchema,
      ),
    onMutate: ({ messageId, text }) => ({
      undo: patchMessage(queryClient, chatId, messageId, { text, editedAt: new Date().toISOString() }),
    }),
    onError: (_error, _variables, context) => context?.undo(),
    onSuccess: (message) => applyMessageUpdate(queryClient, message, myId),
  });
}

/** The server keeps a tombstone; so does the cache, without the text. */
export function useDeleteMessage(chatId: string, myId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: Message) =>
      requestOk(apiClient.DELETE('/api/v1/messages/{id}', { params: { path: { id: message.id } } })),
    onSuccess: (_, message) =>
      applyMessageUpdate(queryClient, { ...message, chatId, text: '', deleted: true, attachments: [] }, myId),
  });
}

/**
 * Adds or takes back my reaction. It shows at once and is undone if the server refuses; the
 * realtime echo of my own reaction changes nothing further.
 */
export function useToggleReaction(chatId: string, myId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, emoji, add }: { messageId: string; emoji: string; add: boolean }) => {
      const params = { params: { path: { id: messageId, emoji } } };
      return requestOk(
        add
          ? apiClient.PUT('/api/v1/messages/{id}/reactions/{emoji}', params)
          : apiClient.DELETE('/api/v1/messages/{id}/reactions/{emoji}', params),
      );
    },
    onMutate: ({ messageId, emoji, add }) => {
      if (myId) applyReaction(queryClient, { chatId, messageId, userId: myId, emoji }, add);
    },
    onError: (_error, { messageId, emoji, add }) => {
      if (myId) applyReaction(queryClient, { chatId, messageId, userId: myId, emoji }, !add);
    },
  });
}
