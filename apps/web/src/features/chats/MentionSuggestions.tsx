import { type PublicUser } from '@beseda/protocol';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/i18n';
import { type Language } from '../../i18n/languages';
import { Avatar } from '../account/Avatar';
import { useMe } from '../account/me.api';
import { useChatMembers, useChats } from './chats.api';
import { type TokenAtCaret } from './composer-tokens';
import {
  type EmojiCatalog,
  loadedEmojiCatalog,
  loadEmojiCatalog,
  normaliseSearch,
  searchEmoji,
} from './emoji-data';
import { peopleKeys, usePeopleSearch } from './people.api';
import { useDebouncedValue } from './useDebouncedValue';

/** One completion offered at the caret. */
export type Suggestion =
  | { kind: 'person'; key: string; insert: string; person: PublicUser; member: boolean }
  | { kind: 'special'; key: string; insert: string; name: 'channel' | 'here' }
  | { kind: 'emoji'; key: string; insert: string; emoji: string; label: string; shortcode?: string };

const MAX_SUGGESTIONS = 8;
/** The directory is asked once per pause in typing. */
const SEARCH_DEBOUNCE_MS = 150;
const SPECIAL_MENTIONS = ['channel', 'here'] as const;

/** What to offer for the token at the caret: people and @channel/@here after `@`, emoji after `:`. */
export function useComposerSuggestions(chatId: string | undefined, token: TokenAtCaret | null): Suggestion[] {
  const people = useMentionSuggestions(chatId, token?.trigger === '@' ? token.query : null);
  const emoji = useEmojiSuggestions(token?.trigger === ':' ? token.query : null);
  if (token?.trigger === '@') return people;
  if (token?.trigger === ':') return emoji;
  return [];
}

function matchesPerson(person: PublicUser, needle: string): boolean {
  if (needle === '') return true;
  const name = normaliseSearch(person.displayName);
  return (
    normaliseSearch(person.username).startsWith(needle) ||
    name.startsWith(needle) ||
    name.split(/\s+/).some((word) => word.startsWith(needle))
  );
}

/**
 * People whose username or display name starts with the query: the chat's members first (those
 * whose profiles are already loaded, and any the directory finds), then @channel and @here, then
 * others from the directory.
 */
function useMentionSuggestions(chatId: string | undefined, query: string | null): Suggestion[] {
  const active = query !== null;
  const queryClient = useQueryClient();
  const myId = useMe().data?.id;
  const chat = useChats().data?.find((candidate) => candidate.id === chatId);
  const members = useChatMembers(chatId ?? '', active && chatId !== undefined);
  const directory = usePeopleSearch(useDebouncedValue(query ?? '', SEARCH_DEBOUNCE_MS), active);
  if (!active) return [];

  const needle = normaliseSearch(query);
  const memberIds = new Set(members.data?.map((member) => member.userId));
  const people = new Map<string, PublicUser>();
  for (const userId of memberIds) {
    const person = queryClient.getQueryData<PublicUser>(peopleKeys.person(userId));
    if (person) people.set(userId, person);
  }
  for (const person of directory.data ?? []) people.set(person.id, person);
  const found = [...people.values()]
    .filter((person) => person.id !== myId && matchesPerson(person, needle))
    .sort(
      (a, b) =>
        Number(!normaliseSearch(a.username).startsWith(needle)) -
          Number(!normaliseSearch(b.username).startsWith(needle)) ||
        a.displayName.localeCompare(b.displayName),
    );
  const toSuggestion = (person: PublicUser): Suggestion => ({
    kind: 'person',
    key: person.id,
    insert: `@${person.username} `,
    person,
    member: memberIds.has(person.id),
  });
  // Everyone at once makes no sense in a chat of two, or with myself.
  const room = chat?.type !== 'direct' && chat?.type !== 'self';
  const specials: Suggestion[] = room
    ? SPECIAL_MENTIONS.filter((name) => name.startsWith(needle)).map((name) => ({
        kind: 'special',
        key: `@${name}`,
        insert: `@${name} `,
        name,
      }))
    : [];
  return [
    ...found.filter((person) => memberIds.has(person.id)).map(toSuggestion),
    ...specials,
    ...found.filter((person) => !memberIds.has(person.id)).map(toSuggestion),
  ].slice(0, MAX_SUGGESTIONS);
}

