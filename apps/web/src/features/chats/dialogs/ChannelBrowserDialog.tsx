import { type Chat } from '@beseda/protocol';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/ui/Alert';
import { Button } from '../../../components/ui/Button';
import { TextField } from '../../../components/ui/fields';
import { Spinner } from '../../../components/ui/Spinner';
import { describeChatError } from '../chat-errors';
import { HashIcon } from '../chat-icons';
import { useChannelDirectory, useJoinChat } from '../chats.api';
import { useDebouncedValue } from '../useDebouncedValue';
import { Modal } from './Modal';

/** The public channels, searchable by name: join one, or open one I am already in. */
export function ChannelBrowserDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const settledQuery = useDebouncedValue(query.trim());
  const channels = useChannelDirectory(settledQuery);
  const stale = channels.isPlaceholderData || settledQuery !== query.trim();
  const join = useJoinChat();

  const open = (chat: Chat) => {
    onClose();
    void navigate(`/chats/${chat.id}`);
  };

  return (
    <Modal title={t('chats.browser.title')} onClose={onClose} testId="channel-browser-dialog">
      <div className="space-y-3">
        <TextField
          label={t('chats.browser.search')}
          type="search"
          value={query}
          placeholder={t('chats.browser.placeholder')}
          onChange={(event) => setQuery(event.target.value)}
          autoComplete="off"
          data-autofocus
        />
        {channels.isError && <Alert tone="error">{describeChatError(t, channels.error)}</Alert>}
        {join.isError && <Alert tone="error">{describeChatError(t, join.error)}</Alert>}
        {channels.isPending && (
          <p role="status" className="flex items-center gap-2 text-sm text-slate-500">
            <Spinner /> {t('common.loading')}
          </p>
        )}
        {channels.data?.length === 0 && <p className="text-sm text-slate-500">{t('chats.browser.empty')}</p>}
        {channels.data && channels.data.length > 0 && (
          <ul
            data-testid="channel-results"
            aria-busy={stale || undefined}
            className={`-mx-2 max-h-80 divide-y divide-slate-100 overflow-y-auto transition-opacity ${stale ? 'opacity-50' : ''}`}
          >
            {channels.data.map((chat) => (
              <li key={chat.id} className="flex items-center gap-3 px-2 py-2.5">
                <HashIcon className="size-4 shrink-0 text-slate-500" />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium text-slate-900">{chat.name}</p>
                  <p className="truncate text-xs text-slate-500">
                    {t('chats.memberCount', { count: chat.memberCount })}
                    {chat.topic ? ` · ${chat.topic}` : ''}
                  </p>
                </div>
                {chat.membership ? (
                  <Button variant="secondary" className="min-h-8 py-1" onClick={() => open(chat)}>
                    {t('chats.browser.open')}
                  </Button>
                ) : (
                  <Button
                    className="min-h-8 py-1"
                    disabled={chat.archived}
                    pending={join.isPending && join.variables === chat.id}
                    aria-label={t('chats.browser.joinNamed', { name: chat.name ?? '' })}
                    onClick={() => join.mutate(chat.id, { onSuccess: open })}
                  >
                    {t('chats.browser.join')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Modal>
  );
}
