import { type Chat } from '@beseda/protocol';
import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MeetingChatLinks } from '../meetings/MeetingChatLinks';
import { StartMeetingButton } from '../meetings/StartMeetingButton';
import { ChatGlyph, chatTitle } from './chat-display';
import { ArrowLeftIcon, LeaveIcon, PeopleIcon, PersonPlusIcon, StarIcon } from './chat-icons';
import { useSetFavourite } from './chats.api';
import { PinIcon } from './thread-pin-icons';

interface ChatHeaderProps {
  chat: Chat;
  membersOpen: boolean;
  onToggleMembers: () => void;
  pinsOpen: boolean;
  onTogglePins: () => void;
  onAddMembers: () => void;
  onLeave: () => void;
}

/** Whether a chat takes members other than the two of a direct chat, or me alone. */
export function isRoom(chat: Chat): boolean {
  return chat.type === 'channel' || chat.type === 'private' || chat.type === 'group';
}

export function ChatHeader({
  chat,
  membersOpen,
  onToggleMembers,
  pinsOpen,
  onTogglePins,
  onAddMembers,
  onLeave,
}: ChatHeaderProps) {
  const { t } = useTranslation();
  const favourite = useSetFavourite();
  const title = chatTitle(t, chat);
  const isFavourite = chat.membership?.favourite ?? false;

  return (
    <header className="flex h-14 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-2 sm:gap-3 sm:px-4">
      <Link
        to="/chats"
        className="rounded-md p-2 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 md:hidden"
      >
        <ArrowLeftIcon />
        <span className="sr-only">{t('chats.header.back')}</span>
      </Link>
      <ChatGlyph chat={chat} size="md" />
      <div className="min-w-0 flex-1">
        <h2
          data-testid="chat-title"
          className="flex items-center gap-2 truncate font-semibold text-slate-900"
        >
          <span className="truncate">{title}</span>
          {chat.archived && (
            <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">
              {t('chats.header.archived')}
            </span>
          )}
        </h2>
        {chat.topic && (
          <p data-testid="chat-topic" className="truncate text-xs text-slate-500" title={chat.topic}>
            {chat.topic}
          </p>
        )}
      </div>
      {chat.membership && !chat.archived && chat.type !== 'self' && chat.type !== 'meeting' && (
        <StartMeetingButton chat={chat} />
      )}
      {chat.meetingId && <MeetingChatLinks meetingId={chat.meetingId} />}
      <button
        type="button"
        data-testid="pins-toggle"
        aria-expanded={pinsOpen}
        aria-controls="chat-pins"
        onClick={onTogglePins}
        title={t('chats.pins.title')}
        className={`rounded-md p-2 focus-visible:outline-2 focus-visible:outline-brand-500 ${pinsOpen ? 'bg-slate-100 text-slate-900' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'}`}
      >
        <PinIcon />
        <span className="sr-only">{t('chats.pins.title')}</span>
      </button>
      {chat.type !== 'self' && (
        <button
          type="button"
          data-testid="members-toggle"
          aria-expanded={membersOpen}
          aria-controls="chat-members"
          onClick={onToggleMembers}
          title={t('chats.header.members')}
          className={`flex items-center gap-1 rounded-md px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-500 ${membersOpen ? 'bg-slate-100 text-slate-900' : 'text-slate-600 hover:bg-slate-100'}`}
        >
          <PeopleIcon className="size-5" />
          <span aria-hidden="true">{chat.memberCount}</span>
          <span className="sr-only">{t('chats.memberCount', { count: chat.memberCount })}</span>
        </button>
      )}
      {chat.membership && (
        <HeaderButton
          label={t('chats.header.favourite')}
          pressed={isFavourite}
          onClick={() => favourite.mutate({ chatId: chat.id, favourite: !isFavourite })}
        >
          <StarIcon filled={isFavourite} className={`size-5 ${isFavourite ? 'text-amber-500' : ''}`} />
        </HeaderButton>
      )}
      {chat.membership && isRoom(chat) && !chat.archived && (
        <HeaderButton
          label={t('chats.header.addMembers')}
          onClick={onAddMembers}
          testId="add-members"
          wideOnly
        >
          <PersonPlusIcon />
        </HeaderButton>
      )}
      {chat.membership && isRoom(chat) && (
        <HeaderButton label={t('chats.header.leave')} onClick={onLeave} testId="leave-chat" wideOnly>
          <LeaveIcon />
        </HeaderButton>
      )}
    </header>
  );
}

interface HeaderButtonProps {
  label: string;
  onClick: () => void;
  children: ReactNode;
  pressed?: boolean;
  testId?: string;
  /** Left out on phones, where the member panel offers it instead. */
  wideOnly?: boolean;
}

function HeaderButton({ label, onClick, children, pressed, testId, wideOnly = false }: HeaderButtonProps) {
  return (
    <button
      type="button"
      title={label}
      aria-pressed={pressed}
      data-testid={testId}
      onClick={onClick}
      className={`${wideOnly ? 'hidden sm:block' : ''} rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500`}
    >
      {children}
      <span className="sr-only">{label}</span>
    </button>
  );
}
