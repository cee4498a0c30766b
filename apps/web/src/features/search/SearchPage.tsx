import {
  type Chat,
  type PublicUser,
  type SearchFileHit,
  type SearchHit,
  SearchOrderSchema,
} from '@beseda/protocol';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { useFormatters } from '../../i18n/format';
import { ChatGlyph, chatTitle, usePersonName } from '../chats/chat-display';
import { useChats } from '../chats/chats.api';
import { usePeopleSearch } from '../chats/people.api';
import { Highlighted } from './Highlighted';
import { type SearchFilters, useChatSearch, useFileSearch, useMessageSearch } from './search.api';
import { FilterBar } from './SearchFilters';

/** The filters as the address keeps them; unknown values fall back to the defaults. */
function filtersOf(params: URLSearchParams): SearchFilters {
  const order = SearchOrderSchema.safeParse(params.get('order'));
  return {
    q: params.get('q') ?? '',
    chat: params.get('chat'),
    from: params.get('from'),
    mentionsMe: params.get('mentions') === '1',
    hasFile: params.get('files') === '1',
    since: params.get('since'),
    until: params.get('until'),
    order: order.success ? order.data : 'relevance',
  };
}

function paramsOf(filters: SearchFilters): URLSearchParams {
  const params = new URLSearchParams({ q: filters.q });
  if (filters.chat) params.set('chat', filters.chat);
  if (filters.from) params.set('from', filters.from);
  if (filters.mentionsMe) params.set('mentions', '1');
  if (filters.hasFile) params.set('files', '1');
  if (filters.since) params.set('since', filters.since);
  if (filters.until) params.set('until', filters.until);
  if (filters.order !== 'relevance') params.set('order', filters.order);
  return params;
}

/** Where a hit opens: its thread for a reply, else the timeline scrolled to it. */
export function hitLocation(hit: SearchHit): string {
  const { message } = hit;
  return message.threadRootId
    ? `/chats/${hit.chatId}?thread=${message.threadRootId}`
    : `/chats/${hit.chatId}?message=${message.id}`;
}

export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  usePageTitle(filters.q ? t('search.titleFor', { query: filters.q }) : t('search.title'));
  const update = (changes: Partial<SearchFilters>) => setParams(paramsOf({ ...filters, ...changes }));

  return (
    <div className="mx-auto flex h-full w-full max-w-3xl flex-col gap-4 overflow-y-auto p-4">
      <h1 className="text-xl font-semibold text-slate-900">{t('search.title')}</h1>
      <FilterBar filters={filters} onChange={update} />
      {filters.q.trim() === '' ? (
        <p className="text-slate-600">{t('search.empty')}</p>
      ) : (
        <>
          <ChatResults query={filters.q} />
          <PeopleResults query={filters.q} onPick={(from) => update({ from })} />
          <FileResults query={filters.q} chat={filters.chat} />
          <MessageResults filters={filters} />
        </>
      )}
    </div>
  );
}

function ChatResults({ query }: { query: string }) {
  const { t } = useTranslation();
  const chats = useChatSearch(query).data ?? [];
  if (chats.length === 0) return null;
  return (
    <section aria-labelledby="search-chats">
      <h2 id="search-chats" className="mb-1 text-sm font-semibold text-slate-600">
        {t('search.sections.chats')}
      </h2>
      <ul className="flex flex-wrap gap-2">
        {chats.map((chat) => (
          <li key={chat.id}>
            <Link
              to={`/chats/${chat.id}`}
              className="inline-flex items-center gap-1.5 rounded-md border border-slate-200 px-2 py-1 text-sm hover:bg-slate-50"
            >
              <ChatGlyph chat={chat} />
              {chatTitle(t, chat)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function PeopleResults({ query, onPick }: { query: string; onPick: (userId: string) => void }) {
  const { t } = useTranslation();
  const people: PublicUser[] = usePeopleSearch(query).data ?? [];
  if (people.length === 0) return null;
  return (
    <section aria-labelledby="search-people">
      <h2 id="search-people" className="mb-1 text-sm font-semibold text-slate-600">
        {t('search.sections.people')}
      </h2>
      <ul className="flex flex-wrap gap-2">
        {people.slice(0, 8).map((person) => (
          <li key={person.id}>
            <button
              type="button"
              onClick={() => onPick(person.id)}
              className="rounded-md border border-slate-200 px-2 py-1 text-sm hover:bg-slate-50"
            >
              {t('search.messagesFrom', { name: person.displayName })}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FileResults({ query, chat }: { query: string; chat: string | null }) {
  const { t } = useTranslation();
  const files: SearchFileHit[] = useFileSearch(query, chat).data ?? [];
  if (files.length === 0) return null;
  return (
    <section aria-labelledby="search-files">
      <h2 id="search-files" className="mb-1 text-sm font-semibold text-slate-600">
        {t('search.sections.files')}
      </h2>
      <ul className="flex flex-col gap-1">
        {files.map((hit) => (
          <li key={hit.file.id} className="flex items-center gap-2 text-sm">
            <a href={hit.file.url} className="truncate text-brand-700 hover:underline">
              {hit.file.name}
            </a>
            <Link
              to={`/chats/${hit.chatId}?message=${hit.messageId}`}
              className="shrink-0 text-xs text-slate-500 hover:underline"
            >
              {t('search.openMessage')}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function MessageResults({ filters }: { filters: SearchFilters }) {
  const { t } = useTranslation();
  const search = useMessageSearch(filters);
  const chats = useChats().data ?? [];
  const hits = search.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="search-messages" aria-busy={search.isFetching}>
      <h2 id="search-messages" className="mb-1 text-sm font-semibold text-slate-600">
        {t('search.sections.messages')}
      </h2>
      {search.isPending ? (
        <p className="text-slate-600">{t('search.searching')}</p>
      ) : search.isError ? (
        <p role="alert" className="text-red-700">
          {t('search.failed')}
        </p>
      ) : hits.length === 0 ? (
        <p className="text-slate-600">{t('search.noMessages')}</p>
      ) : (
        <ol className="flex flex-col divide-y divide-slate-100">
          {hits.map((hit) => (
            <li key={hit.message.id}>
              <HitRow hit={hit} chat={chats.find((chat) => chat.id === hit.chatId)} />
            </li>
          ))}
        </ol>
      )}
      {search.hasNextPage && (
        <button
          type="button"
          onClick={() => void search.fetchNextPage()}
          disabled={search.isFetchingNextPage}
          className="mt-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
        >
          {t('search.more')}
        </button>
      )}
    </section>
  );
}

function HitRow({ hit, chat }: { hit: SearchHit; chat: Chat | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { dateTime } = useFormatters();
  const author = usePersonName(hit.message.authorId);
  return (
    <button
      type="button"
      data-testid="search-hit"
      onClick={() => void navigate(hitLocation(hit))}
      className="flex w-full flex-col gap-0.5 rounded-md px-2 py-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
    >
      <span className="flex flex-wrap gap-x-2 text-xs text-slate-500">
        <span className="font-medium text-slate-700">
          {chat ? chatTitle(t, chat) : t('search.publicChannel')}
        </span>
        <span>{author}</span>
        <time dateTime={hit.message.createdAt}>{dateTime(hit.message.createdAt)}</time>
        {hit.message.threadRootId && <span>{t('search.inThread')}</span>}
      </span>
      <span className="text-sm text-slate-900">
        <Highlighted snippet={hit.snippet} />
      </span>
    </button>
  );
}
