import { type Message } from '@beseda/protocol';
import { type QueryClient } from '@tanstack/react-query';

/** Query keys of threads: one per message a thread was opened from (usually its root). */
export const threadKeys = {
  all: ['chats', 'thread'] as const,
  thread: (messageId: string) => ['chats', 'thread', messageId] as const,
};

/** An open thread as the cache keeps it. */
export interface ThreadData {
  root: Message;
  /** Oldest first. */
  replies: Message[];
  /** Whether I am told about new replies. */
  following: boolean;
  /** False when the thread had more replies than were fetched (see thread.api.ts). */
  complete: boolean;
}

/** A reply put into its place: the copy with the same id replaced, or inserted in seq order. */
export function upsertReply(replies: readonly Message[], reply: Message): Message[] {
  const index = replies.findIndex((candidate) => candidate.id === reply.id);
  if (index >= 0) return replies.map((candidate, i) => (i === index ? reply : candidate));
  const at = replies.findIndex((candidate) => candidate.seq > reply.seq);
  return at < 0 ? [...replies, reply] : [...replies.slice(0, at), reply, ...replies.slice(at)];
}

/**
 * The root's summary as the server computes it (non-deleted replies, participants most recent
 * first, at most 5), from replies that are all loaded. Recomputing is safe however often an
 * event repeats a response.
 */
export function threadSummaryOf(replies: readonly Message[]): Message['thread'] {
  const live = replies.filter((reply) => !reply.deleted);
  if (live.length === 0) return null;
  const newestFirst = [...live].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const participantIds = [
    ...new Set(newestFirst.map((reply) => reply.authorId).filter((id): id is string => id !== null)),
  ].slice(0, 5);
  return { replyCount: live.length, lastReplyAt: newestFirst[0]!.createdAt, participantIds };
}

/** Changes every cached thread whose root is `rootId`. */
export function updateThreads(
  queryClient: QueryClient,
  rootId: string,
  update: (thread: ThreadData) => ThreadData,
): void {
  for (const [key, thread] of queryClient.getQueriesData<ThreadData>({ queryKey: threadKeys.all })) {
    if (thread?.root.id === rootId) queryClient.setQueryData<ThreadData>(key, update(thread));
  }
}

/** A message as some cached thread holds it (as its root or a reply). */
export function findInThreads(queryClient: QueryClient, messageId: string): Message | undefined {
  for (const [, thread] of queryClient.getQueriesData<ThreadData>({ queryKey: threadKeys.all })) {
    if (!thread) continue;
    if (thread.root.id === messageId) return thread.root;
    const reply = thread.replies.find((candidate) => candidate.id === messageId);
    if (reply) return reply;
  }
  return undefined;
}

/** A root or a reply, as the server now describes it, into the threads that show it. */
export function putInThreads(queryClient: QueryClient, message: Message): void {
  updateThreads(queryClient, message.id, (thread) => ({ ...thread, root: message }));
  if (message.threadRootId) {
    updateThreads(queryClient, message.threadRootId, (thread) => ({
      ...thread,
      replies: upsertReply(thread.replies, message),
    }));
  }
}
