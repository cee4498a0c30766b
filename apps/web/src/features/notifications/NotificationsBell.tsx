import { type Notification } from '@beseda/protocol';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Spinner } from '../../components/ui/Spinner';
import { useFormatters } from '../../i18n/format';
import { chatTitle, PersonAvatar, usePersonName } from '../chats/chat-display';
import { useChats } from '../chats/chats.api';
import { useMarkNotificationsRead, useNotificationLiveUpdates, useNotifications } from './notifications.api';

function BellIcon({ className = 'size-5' }: { className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      className={className}
      aria-hidden="true"
    >
      <path d="M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16Z" strokeLinejoin="round" />
      <path d="M10 20a2 2 0 0 0 4 0" strokeLinecap="round" />
    </svg>
  );
}

/** Where a notification leads: the chat at the message, the thread of a reply, or the chat. */
function targetOf(notification: Notification): string {
  const chat = `/chats/${notification.chatId}`;
  if (notification.threadRootId) return `${chat}?thread=${notification.threadRootId}`;
  if (notification.messageId) return `${chat}?message=${notification.messageId}`;
  return chat;
}

/** The bell in the top bar: unread count, and the list of notifications under it. */
export function NotificationsBell() {
  const { t } = useTranslation();
  useNotificationLiveUpdates();
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const unread = notifications.data?.unreadCount ?? 0;

  const follow = (notification: Notification) => {
    if (!notification.readAt) markRead.mutate([notification.id]);
    setOpen(false);
    void navigate(targetOf(notification));
  };

  return (
    <div
      className="relative"
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setOpen(false);
      }}
    >
      <button
        type="button"
        data-testid="notifications-bell"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        className="relative rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        <BellIcon />
        <span className="sr-only">{t('notifications.open', { count: unread })}</span>
        {unread > 0 && (
          <span
            data-testid="notifications-unread"
            aria-hidden="true"
            className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] leading-5 font-semibold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <section
          id={panelId}
          aria-label={t('notifications.title')}
          data-testid="notifications-panel"
          className="fixed inset-x-2 top-14 z-40 flex max-h-[70vh] flex-col rounded-lg border border-slate-200 bg-white shadow-lg sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-2 sm:w-96"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-2.5">
            <h2 className="font-semibold text-slate-900">{t('notifications.title')}</h2>
            {unread > 0 && (
              <button
                type="button"
                onClick={() => markRead.mutate(null)}
                className="rounded text-sm font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500"
              >
                {t('notifications.readAll')}
              </button>
            )}
          </div>
          <div className="overflow-y-auto">
            {notifications.isPending && (
              <p role="status" className="flex items-center gap-2 p-4 text-sm text-slate-500">
                <Spinner /> {t('common.loading')}
              </p>
            )}
            {notifications.isError && (
              <p role="alert" className="p-4 text-sm text-red-700">
                {t('notifications.loadError')}
              </p>
            )}
            {notifications.data?.items.length === 0 && (
              <p className="p-6 text-center text-sm text-slate-500">{t('notifications.empty')}</p>
            )}
            <ul>
              {notifications.data?.items.map((notification) => (
                <li key={notification.id}>
                  <NotificationItem notification={notification} onOpen={follow} />
                </li>
              ))}
            </ul>
          </div>
        </section>
      )}
    </div>
  );
}

function NotificationItem({
  notification,
  onOpen,
}: {
  notification: Notification;
  onOpen: (notification: Notification) => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const actor = usePersonName(notification.actorId);
  const chat = useChats().data?.find((candidate) => candidate.id === notification.chatId);
  const title = chat ? chatTitle(t, chat) : '';
  const where = chat && (chat.type === 'channel' || chat.type === 'private') ? `#${title}` : title;
  return (
    <button
      type="button"
      data-testid="notification"
      data-unread={notification.readAt === null}
      onClick={() => onOpen(notification)}
      className="flex w-full gap-3 px-4 py-3 text-left hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none data-[unread=true]:bg-brand-50/60"
    >
      <PersonAvatar userId={notification.actorId} fallbackName={actor} />
      <span className="min-w-0 flex-1">
        <span className="block text-sm text-slate-900">
          {t(`notifications.kind.${notification.kind}`, { name: actor, chat: where })}
        </span>
        {notification.preview && (
          <span className="mt-0.5 line-clamp-2 block text-sm text-slate-600">{notification.preview}</span>
        )}
        <span className="mt-0.5 block text-xs text-slate-500">{format.relative(notification.createdAt)}</span>
      </span>
      {notification.readAt === null && (
        <span
          className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-600"
          aria-label={t('notifications.unread')}
        />
      )}
    </button>
  );
}
