import { type Message } from '@beseda/protocol';
import { memo, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeChatError } from './chat-errors';
import { PersonAvatar, usePersonName } from './chat-display';
import { PencilIcon, SmileIcon, TrashIcon } from './chat-icons';
import { MessageText } from './MessageText';
import { hasReacted, QUICK_REACTIONS } from './reactions';
import { type TimelineEntry } from './timeline';

export interface MessageActions {
  onEdit: (message: Message) => void;
  onDelete: (message: Message) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** Adds my reaction with this emoji, or takes it back if I have reacted so already. */
  onToggleReaction: (message: Message, emoji: string) => void;
}

interface MessageRowProps {
  entry: TimelineEntry;
  myId: string | undefined;
  editing: boolean;
  /** Whether I may delete others' messages here (chat owner or admin). */
  canModerate: boolean;
  /** Whether I may react here (a member of a chat that is not archived). */
  canReact: boolean;
  /** Show the author's presence on their picture (in a direct chat). */
  showPresence: boolean;
  actions: MessageActions;
  formatTime: (date: Date) => string;
  formatDateTime: (date: Date) => string;
}

/**
 * One message: with the author's name and picture when it starts a group, aligned under the
 * previous one otherwise. The text is Markdown, rendered through a sanitiser (see markdown.ts).
 */
