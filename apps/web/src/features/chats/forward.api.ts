import { MessageSchema } from '@beseda/protocol';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../api/client';
import { requestData } from '../../api/request';
import { useMe } from '../account/me.api';
import { applyNewMessage } from './chat-cache';

export interface ForwardInput {
  messageId: string;
  /** The chat the copy goes to. */
  chatId: string;
  /** The same id again returns the first copy: a retry after a lost answer posts nothing twice. */
  clientId: string;
}

/** Posts a copy of a message in another chat; the copy goes into that chat's cached history. */
export function useForwardMessage() {
  const queryClient = useQueryClient();
  const myId = useMe().data?.id;
  return useMutation({
    mutationFn: ({ messageId, chatId, clientId }: ForwardInput) =>
      requestData(
        apiClient.POST('/api/v1/messages/{id}/forward', {
          params: { path: { id: messageId } },
          body: { chatId, clientId },
        }),
        MessageSchema,
      ),
    onSuccess: (message) => applyNewMessage(queryClient, message, myId),
  });
}
