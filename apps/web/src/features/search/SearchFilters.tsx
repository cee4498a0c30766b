import { type SearchOrder } from '@beseda/protocol';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chatTitle, usePersonName } from '../chats/chat-display';
import { useChats } from '../chats/chats.api';
import { usePeopleSearch } from '../chats/people.api';
import { useDebouncedValue } from '../chats/useDebouncedValue';
import { type SearchFilters } from './search.api';

interface FilterBarProps {
  filters: SearchFilters;
  onChange: (changes: Partial<SearchFilters>) => void;
}

const chipClass =
  'inline-flex items-center gap-1 rounded-full border px-3 py-1 text-sm focus-within:outline-2 focus-within:outline-brand-500';
const idle = 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50';
const active = 'border-brand-500 bg-brand-50 text-brand-800';

/** The filter chips: chat, author, mentions of me, has a file, dates, order. A set chip can be removed. */
export function FilterBar({ filters, onChange }: FilterBarProps) {
  const { t } = useTranslation();
  const chats = useChats().data ?? [];
  const chatName = (id: string) => {
    const chat = chats.find((item) => item.id === id);
    return chat ? chatTitle(t, chat) : t('search.filters.someChat');
  };
  const setOrder = (order: SearchOrder) => onChange({ order });

  return (
    <div role="group" aria-label={t('search.filters.label')} className="flex flex-wrap items-center gap-2">
      {filters.chat ? (
        <Chip
          label={t('search.filters.inChat', { name: chatName(filters.chat) })}
          onRemove={() => onChange({ chat: null })}
        />
      ) : (
        <span className={`${chipClass} ${idle}`}>
          <select
            aria-label={t('search.filters.chat')}
            value=""
            onChange={(event) => onChange({ chat: event.target.value || null })}
            className="bg-transparent outline-none"
          >
            <option value="">{t('search.filters.anyChat')}</option>
            {chats.map((chat) => (
              <option key={chat.id} value={chat.id}>
                {chatTitle(t, chat)}
              </option>
            ))}
          </select>
        </span>
      )}
      {filters.from ? (
        <AuthorChip userId={filters.from} onRemove={() => onChange({ from: null })} />
      ) : (
        <AuthorPicker onPick={(from) => onChange({ from })} />
      )}
      <button
        type="button"
        aria-pressed={filters.mentionsMe}
        onClick={() => onChange({ mentionsMe: !filters.mentionsMe })}
        className={`${chipClass} ${filters.mentionsMe ? active : idle}`}
      >
        {t('search.filters.mentionsMe')}
      </button>
      <button
        type="button"
        aria-pressed={filters.hasFile}
        onClick={() => onChange({ hasFile: !filters.hasFile })}
        className={`${chipClass} ${filters.hasFile ? active : idle}`}
      >
        {t('search.filters.hasFile')}
      </button>
      <DateChip
        label={t('search.filters.since')}
        value={filters.since}
        onChange={(since) => onChange({ since })}
      />
      <DateChip
        label={t('search.filters.until')}
        value={filters.until}
        onChange={(until) => onChange({ until })}
      />
      <div role="group" aria-label={t('search.filters.order')} className="ml-auto flex gap-1">
        {(['relevance', 'date'] as const).map((order) => (
          <button
            key={order}
            type="button"
            aria-pressed={filters.order === order}
            onClick={() => setOrder(order)}
            className={`${chipClass} ${filters.order === order ? active : idle}`}
          >
            {t(`search.filters.orderBy.${order}`)}
          </button>
        ))}
      </div>
    </div>
  );
}

function Chip({ label, onRemove }: { label: ReactNode; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <span className={`${chipClass} ${active}`}>
      {label}
      <button
        type="button"
        onClick={onRemove}
        aria-label={t('search.filters.remove', { filter: typeof label === 'string' ? label : '' })}
        className="rounded-full px-1 text-brand-700 hover:bg-brand-100"
      >
        ×
      </button>
    </span>
  );
}

function AuthorChip({ userId, onRemove }: { userId: string; onRemove: () => void }) {
  const { t } = useTranslation();
  const name = usePersonName(userId);
  return <Chip label={t('search.filters.fromPerson', { name })} onRemove={onRemove} />;
}

/** "From…": type part of a name, pick the person. */
function AuthorPicker({ onPick }: { onPick: (userId: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const query = useDebouncedValue(text.trim(), 250);
  const people = usePeopleSearch(query, query !== '').data ?? [];
  return (
    <span className="relative">
      <span className={`${chipClass} ${idle}`}>
        <input
          type="text"
          aria-label={t('search.filters.from')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={t('search.filters.fromPlaceholder')}
          className="w-28 bg-transparent outline-none"
        />
      </span>
      {query !== '' && people.length > 0 && (
        <ul
          aria-label={t('search.filters.fromPeople')}
          className="absolute z-10 mt-1 w-56 rounded-md border border-slate-200 bg-white py-1 shadow-lg"
        >
          {people.slice(0, 6).map((person) => (
            <li key={person.id}>
              <button
                type="button"
                onClick={() => {
                  setText('');
                  onPick(person.id);
                }}
                className="w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100"
              >
                {person.displayName} <span className="text-slate-500">@{person.username}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </span>
  );
}

function DateChip({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  return (
    <label className={`${chipClass} ${value ? active : idle}`}>
      {label}
      <input
        type="date"
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || null)}
        className="bg-transparent outline-none"
      />
    </label>
  );
}
