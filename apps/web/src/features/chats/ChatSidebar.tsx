import { type Chat } from '@beseda/protocol';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Spinner } from '../../components/ui/Spinner';
import { currentLanguage } from '../../i18n/i18n';
import { ChatGlyph, chatTitle } from './chat-display';
import { describeChatError } from './chat-errors';
import { PlusIcon, SearchIcon } from './chat-icons';
import { useChats } from './chats.api';
import { ChannelBrowserDialog } from './dialogs/ChannelBrowserDialog';
import { NewChannelDialog } from './dialogs/NewChannelDialog';
import { NewDirectDialog } from './dialogs/NewDirectDialog';
import { type SidebarSectionId, sidebarSections } from './sidebar-sections';

type DialogId = 'channel' | 'direct' | 'browse';

interface ChatSidebarProps {
  activeChatId: string | undefined;
  className?: string;
}

/** My chats by section, with unread counts, and the ways to start or find one. */
export function ChatSidebar({ activeChatId, className = '' }: ChatSidebarProps) {
  const { t, i18n } = useTranslation();
  const chats = useChats();
  const [dialog, setDialog] = useState<DialogId | null>(null);
  const closeDialog = () => setDialog(null);
  const language = currentLanguage(i18n);
  const sections = useMemo(
    () => sidebarSections(chats.data ?? [], (chat) => chatTitle(t, chat), language),
    [chats.data, t, language],
  );

  const sectionActions: Partial<Record<SidebarSectionId, ReactNode>> = {
    channels: (
      <>
        <SectionButton
          testId="channel-browser"
          label={t('chats.sidebar.browse')}
          onClick={() => setDialog('browse')}
        >
          <SearchIcon className="size-4" />
        </SectionButton>
        <SectionButton
          testId="new-channel"
          label={t('chats.sidebar.newChannel')}
          onClick={() => setDialog('channel')}
        >
          <PlusIcon className="size-4" />
        </SectionButton>
      </>
    ),
    direct: (
      <SectionButton
        testId="new-direct"
        label={t('chats.sidebar.newDirect')}
        onClick={() => setDialog('direct')}
      >
        <PlusIcon className="size-4" />
      </SectionButton>
    ),
  };

  return (
    <aside
      data-testid="chat-sidebar"
      aria-label={t('chats.sidebar.label')}
      className={`w-full shrink-0 flex-col border-r border-slate-200 bg-white md:w-72 ${className}`}
    >
      <h1 className="border-b border-slate-200 px-4 py-3 text-lg font-semibold text-slate-900">
        {t('chats.title')}
      </h1>
      <div className="flex-1 overflow-y-auto px-2 pt-2 pb-6">
        {chats.isPending && (
          <p role="status" className="flex items-center gap-2 px-2 py-3 text-sm text-slate-500">
            <Spinner /> {t('common.loading')}
          </p>
        )}
        {chats.isError && (
          <Alert tone="error" className="m-2">
            <p className="font-medium">{t('chats.sidebar.loadError')}</p>
            <p className="mt-1">{describeChatError(t, chats.error)}</p>
            <Button
              variant="secondary"
              className="mt-3"
              pending={chats.isFetching}
              onClick={() => void chats.refetch()}
            >
              {t('common.retry')}
            </Button>
          </Alert>
        )}
        {chats.isSuccess &&
          sections.map((section) => {
            // Favourites and saved messages appear once there is something in them.
            if (section.chats.length === 0 && (section.id === 'favourites' || section.id === 'saved'))
              return null;
            const headingId = `chat-section-${section.id}`;
            return (
              <section
                key={section.id}
                aria-labelledby={headingId}
                data-section={section.id}
                className="mt-3 first:mt-1"
              >
                <div className="flex items-center justify-between gap-2 px-2 py-1">
                  <h2 id={headingId} className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
                    {t(`chats.sidebar.${section.id}`)}
                  </h2>
                  <div className="flex items-center gap-0.5">{sectionActions[section.id]}</div>
                </div>
                {section.chats.length === 0 ? (
                  <p className="px-2 py-1 text-sm text-slate-500">{t(`chats.sidebar.empty.${section.id}`)}</p>
                ) : (
                  <ul className="space-y-px">
                    {section.chats.map((chat) => (
                      <li key={chat.id}>
                        <ChatItem chat={chat} active={chat.id === activeChatId} />
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
      </div>
      {dialog === 'channel' && <NewChannelDialog onClose={closeDialog} />}
      {dialog === 'direct' && <NewDirectDialog onClose={closeDialog} />}
      {dialog === 'browse' && <ChannelBrowserDialog onClose={closeDialog} />}
    </aside>
  );
}

interface SectionButtonProps {
  testId: string;
  label: string;
  onClick: () => void;
  children: ReactNode;
}

function SectionButton({ testId, label, onClick, children }: SectionButtonProps) {
  return (
    <button
      type="button"
      data-testid={testId}
      title={label}
      onClick={onClick}
      className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500"
    >
      {children}
      <span className="sr-only">{label}</span>
    </button>
  );
}

function ChatItem({ chat, active }: { chat: Chat; active: boolean }) {
  const { t } = useTranslation();
  const title = chatTitle(t, chat);
  // The open chat is being read: its count is about to be cleared, so it is not shown.
  const unread = active ? 0 : chat.unreadCount;
  const mentioned = !active && chat.mentionCount > 0;
  const muted = chat.membership?.muted ?? false;
  return (
    <NavLink
      to={`/chats/${chat.id}`}
      data-testid="chat-item"
      data-chat-id={chat.id}
      className={[
        'flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-500',
        active
          ? 'bg-brand-600 text-white'
          : unread > 0
            ? 'font-semibold text-slate-900 hover:bg-slate-100'
            : 'text-slate-700 hover:bg-slate-100',
        chat.archived && !active ? 'opacity-60' : '',
      ].join(' ')}
    >
      <span className={active ? 'text-white' : 'text-slate-500'}>
        <ChatGlyph chat={chat} />
      </span>
      <span data-testid="chat-name" className="min-w-0 flex-1 truncate">
        {title}
      </span>
      {unread > 0 && (
        <span
          data-testid="unread-badge"
          data-mentioned={mentioned || undefined}
          className={`min-w-5 rounded-full px-1.5 py-0.5 text-center text-xs leading-none font-semibold ${mentioned ? 'bg-red-600 text-white' : muted ? 'bg-slate-200 text-slate-700' : 'bg-brand-600 text-white'}`}
        >
          <span aria-hidden="true">
            {mentioned ? '@' : ''}
            {unread > 99 ? '99+' : unread}
          </span>
          <span className="sr-only">
            {t('chats.sidebar.unread', { count: unread })}
            {mentioned ? `, ${t('chats.sidebar.mentions', { count: chat.mentionCount })}` : ''}
          </span>
        </span>
      )}
    </NavLink>
  );
}
