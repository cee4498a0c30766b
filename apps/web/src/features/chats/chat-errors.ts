import { ErrorCode } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { isApiError } from '../../api/api-error';
import { describeApiError } from '../../components/forms/form-errors';

/** One sentence for a failed chat action: the chat domain's codes first, then the common ones. */
export function describeChatError(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    switch (error.code) {
      case ErrorCode.chatNotFound:
        return t('chats.errors.notFound');
      case ErrorCode.chatArchived:
        return t('chats.errors.archived');
      case ErrorCode.invalidChatMembers:
        return t('chats.errors.invalidMembers');
      case ErrorCode.messageNotFound:
        return t('chats.errors.messageNotFound');
      case ErrorCode.forbidden:
        return t('chats.errors.forbidden');
      case ErrorCode.fileNotFound:
      case ErrorCode.fileInvalidAttachment:
        return t('chats.errors.attachmentGone');
    }
  }
  return describeApiError(t, error);
}