/** Emoji for `:` and two or more letters, by shortcode or by name in Russian or English. */
function useEmojiSuggestions(query: string | null): Suggestion[] {
  const { i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const [loaded, setLoaded] = useState<{ language: Language; catalog: EmojiCatalog } | null>(null);
  const active = query !== null;
  const catalog = loadedEmojiCatalog(language) ?? (loaded?.language === language ? loaded.catalog : null);

  useEffect(() => {
    if (!active || catalog) return;
    let current = true;
    loadEmojiCatalog(language).then(
      (next) => {
        if (current) setLoaded({ language, catalog: next });
      },
      () => {
        // No suggestions then; the picker offers a retry.
      },
    );
    return () => {
      current = false;
    };
  }, [active, catalog, language]);

  if (!active || !catalog) return [];
  return searchEmoji(catalog, query, MAX_SUGGESTIONS).map((info) => ({
    kind: 'emoji',
    key: info.emoji,
    insert: info.emoji,
    emoji: info.emoji,
    label: info.label,
    ...(info.shortcodes[0] !== undefined && { shortcode: info.shortcodes[0] }),
  }));
}

interface SuggestionListProps {
  id: string;
  items: readonly Suggestion[];
  activeIndex: number;
  onPick: (index: number) => void;
  onHover: (index: number) => void;
}

export function suggestionOptionId(listId: string, index: number): string {
  return `${listId}-${index}`;
}

/**
 * The list above the composer. Focus stays in the text field (it points here with
 * aria-activedescendant); a press on an option must not take the focus away either.
 */
export function SuggestionList({ id, items, activeIndex, onPick, onHover }: SuggestionListProps) {
  const { t } = useTranslation();
  return (
    <ul
      id={id}
      role="listbox"
      data-testid="composer-suggestions"
      aria-label={items[0]?.kind === 'emoji' ? t('chats.mentions.emojiLabel') : t('chats.mentions.label')}
      className="absolute right-0 bottom-full left-0 z-20 mb-1 max-h-72 overflow-y-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg"
    >
      {items.map((item, index) => (
        <li
          key={item.key}
          id={suggestionOptionId(id, index)}
          role="option"
          aria-selected={index === activeIndex}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onPick(index)}
          onMouseEnter={() => onHover(index)}
          className="flex cursor-pointer items-center gap-2.5 px-3 py-1.5 text-sm aria-selected:bg-brand-50"
        >
          <SuggestionContent item={item} />
        </li>
      ))}
    </ul>
  );
}

function SuggestionContent({ item }: { item: Suggestion }) {
  const { t } = useTranslation();
  switch (item.kind) {
    case 'person':
      return (
        <>
          <Avatar displayName={item.person.displayName} avatarUrl={item.person.avatarUrl} size="sm" />
          <span className="truncate font-medium text-slate-900">{item.person.displayName}</span>
          <span className="truncate text-slate-500">@{item.person.username}</span>
          {!item.member && (
            <span className="ml-auto shrink-0 text-xs text-slate-400">{t('chats.mentions.notMember')}</span>
          )}
        </>
      );
    case 'special':
      return (
        <>
          <span
            aria-hidden="true"
            className="flex size-8 shrink-0 items-center justify-center rounded-full bg-amber-50 font-semibold text-amber-700"
          >
            @
          </span>
          <span className="font-medium text-slate-900">@{item.name}</span>
          <span className="truncate text-slate-500">
            {item.name === 'channel' ? t('chats.mentions.channel') : t('chats.mentions.here')}
          </span>
        </>
      );
    case 'emoji':
      return (
        <>
          <span aria-hidden="true" className="w-6 text-center text-lg">
            {item.emoji}
          </span>
          <span className="truncate text-slate-900">{item.label}</span>
          {item.shortcode && <span className="truncate text-slate-500">:{item.shortcode}:</span>}
        </>
      );
  }
}
