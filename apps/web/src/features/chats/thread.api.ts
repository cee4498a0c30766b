import { type Message, MessageSchema, ThreadSchema } from '@beseda/protocol';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';
import { putMessage } from './chat-cache';
import { type OutgoingMessage } from './outbox';
import { type ThreadData, threadKeys, threadSummaryOf, updateThreads } from './thread-cache';

/** Replies per request, and at most this many requests: a thread longer than that shows its start. */
const THREAD_PAGE_SIZE = 200;
const THREAD_MAX_PAGES = 5;

async function fetchThread(messageId: string, signal?: AbortSignal): Promise<ThreadData> {
  let after: number | undefined;
  let thread: ThreadData | undefined;
  for (let page = 0; page < THREAD_MAX_PAGES; page++) {
    const { root, items, following } = await requestData(
      apiClient.GET('/api/v1/messages/{id}/thread', {
        params: { path: { id: messageId }, query: { after, limit: THREAD_PAGE_SIZE } },
        signal,
      }),
      ThreadSchema,
    );
    thread = { root, following, replies: [...(thread?.replies ?? []), ...items], complete: true };
    if (items.length < THREAD_PAGE_SIZE) return thread;
    after = items.at(-1)!.seq;
  }
  return { ...thread!, complete: false };
}

/**
 * A thread: its root, its replies and whether I follow it. Opened from a root or from a reply
 * (the server answers with the whole thread either way). Events keep it current while cached.
 */
export function useThread(messageId: string) {
  return useQuery({
    queryKey: threadKeys.thread(messageId),
    queryFn: ({ signal }) => fetchThread(messageId, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * The root's reply count and participants, recounted from a thread whose replies are all loaded:
 * my own reply shows on the root at once, even before (or without) the server's `message.updated`.
 */
function recountRoot(queryClient: QueryClient, rootId: string): void {
  let root: Message | undefined;
  updateThreads(queryClient, rootId, (thread) => {
    if (!thread.complete) return thread;
    root = { ...thread.root, thread: threadSummaryOf(thread.replies) };
    return { ...thread, root };
  });
  if (root) putMessage(queryClient, root);
}

function postReply(chatId: string, rootId: string, clientId: string, text: string): Promise<Message> {
  return requestData(
    apiClient.POST('/api/v1/chats/{id}/messages', {
      params: { path: { id: chatId } },
      body: { clientId, text, replyTo: rootId },
    }),
    MessageSchema,
  );
}

/**
 * Replying in a thread, with the reply shown at once. Pending replies are the panel's own state,
 * not the chat's outbox, whose entries the timeline shows. A failed reply stays, marked, until
 * it is retried with the same clientId or discarded.
 */
export function useThreadReplySender(chatId: string, rootId: string | undefined) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<readonly OutgoingMessage[]>([]);

  const deliver = useCallback(
    async (clientId: string, text: string) => {
      if (!rootId) return;
      try {
        const reply = await postReply(chatId, rootId, clientId, text);
        putMessage(queryClient, reply);
        // Replying makes me a follower (the server does the same).
        updateThreads(queryClient, rootId, (thread) => ({ ...thread, following: true }));
        recountRoot(queryClient, rootId);
        setPending((entries) => entries.filter((entry) => entry.clientId !== clientId));
      } catch (error) {
        setPending((entries) =>
          entries.map((entry) =>
            entry.clientId === clientId ? { ...entry, status: 'failed' as const, error } : entry,
          ),
        );
      }
    },
    [chatId, rootId, queryClient],
  );

  const send = useCallback(
    (text: string) => {
      const clientId = crypto.randomUUID();
      const entry: OutgoingMessage = {
        clientId,
        chatId,
        text,
        createdAt: new Date().toISOString(),
        status: 'sending',
      };
      setPending((entries) => [...entries, entry]);
      void deliver(clientId, text);
    },
    [chatId, deliver],
  );

  const retry = useCallback(
    (clientId: string) => {
      const entry = pending.find((candidate) => candidate.clientId === clientId);
      if (!entry || entry.status === 'sending') return;
      setPending((entries) =>
        entries.map((candidate) =>
          candidate.clientId === clientId ? { ...candidate, status: 'sending', error: undefined } : candidate,
        ),
      );
      void deliver(clientId, entry.text);
    },
    [deliver, pending],
  );

  const discard = useCallback(
    (clientId: string) => setPending((entries) => entries.filter((entry) => entry.clientId !== clientId)),
    [],
  );

  return { pending, send, retry, discard };
}

/** Follows or stops following a thread; shown at once and undone if the server refuses. */
export function useSetFollowing(rootId: string | undefined) {
  const queryClient = useQueryClient();
  const setFollowing = (following: boolean) => {
    if (rootId) updateThreads(queryClient, rootId, (thread) => ({ ...thread, following }));
  };
  return useMutation({
    mutationFn: (follow: boolean) => {
      const params = { params: { path: { id: rootId ?? '' } } };
      return requestOk(
        follow
          ? apiClient.PUT('/api/v1/messages/{id}/follow', params)
          : apiClient.DELETE('/api/v1/messages/{id}/follow', params),
      );
    },
    onMutate: (follow) => setFollowing(follow),
    onError: (_error, follow) => setFollowing(!follow),
  });
}
