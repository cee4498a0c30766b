import { type Message } from '@beseda/protocol';
import { memo, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format';
import { attachmentsOf } from './attachments';
import { Attachments } from './Attachments';
import { describeChatError } from './chat-errors';
import { PersonAvatar, usePersonName } from './chat-display';
import { PencilIcon, SmileIcon, TrashIcon } from './chat-icons';
import { EmojiPickerButton } from './EmojiPicker';
import { ForwardedHeader } from './ForwardedHeader';
import { MessageText } from './MessageText';
import { QuoteBlock } from './QuoteBlock';
import { ForwardIcon, QuoteIcon } from './quote-forward-icons';
import { hasReacted, QUICK_REACTIONS } from './reactions';
import { PinIcon, ThreadIcon } from './thread-pin-icons';
import { type TimelineEntry } from './timeline';

export interface MessageActions {
  onEdit: (message: Message) => void;
  onDelete: (message: Message) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** Adds my reaction with this emoji, or takes it back if I have reacted so already. */
  onToggleReaction: (message: Message, emoji: string) => void;
  /** Opens the message's thread; left out where a thread is already open (the thread panel). */
  onOpenThread?: (message: Message) => void;
  /** Pins the message to the chat, or unpins it. */
  onTogglePin?: (message: Message) => void;
  /** Quotes the message in the next one written; left out where that composer is not at hand. */
  onQuote?: (message: Message) => void;
  /** Offers to post a copy of the message in another chat. */
  onForward?: (message: Message) => void;
  /** Shows the message a quote block stands for. */
  onJumpToQuote?: (quote: NonNullable<Message['quote']>) => void;
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
  /** Briefly marked: the message just jumped to. */
  highlighted?: boolean;
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
  highlighted = false,
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
  // A deleted root keeps its thread: the replies stay reachable from it.
  const canOpenThread = message !== null && !message.threadRootId && actions.onOpenThread !== undefined;
  const canReply = canOpenThread && !deleted;
  // Pinning takes the same right as writing (a member of a chat that is not archived).
  const canPin = message !== null && !deleted && canReact && actions.onTogglePin !== undefined;
  // Quoting takes the right to write here; forwarding only to read, the target chat decides the rest.
  const canQuote = message !== null && !deleted && canReact && actions.onQuote !== undefined;
  const canForward = message !== null && !deleted && actions.onForward !== undefined;
  const text = message?.text ?? outgoing!.text;
  const attachments = message ? attachmentsOf(message) : (outgoing?.attachmentFiles ?? []);
  // A message of files alone has no text to show: no empty line above them.
  const showText = text.trim() !== '' || attachments.length === 0;
  const hasActions = canEdit || canDelete || canReactHere || canReply || canPin || canQuote || canForward;
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
      data-highlighted={highlighted || undefined}
      // Focusable by a tap, so that on a touch screen tapping a message shows its actions.
      tabIndex={message && hasActions ? -1 : undefined}
      className={`group relative flex gap-3 outline-none focus-within:bg-slate-50 px-3 sm:px-4 ${entry.startsGroup ? 'mt-2 pt-1.5' : ''} pb-0.5 ${editing || highlighted ? 'bg-amber-50' : 'hover:bg-slate-50'} transition-colors duration-700`}
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
        {message?.pinnedAt && !deleted && (
          <p
            data-testid="pinned-marker"
            title={formatDateTime(new Date(message.pinnedAt))}
            className="flex items-center gap-1 text-xs font-medium text-amber-700"
          >
            <PinIcon className="size-3.5" />
            {t('chats.pins.marker')}
          </p>
        )}
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
        {message?.forwarded && !deleted && (
          <ForwardedHeader forwarded={message.forwarded} formatDateTime={formatDateTime} />
        )}
        {message?.quote && !deleted && (
          <QuoteBlock
            authorId={message.quote.authorId}
            excerpt={message.quote.excerpt}
            deleted={message.quote.deleted}
            onClick={actions.onJumpToQuote && (() => actions.onJumpToQuote!(message.quote!))}
            className="my-0.5 max-w-xl"
          />
        )}
        {deleted ? (
          <p className="text-sm text-slate-400 italic">{t('chats.messages.deleted')}</p>
        ) : (
          <>
            {showText && (
              <div
                data-testid="message-text"
                className={`text-[0.9375rem] leading-relaxed break-words ${outgoing ? 'text-slate-500' : 'text-slate-800'}`}
              >
                <MessageText text={text} />
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
            <Attachments attachments={attachments} pending={outgoing !== null} />
          </>
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
        {message?.thread && canOpenThread && (
          <ThreadSummary message={message} thread={message.thread} onOpen={actions.onOpenThread!} />
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
              <EmojiPickerButton
                label={t('chats.emoji.moreReactions')}
                onPick={pick}
                className="flex size-8 items-center justify-center rounded text-lg text-slate-500 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500"
              >
                <span aria-hidden="true">+</span>
              </EmojiPickerButton>
            </div>
          )}
          {canReply && (
            <ToolbarButton label={t('chats.thread.reply')} onClick={() => actions.onOpenThread!(message)}>
              <ThreadIcon className="size-4" />
            </ToolbarButton>
          )}
          {canQuote && (
            <ToolbarButton label={t('chats.quote.action')} onClick={() => actions.onQuote!(message)}>
              <QuoteIcon className="size-4" />
            </ToolbarButton>
          )}
          {canForward && (
            <ToolbarButton label={t('chats.forward.action')} onClick={() => actions.onForward!(message)}>
              <ForwardIcon className="size-4" />
            </ToolbarButton>
          )}
          {canPin && (
            <ToolbarButton
              label={message.pinnedAt ? t('chats.pins.unpin') : t('chats.pins.pin')}
              onClick={() => actions.onTogglePin!(message)}
            >
              <PinIcon className="size-4" />
            </ToolbarButton>
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

/** "3 replies · last reply 5 minutes ago", with the latest repliers' pictures: opens the thread. */
function ThreadSummary({
  message,
  thread,
  onOpen,
}: {
  message: Message;
  thread: NonNullable<Message['thread']>;
  onOpen: (message: Message) => void;
}) {
  const { t } = useTranslation();
  const formats = useFormatters();
  return (
    <button
      type="button"
      data-testid="thread-summary"
      onClick={() => onOpen(message)}
      className="mt-1 -ml-1 flex max-w-full items-center gap-2 rounded-md border border-transparent px-1 py-0.5 text-xs hover:border-slate-200 hover:bg-white focus-visible:outline-2 focus-visible:outline-brand-500"
    >
      <span aria-hidden="true" className="flex -space-x-1">
        {thread.participantIds.slice(0, 3).map((userId) => (
          <span
            key={userId}
            className="inline-flex size-5 overflow-hidden rounded-full ring-2 ring-white [&>*]:shrink-0 [&>*]:origin-top-left [&>*]:scale-[0.625]"
          >
            <PersonAvatar userId={userId} />
          </span>
        ))}
      </span>
      <span className="font-semibold text-brand-700">
        {t('chats.thread.replies', { count: thread.replyCount })}
      </span>
      <span className="truncate text-slate-500">
        {t('chats.thread.lastReply', { when: formats.relative(thread.lastReplyAt) })}
      </span>
    </button>
  );
}

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
