import { type Message, MessageListSchema } from '@beseda/protocol';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData, requestOk } from '../../api/request';
import { findLoaded, patchMessage } from './chat-cache';
import { pinKeys, putInPins } from './pins-cache';

/** The chat's pinned messages, most recently pinned first; `message.updated` events keep it current. */
export function usePins(chatId: string) {
  return useQuery({
    queryKey: pinKeys.list(chatId),
    queryFn: ({ signal }) =>
      requestData(
        apiClient.GET('/api/v1/chats/{id}/pins', { params: { path: { id: chatId } }, signal }),
        MessageListSchema,
      ).then((list) => list.items),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/**
 * Pins or unpins a message for the whole chat. It shows at once and is undone if the server
 * refuses; the server does not echo the change to this connection.
 */
export function useTogglePin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ message, pin }: { message: Message; pin: boolean }) => {
      const params = { params: { path: { id: message.id } } };
      return requestOk(
        pin
          ? apiClient.PUT('/api/v1/messages/{id}/pin', params)
          : apiClient.DELETE('/api/v1/messages/{id}/pin', params),
      );
    },
    onMutate: ({ message, pin }) => {
      const pinnedAt = pin ? new Date().toISOString() : null;
      if (findLoaded(queryClient, message.chatId, message.id)) {
        return { undo: patchMessage(queryClient, message.chatId, message.id, { pinnedAt }) };
      }
      // Shown only in the pinned list (an old message, or a reply of a closed thread).
      putInPins(queryClient, { ...message, pinnedAt });
      return { undo: () => putInPins(queryClient, message) };
    },
    onError: (_error, _variables, context) => context?.undo(),
  });
}
