import { type Chat, type Message } from '@beseda/protocol';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format';
import { PersonAvatar, usePersonName } from './chat-display';
import { PanelLoadState, SidePanel } from './SidePanel';
import { MessageText } from './MessageText';
import { usePins } from './pins.api';
import { PinIcon } from './thread-pin-icons';

interface PinsPanelProps {
  chat: Chat;
  /** Whether I may unpin (a member of a chat that is not archived). */
  canWrite: boolean;
  /** Shows the message where it is: in the timeline, or in its thread for a reply. */
  onJump: (message: Message) => void;
  onUnpin: (message: Message) => void;
  onClose: () => void;
}

/** The chat's pinned messages, most recently pinned first: a column beside the messages, or the whole screen on a phone. */
export function PinsPanel({ chat, canWrite, onJump, onUnpin, onClose }: PinsPanelProps) {
  const { t } = useTranslation();
  const pins = usePins(chat.id);

  return (
    <SidePanel
      id="chat-pins"
      testId="pins-panel"
      title={
        <>
          {t('chats.pins.title')}{' '}
          {pins.data && <span className="font-normal text-slate-500">{pins.data.length}</span>}
        </>
      }
      closeLabel={t('chats.pins.close')}
      onClose={onClose}
      widthClass="md:w-80"
    >
      <PanelLoadState query={pins} />
      {pins.data?.length === 0 && (
        <div className="px-4 py-10 text-center text-sm text-slate-500">
          <PinIcon className="mx-auto mb-2 size-6 text-slate-400" />
          {t('chats.pins.empty')}
        </div>
      )}
      {pins.data && pins.data.length > 0 && (
        <ul data-testid="pins-list" className="flex flex-col gap-2">
          {pins.data.map((message) => (
            <PinnedItem
              key={message.id}
              message={message}
              canUnpin={canWrite}
              onJump={onJump}
              onUnpin={onUnpin}
            />
          ))}
        </ul>
      )}
    </SidePanel>
  );
}

function PinnedItem({
  message,
  canUnpin,
  onJump,
  onUnpin,
}: {
  message: Message;
  canUnpin: boolean;
  onJump: (message: Message) => void;
  onUnpin: (message: Message) => void;
}) {
  const { t } = useTranslation();
  const formats = useFormatters();
  const authorName = usePersonName(message.authorId);

  return (
    <li data-testid="pinned-message" className="rounded-md border border-slate-200 p-2.5">
      <div className="flex items-center gap-2">
        <PersonAvatar userId={message.authorId} fallbackName={authorName} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold text-slate-900">{authorName}</p>
          <p className="text-xs text-slate-500">{formats.dateTime(message.createdAt)}</p>
        </div>
        {canUnpin && (
          <button
            type="button"
            onClick={() => onUnpin(message)}
            className="rounded-md px-1.5 py-1 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500"
          >
            {t('chats.pins.unpin')}
          </button>
        )}
      </div>
      <div
        data-testid="pinned-text"
        className="mt-1.5 line-clamp-4 text-sm leading-relaxed break-words text-slate-800"
      >
        <MessageText text={message.text} />
      </div>
      <button
        type="button"
        onClick={() => onJump(message)}
        className="mt-1.5 text-xs font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        {message.threadRootId ? t('chats.pins.openThread') : t('chats.pins.jump')}
      </button>
    </li>
  );
}