export const MessageRow = memo(function MessageRow({
  entry,
  myId,
  editing,
  canModerate,
  canReact,
  showPresence,
  actions,
  formatTime,
  formatDateTime,
}: MessageRowProps) {
  const { t } = useTranslation();
  const message = entry.kind === 'message' ? entry.message : null;
  const outgoing = entry.kind === 'outgoing' ? entry.outgoing : null;
  const authorId = message ? message.authorId : (myId ?? null);
  const authorName = usePersonName(authorId);
  const createdAt = new Date(message?.createdAt ?? outgoing!.createdAt);
  const mine = authorId !== null && authorId === myId;
  const deleted = message?.deleted ?? false;
  const canEdit = message !== null && mine && !deleted;
  const canDelete = message !== null && !deleted && (mine || canModerate);
  const canReactHere = message !== null && !deleted && canReact && myId !== undefined;
  const hasActions = canEdit || canDelete || canReactHere;
  const [pickerOpen, setPickerOpen] = useState(false);
  const pick = (emoji: string) => {
    setPickerOpen(false);
    if (message) actions.onToggleReaction(message, emoji);
  };

  return (
    <div
      data-testid="message"
      data-seq={message?.seq}
      data-anchor-key={entry.key}
      data-pending={outgoing?.status}
      data-deleted={deleted || undefined}
      // Focusable by a tap, so that on a touch screen tapping a message shows its actions.
      tabIndex={message && hasActions ? -1 : undefined}
      className={`group relative flex gap-3 outline-none focus-within:bg-slate-50 px-3 sm:px-4 ${entry.startsGroup ? 'mt-2 pt-1.5' : ''} pb-0.5 ${editing ? 'bg-amber-50' : 'hover:bg-slate-50'}`}
    >
      {/* A wider time than the gutter overflows to the left, into the padding, not over the text. */}
      <div className="flex w-8 shrink-0 justify-end">
        {entry.startsGroup ? (
          <PersonAvatar userId={authorId} fallbackName={authorName} withPresence={showPresence} />
        ) : (
          <time
            dateTime={createdAt.toISOString()}
            title={formatDateTime(createdAt)}
            className="hidden pt-0.5 text-[0.625rem] leading-5 whitespace-nowrap text-slate-400 group-hover:block"
          >
            {formatTime(createdAt)}
          </time>
        )}
      </div>
      <div className="min-w-0 flex-1">
        {entry.startsGroup && (
          <p className="flex items-baseline gap-2">
            <span data-testid="message-author" className="truncate text-sm font-semibold text-slate-900">
              {authorName}
            </span>
            <time
              dateTime={createdAt.toISOString()}
              title={formatDateTime(createdAt)}
              className="text-xs text-slate-500"
            >
              {formatTime(createdAt)}
            </time>
          </p>
        )}
        {deleted ? (
          <p className="text-sm text-slate-400 italic">{t('chats.messages.deleted')}</p>
        ) : (
          <div
            data-testid="message-text"
            className={`text-[0.9375rem] leading-relaxed break-words ${outgoing ? 'text-slate-500' : 'text-slate-800'}`}
          >
            <MessageText text={message?.text ?? outgoing!.text} />
            {message?.editedAt && (
              <span
                className="ml-1.5 align-baseline text-xs text-slate-400"
                title={formatDateTime(new Date(message.editedAt))}
              >
                ({t('chats.messages.edited')})
              </span>
            )}
          </div>
        )}
        {message && !deleted && message.reactions.length > 0 && (
          <ul data-testid="reactions" className="mt-1 flex flex-wrap gap-1">
            {message.reactions.map((reaction) => {
              const mineToo = hasReacted(message, reaction.emoji, myId);
              return (
                <li key={reaction.emoji}>
                  <button
                    type="button"
                    data-testid="reaction"
                    aria-pressed={mineToo}
                    disabled={!canReactHere}
                    title={t('chats.reactions.chip', { emoji: reaction.emoji, count: reaction.count })}
                    onClick={() => actions.onToggleReaction(message, reaction.emoji)}
                    className={`flex h-6 items-center gap-1 rounded-full border px-2 text-xs focus-visible:outline-2 focus-visible:outline-brand-500 disabled:cursor-default ${mineToo ? 'border-brand-300 bg-brand-50 text-brand-800' : 'border-slate-200 bg-white text-slate-700 enabled:hover:border-slate-300 enabled:hover:bg-slate-50'}`}
                  >
                    <span aria-hidden="true">{reaction.emoji}</span>
                    <span aria-hidden="true" className="font-medium tabular-nums">
                      {reaction.count}
                    </span>
                    <span className="sr-only">
                      {t('chats.reactions.chip', { emoji: reaction.emoji, count: reaction.count })}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {outgoing?.status === 'sending' && (
          <p role="status" className="text-xs text-slate-400">
            {t('chats.messages.sending')}
          </p>
        )}
        {outgoing?.status === 'failed' && (
          <p role="alert" className="mt-0.5 flex flex-wrap items-center gap-x-3 text-xs text-red-700">
            <span>
              {t('chats.messages.failed')}: {describeChatError(t, outgoing.error)}
            </span>
            <button
              type="button"
              onClick={() => actions.onRetry(outgoing.clientId)}
              className="font-medium underline underline-offset-2 hover:text-red-900 focus-visible:outline-2 focus-visible:outline-red-600"
            >
              {t('chats.messages.retry')}
            </button>
            <button
              type="button"
              onClick={() => actions.onDiscard(outgoing.clientId)}
              className="text-slate-600 underline underline-offset-2 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500"
            >
              {t('chats.messages.discard')}
            </button>
          </p>
        )}
      </div>
      {message && hasActions && (
        <div
          role="toolbar"
          aria-label={t('chats.messages.actions')}
          // Focus leaving the menu (a click elsewhere, a Tab away) closes the reaction picker.
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget)) setPickerOpen(false);
          }}
          className={`absolute -top-3 right-3 flex rounded-md border border-slate-200 bg-white shadow-sm group-focus-within:pointer-events-auto group-focus-within:opacity-100 group-hover:pointer-events-auto group-hover:opacity-100 ${pickerOpen ? '' : 'pointer-events-none opacity-0'}`}
        >
          {canReactHere && (
            <ToolbarButton
              label={t('chats.reactions.add')}
              expanded={pickerOpen}
              onClick={() => setPickerOpen((open) => !open)}
            >
              <SmileIcon className="size-4" />
            </ToolbarButton>
          )}
          {canReactHere && pickerOpen && (
            <div
              role="group"
              data-testid="reaction-picker"
              aria-label={t('chats.reactions.picker')}
              onKeyDown={(event) => {
                if (event.key === 'Escape') setPickerOpen(false);
              }}
              className="absolute top-full right-0 z-10 mt-1 flex gap-0.5 rounded-md border border-slate-200 bg-white p-1 shadow-md"
            >
              {QUICK_REACTIONS.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  title={emoji}
                  aria-pressed={hasReacted(message, emoji, myId)}
                  onClick={() => pick(emoji)}
                  className="flex size-8 items-center justify-center rounded text-lg hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 aria-pressed:bg-brand-50"
                >
                  {emoji}
                </button>
              ))}
            </div>
          )}
          {canEdit && (
            <ToolbarButton label={t('chats.messages.edit')} onClick={() => actions.onEdit(message)}>
              <PencilIcon className="size-4" />
            </ToolbarButton>
          )}
          {canDelete && (
            <ToolbarButton label={t('chats.messages.delete')} onClick={() => actions.onDelete(message)}>
              <TrashIcon className="size-4" />
            </ToolbarButton>
          )}
        </div>
      )}
    </div>
  );
});

function ToolbarButton({
  label,
  onClick,
  expanded,
  children,
}: {
  label: string;
  onClick: () => void;
  expanded?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      title={label}
      aria-expanded={expanded}
      onClick={onClick}
      className="rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500"
    >
      {children}
      <span className="sr-only">{label}</span>
    </button>
  );
}
