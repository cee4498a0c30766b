import { type Chat, ChatListSchema, ChatMemberListSchema, ChatSchema } from '@beseda/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';
import type { components } from '../../api/schema';
import { applyReadMarker, forgetChat, upsertChat } from './chat-cache';
import { chatKeys } from './chat-keys';

export type CreateChatInput = components['schemas']['CreateChatRequest'];

/** `{ lastReadSeq }`, the answer of mark-read. */
const ReadMarkerSchema = {
  safeParse(value: unknown) {
    const lastReadSeq = (value as { lastReadSeq?: unknown } | null)?.lastReadSeq;
    return typeof lastReadSeq === 'number'
      ? { success: true as const, data: { lastReadSeq } }
      : {
          success: false as const,
          error: { issues: [{ path: ['lastReadSeq'], message: 'Expected a number' }] },
        };
  },
};

export function fetchChats(signal?: AbortSignal): Promise<Chat[]> {
  return requestData(apiClient.GET('/api/v1/chats', { signal }), ChatListSchema).then((list) => list.items);
}

export function useChats() {
  return useQuery({ queryKey: chatKeys.list(), queryFn: ({ signal }) => fetchChats(signal) });
}

export type ChatLookup =
  | { status: 'pending' }
  | { status: 'error'; error: unknown; retry: () => void }
  | { status: 'ready'; chat: Chat };

/** One chat: from the sidebar list when it is there, otherwise fetched on its own. */
export function useChat(chatId: string): ChatLookup {
  const chats = useChats();
  const listed = chats.data?.find((chat) => chat.id === chatId);
  const detail = useQuery({
    queryKey: chatKeys.detail(chatId),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/chats/{id}', { params: { path: { id: chatId } }, signal }),
        ChatSchema,
      ),
    enabled: chats.isSuccess && !listed,
  });
  if (listed) return { status: 'ready', chat: listed };
  if (chats.isError) return { status: 'error', error: chats.error, retry: () => void chats.refetch() };
  if (detail.data) return { status: 'ready', chat: detail.data };
  if (detail.isError) return { status: 'error', error: detail.error, retry: () => void detail.refetch() };
  return { status: 'pending' };
}

export function useChatMembers(chatId: string, enabled = true) {
  return useQuery({
    queryKey: chatKeys.members(chatId),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/chats/{id}/members', { params: { path: { id: chatId } }, signal }),
        ChatMemberListSchema,
      ).then((list) => list.items),
    enabled,
  });
}

/** Public channels whose name contains the query, joined or not. */
export function useChannelDirectory(query: string) {
  return useQuery({
    queryKey: chatKeys.channels(query),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/channels', { params: { query: { q: query, limit: 50 } }, signal }),
        ChatListSchema,
      ).then((list) => list.items),
    placeholderData: (previous) => previous,
  });
}

/** Creates a channel or group, or opens the direct chat with someone (the same one every time). */
export function useCreateChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateChatInput) => requestData(apiClient.POST('/api/v1/chats', { body }), ChatSchema),
    onSuccess: (chat) => upsertChat(queryClient, chat),
  });
}

export function useJoinChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (chatId: string) =>
      requestData(
        apiClient.POST('/api/v1/chats/{id}/join', { params: { path: { id: chatId } } }),
        ChatSchema,
      ),
    onSuccess: (chat) => {
      upsertChat(queryClient, chat);
      void queryClient.invalidateQueries({ queryKey: chatKeys.directory() });
    },
  });
}

export function useAddMembers(chatId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userIds: string[]) =>
      requestData(
        apiClient.POST('/api/v1/chats/{id}/members', { params: { path: { id: chatId } }, body: { userIds } }),
        ChatSchema,
      ),
    onSuccess: (chat) => {
      upsertChat(queryClient, chat);
      void queryClient.invalidateQueries({ queryKey: chatKeys.members(chatId) });
    },
  });
}

export type ChatRole = components['schemas']['ChatMember']['role'];

/** Owners and admins set others' roles; making someone owner hands the chat over. */
export function useChangeMemberRole(chatId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: ChatRole }) =>
      requestOk(
        apiClient.PATCH('/api/v1/chats/{id}/members/{userId}', {
          params: { path: { id: chatId, userId } },
          body: { role },
        }),
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: chatKeys.members(chatId) });
      void queryClient.invalidateQueries({ queryKey: chatKeys.list(), exact: true });
    },
  });
}

/** An owner or admin removes someone else. */
export function useRemoveMember(chatId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      requestOk(
        apiClient.DELETE('/api/v1/chats/{id}/members/{userId}', {
          params: { path: { id: chatId, userId } },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: chatKeys.members(chatId) }),
  });
}

/** Leaving is removing oneself from the members. */
export function useLeaveChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ chatId, userId }: { chatId: string; userId: string }) =>
      requestOk(
        apiClient.DELETE('/api/v1/chats/{id}/members/{userId}', { params: { path: { id: chatId, userId } } }),
      ),
    onSuccess: (_, { chatId }) => forgetChat(queryClient, chatId),
  });
}

export function useSetFavourite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ chatId, favourite }: { chatId: string; favourite: boolean }) =>
      requestData(
        apiClient.PUT('/api/v1/chats/{id}/membership', {
          params: { path: { id: chatId } },
          body: { favourite },
        }),
        ChatSchema,
      ),
    onSuccess: (chat) => upsertChat(queryClient, chat),
  });
}

/** Moves my read marker to `seq`; the cache follows the server's answer. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ chatId, seq }: { chatId: string; seq: number }) =>
      requestData(
        apiClient.POST('/api/v1/chats/{id}/read', { params: { path: { id: chatId } }, body: { seq } }),
        ReadMarkerSchema,
      ),
    onSuccess: ({ lastReadSeq }, { chatId }) => applyReadMarker(queryClient, chatId, lastReadSeq),
  });
}
