import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigate, useParams } from 'react-router';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { useChatLiveUpdates } from './chat-live-updates';
import { ChatBubbleIcon } from './chat-icons';
import { ChatSidebar } from './ChatSidebar';
import { useOutboxDelivery } from './messages.api';
import { Outbox, OutboxContext } from './outbox';

/**
 * `/chats` and `/chats/:chatId`: the chat list beside the open chat. On a phone one of the two
 * fills the screen: the list at `/chats`, the chat once one is open.
 */
export function ChatsPage() {
  const [outbox] = useState(() => new Outbox());
  useOutboxDelivery(outbox);
  return (
    <OutboxContext value={outbox}>
      <ChatsLayout />
    </OutboxContext>
  );
}

function ChatsLayout() {
  const { chatId } = useParams();
  const navigate = useNavigate();
  useChatLiveUpdates(chatId, () => void navigate('/chats', { replace: true }));

  return (
    <div className="flex h-full min-h-0">
      <ChatSidebar activeChatId={chatId} className={chatId ? 'hidden md:flex' : 'flex'} />
      <div className={`${chatId ? 'flex' : 'hidden md:flex'} min-w-0 flex-1 bg-white`}>
        <Outlet />
      </div>
    </div>
  );
}

/** The index of `/chats` on a wide screen, before a chat is picked. */
export function NoChatSelected() {
  const { t } = useTranslation();
  usePageTitle(t('chats.title'));
  return (
    <div className="m-auto max-w-sm px-4 text-center">
      <span className="mx-auto mb-4 flex size-12 items-center justify-center rounded-2xl bg-brand-50 text-brand-600">
        <ChatBubbleIcon className="size-6" />
      </span>
      <h2 className="text-lg font-semibold text-slate-900">{t('chats.empty.title')}</h2>
      <p className="mt-1 text-sm text-slate-600">{t('chats.empty.text')}</p>
    </div>
  );
}
