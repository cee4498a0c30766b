import { type PublicUser } from '@beseda/protocol';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/Alert';
import { TextField } from '../../../components/ui/fields';
import { Spinner } from '../../../components/ui/Spinner';
import { Avatar } from '../../account/Avatar';
import { describeChatError } from '../chat-errors';
import { usePeopleSearch } from '../people.api';
import { useDebouncedValue } from '../useDebouncedValue';

interface PeoplePickerProps {
  /** People who cannot be picked (me, those already in the chat); shown with the reason. */
  unavailable: ReadonlyMap<string, string>;
  /** Picked people get a tick; without it, each row is a single action button. */
  selected?: ReadonlySet<string>;
  onPick: (person: PublicUser) => void;
  /** Accessible name of a row's action, e.g. "Message Anna". */
  actionLabel: (person: PublicUser) => string;
  pendingId?: string | null;
}

/** A search box over the people directory, with the matches below it. */
export function PeoplePicker({
  unavailable,
  selected,
  onPick,
  actionLabel,
  pendingId = null,
}: PeoplePickerProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const settledQuery = useDebouncedValue(query.trim());
  const search = usePeopleSearch(settledQuery);
  // The previous answer stays on screen while the new one loads, dimmed so it is not taken for it.
  const stale = search.isPlaceholderData || settledQuery !== query.trim();

  return (
    <div className="space-y-3">
      <TextField
        label={t('chats.people.search')}
        type="search"
        value={query}
        placeholder={t('chats.people.placeholder')}
        onChange={(event) => setQuery(event.target.value)}
        autoComplete="off"
        data-autofocus
      />
      {search.isError && <Alert tone="error">{describeChatError(t, search.error)}</Alert>}
      {search.isPending && (
        <p role="status" className="flex items-center gap-2 text-sm text-slate-500">
          <Spinner /> {t('common.loading')}
        </p>
      )}
      {search.data && search.data.length === 0 && (
        <p className="text-sm text-slate-500">{t('chats.people.noResults')}</p>
      )}
      {search.data && search.data.length > 0 && (
        <ul
          data-testid="people-results"
          aria-busy={stale || undefined}
          className={`-mx-2 max-h-72 overflow-y-auto transition-opacity ${stale ? 'opacity-50' : ''}`}
        >
          {search.data.map((person) => {
            const reason = unavailable.get(person.id);
            const picked = selected?.has(person.id) ?? false;
            return (
              <li key={person.id}>
                <button
                  type="button"
                  disabled={reason !== undefined || pendingId !== null}
                  aria-pressed={selected ? picked : undefined}
                  aria-label={actionLabel(person)}
                  onClick={() => onPick(person)}
                  className={`flex w-full items-center gap-3 rounded-md px-2 py-2 text-left hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed disabled:opacity-60 disabled:hover:bg-transparent ${picked ? 'bg-brand-50' : ''}`}
                >
                  <Avatar
                    displayName={person.displayName}
                    avatarUrl={person.avatarUrl}
                    presence={person.presence === 'offline' ? undefined : person.presence}
                  />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium text-slate-900">
                      {person.displayName}
                    </span>
                    <span className="block truncate text-xs text-slate-500">
                      @{person.username}
                      {reason ? ` · ${reason}` : ''}
                    </span>
                  </span>
                  {pendingId === person.id && <Spinner className="size-4 text-brand-600" />}
                  {selected && (
                    <span
                      aria-hidden="true"
                      className={`flex size-5 items-center justify-center rounded border text-xs ${picked ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300'}`}
                    >
                      {picked ? '✓' : ''}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
