import { type Chat, type Message, QUOTE_EXCERPT_LENGTH } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/Alert';
import { TextField } from '../../../components/ui/fields';
import { Spinner } from '../../../components/ui/Spinner';
import { ChatGlyph, chatTitle } from '../chat-display';
import { describeChatError } from '../chat-errors';
import { useChats } from '../chats.api';
import { useForwardMessage } from '../forward.api';
import { QuoteBlock } from '../QuoteBlock';
import { Modal } from './Modal';

/** A chat as it is spoken of: channels with their sign ("#general"), others by their title. */
export function chatNameWithSign(t: TFunction, chat: Chat): string {
  const title = chatTitle(t, chat);
  return chat.type === 'channel' || chat.type === 'private' ? `#${title}` : title;
}

/** Chats I can post the copy in: a member, and not archived. The most recently active first. */
function forwardTargets(chats: Chat[]): Chat[] {
  return chats
    .filter((chat) => chat.membership !== null && !chat.archived)
    .sort((a, b) => (b.lastMessageAt ?? b.createdAt).localeCompare(a.lastMessageAt ?? a.createdAt));
}

interface ForwardDialogProps {
  message: Message;
  onClose: () => void;
  /** The copy is posted in `chat`. */
  onForwarded: (chat: Chat) => void;
}

/** Picks one of my chats, found by name, and posts a copy of the message there. */
export function ForwardDialog({ message, onClose, onForwarded }: ForwardDialogProps) {
  const { t } = useTranslation();
  const chats = useChats();
  const forward = useForwardMessage();
  const [query, setQuery] = useState('');
  // One clientId per target for as long as the dialog is open: trying the same chat again after
  // a lost answer gets the first copy back instead of a second one.
  const clientIds = useRef(new Map<string, string>());

  const targets = useMemo(() => forwardTargets(chats.data ?? []), [chats.data]);
  const needle = query.trim().toLocaleLowerCase();
  const shown = needle
    ? targets.filter((chat) => chatTitle(t, chat).toLocaleLowerCase().includes(needle))
    : targets;

  const send = (chat: Chat) => {
    let clientId = clientIds.current.get(chat.id);
    if (!clientId) {
      clientId = crypto.randomUUID();
      clientIds.current.set(chat.id, clientId);
    }
    forward.mutate(
      { messageId: message.id, chatId: chat.id, clientId },
      { onSuccess: () => onForwarded(chat) },
    );
  };

  return (
    <Modal title={t('chats.forward.title')} onClose={onClose} testId="forward-dialog">
      <div className="space-y-3">
        <QuoteBlock authorId={message.authorId} excerpt={message.text.slice(0, QUOTE_EXCERPT_LENGTH)} />
        {forward.isError && (
          <Alert tone="error">
            {t('chats.forward.failed', { reason: describeChatError(t, forward.error) })}
          </Alert>
        )}
        <TextField
          label={t('chats.forward.search')}
          type="search"
          value={query}
          placeholder={t('chats.forward.placeholder')}
          onChange={(event) => setQuery(event.target.value)}
          autoComplete="off"
          data-autofocus
        />
        {chats.isError && <Alert tone="error">{describeChatError(t, chats.error)}</Alert>}
        {chats.isPending && (
          <p role="status" className="flex items-center gap-2 text-sm text-slate-500">
            <Spinner /> {t('common.loading')}
          </p>
        )}
        {chats.isSuccess && shown.length === 0 && (
          <p className="text-sm text-slate-500">
            {targets.length === 0 ? t('chats.forward.noChats') : t('chats.forward.empty')}
          </p>
        )}
        {shown.length > 0 && (
          <ul data-testid="forward-targets" className="-mx-2 max-h-72 overflow-y-auto">
            {shown.map((chat) => (
              <li key={chat.id}>
                <button
                  type="button"
                  disabled={forward.isPending}
                  aria-label={t('chats.forward.to', { name: chatNameWithSign(t, chat) })}
                  onClick={() => send(chat)}
                  className="flex w-full items-center gap-3 rounded-md px-2 py-2 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed disabled:opacity-60 disabled:hover:bg-transparent"
                >
                  <ChatGlyph chat={chat} size="md" />
                  <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">
                    {chatTitle(t, chat)}
                  </span>
                  {forward.isPending && forward.variables.chatId === chat.id && (
                    <Spinner className="size-4 text-brand-600" />
                  )}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Modal>
  );
}
