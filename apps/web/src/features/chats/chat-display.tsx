import { type Chat, type PublicUser } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { VideoIcon } from '../../components/ui/icons';
import { Avatar, avatarUrlOfSize, initialsOf, PresenceDot } from '../account/Avatar';
import { BookmarkIcon, HashIcon, LockIcon, PeopleIcon } from './chat-icons';
import { usePerson } from './people.api';

/** The name a chat goes by: its own, the other person's for a direct chat, or a description. */
export function chatTitle(t: TFunction, chat: Chat): string {
  if (chat.type === 'self') return t('chats.savedMessages');
  if (chat.name) return chat.name;
  if (chat.type === 'direct') return t('chats.unknownPerson');
  return t('chats.unnamedGroup', { count: chat.memberCount });
}

/** Presence as the avatar's dot shows it; someone offline gets no dot. */
function presenceDot(person: PublicUser | undefined) {
  return person && person.presence !== 'offline' ? person.presence : undefined;
}

interface PersonAvatarProps {
  userId: string | null;
  /** Shown as initials until (or unless) the profile loads. */
  fallbackName?: string;
  size?: 'sm' | 'md';
  withPresence?: boolean;
}

export function PersonAvatar({
  userId,
  fallbackName = '',
  size = 'sm',
  withPresence = false,
}: PersonAvatarProps) {
  const person = usePerson(userId).data;
  return (
    <Avatar
      displayName={person?.displayName ?? fallbackName}
      avatarUrl={person?.avatarUrl ?? null}
      presence={withPresence ? presenceDot(person) : undefined}
      size={size}
    />
  );
}

/** Someone's display name, or a placeholder for an account that is gone. */
export function usePersonName(userId: string | null): string {
  const { t } = useTranslation();
  const person = usePerson(userId);
  if (!userId) return t('chats.deletedAccount');
  if (person.data) return person.data.displayName;
  return person.isError ? t('chats.unknownPerson') : '…';
}

/** A 20 px picture for one line of the sidebar, with a small presence dot. */
function MiniAvatar({ userId, fallbackName }: { userId: string | null; fallbackName: string }) {
  const person = usePerson(userId).data;
  const presence = presenceDot(person);
  return (
    <span className="relative flex shrink-0">
      {person?.avatarUrl ? (
        <img
          src={avatarUrlOfSize(person.avatarUrl, 64)}
          alt=""
          className="size-5 shrink-0 rounded-full object-cover"
        />
      ) : (
        <span
          aria-hidden="true"
          className="flex size-5 shrink-0 items-center justify-center rounded-full bg-brand-100 text-[0.6rem] font-semibold text-brand-700"
        >
          {initialsOf(person?.displayName ?? fallbackName)}
        </span>
      )}
      {presence && <PresenceDot presence={presence} className="absolute -right-0.5 -bottom-0.5 size-2" />}
    </span>
  );
}

const glyphBox = 'flex shrink-0 items-center justify-center rounded-md';

/** The small picture beside a chat's name: the person of a direct chat, else an icon of its kind. */
export function ChatGlyph({ chat, size = 'sm' }: { chat: Chat; size?: 'sm' | 'md' }) {
  const box = size === 'sm' ? 'size-5' : 'size-9';
  const icon = size === 'sm' ? 'size-4' : 'size-5';
  if (chat.type === 'direct') {
    return size === 'sm' ? (
      <MiniAvatar userId={chat.peerId} fallbackName={chat.name ?? ''} />
    ) : (
      <PersonAvatar userId={chat.peerId} fallbackName={chat.name ?? ''} withPresence />
    );
  }
  const Icon =
    chat.type === 'channel'
      ? HashIcon
      : chat.type === 'private'
        ? LockIcon
        : chat.type === 'self'
          ? BookmarkIcon
          : chat.type === 'meeting'
            ? VideoIcon
            : PeopleIcon;
  return (
    <span className={`${glyphBox} ${box} ${size === 'md' ? 'bg-slate-100 text-slate-600' : ''}`}>
      <Icon className={icon} />
    </span>
  );
}
