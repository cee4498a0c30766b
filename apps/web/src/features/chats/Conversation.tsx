import { type Chat, ErrorCode, type Message } from '@beseda/protocol';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/api-error';
import { usePageTitle } from '../../components/layout/usePageTitle';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { CloseIcon } from '../../components/ui/icons';
import { Spinner } from '../../components/ui/Spinner';
import { useMe } from '../account/me.api';
import { chatTitle } from './chat-display';
import { describeChatError } from './chat-errors';
import { ChatHeader, isRoom } from './ChatHeader';
import { useChat, useJoinChat, useLeaveChat } from './chats.api';
import { Composer } from './Composer';
import { FileDropZone } from './FileDropZone';
import { AddMembersDialog } from './dialogs/AddMembersDialog';
import { ConfirmDialog } from './dialogs/ConfirmDialog';
import { chatNameWithSign, ForwardDialog } from './dialogs/ForwardDialog';
import { useLinkedMessage } from '../search/useLinkedMessage';
import { useLoadAroundMessage } from './jump.api';
import { MembersPanel } from './MembersPanel';
import { type MessageActions } from './MessageRow';
import { type JumpTarget, MessageList } from './MessageList';
import {
  useDeleteMessage,
  useEditMessage,
  useLoadedMessages,
  useMessageSender,
  useToggleReaction,
} from './messages.api';
import { useTogglePin } from './pins.api';
import { PinsPanel } from './PinsPanel';
import { QuoteStrip } from './QuoteStrip';
import { hasReacted } from './reactions';
import { ThreadPanel } from './ThreadPanel';
import { useTypingNotifier } from './typing';
import { TypingIndicator } from './TypingIndicator';
import { lastEditableMessage } from './timeline';
import { useUploadTray } from './upload-tray';

/** The route element of `/chats/:chatId`; a new chat starts with fresh state. */
export function ConversationRoute() {
  const { chatId = '' } = useParams();
  return <ConversationLoader key={chatId} chatId={chatId} />;
}

function ConversationLoader({ chatId }: { chatId: string }) {
  const { t } = useTranslation();
  const lookup = useChat(chatId);
  if (lookup.status === 'ready') return <Conversation chat={lookup.chat} />;
  if (lookup.status === 'pending') {
    return (
      <p role="status" className="m-auto flex items-center gap-2 text-sm text-slate-500">
        <Spinner /> {t('common.loading')}
      </p>
    );
  }
  const notFound = isApiError(lookup.error) && lookup.error.code === ErrorCode.chatNotFound;
  return (
    <div className="m-auto max-w-sm px-4 text-center">
      <h2 className="text-lg font-semibold text-slate-900">
        {notFound ? t('chats.notFound.title') : t('chats.messages.loadError')}
      </h2>
      <p className="mt-2 text-sm text-slate-600">{describeChatError(t, lookup.error)}</p>
      <div className="mt-4 flex justify-center gap-2">
        {!notFound && (
          <Button variant="secondary" onClick={lookup.retry}>
            {t('common.retry')}
          </Button>
        )}
        <Link
          to="/chats"
          className="inline-flex items-center text-sm font-medium text-brand-700 hover:underline"
        >
          {t('chats.notFound.back')}
        </Link>
      </div>
    </div>
  );
}

type Dialog =
  | { kind: 'delete'; message: Message }
  | { kind: 'forward'; message: Message }
  | { kind: 'leave' }
  | { kind: 'addMembers' }
  | null;

/** How long "Forwarded to #chat" stays under the messages. */
const FORWARDED_NOTICE_MS = 8000;

/** How long a message jumped to stays marked. */
const JUMP_HIGHLIGHT_MS = 2500;

/** Whether the side panels sit beside the messages (`md:` and up) rather than covering them. */
function panelsBesideMessages(): boolean {
  return globalThis.matchMedia?.('(min-width: 768px)').matches ?? false;
}

function Conversation({ chat }: { chat: Chat }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const title = chatTitle(t, chat);
  usePageTitle(title);
  const myId = useMe().data?.id;
  const loadedMessages = useLoadedMessages(chat.id);
  const sender = useMessageSender(chat.id, myId);
  const edit = useEditMessage(chat.id, myId);
  const remove = useDeleteMessage(chat.id, myId);
  const react = useToggleReaction(chat.id, myId);
  const typing = useTypingNotifier(chat.id);
  const uploads = useUploadTray();
  const join = useJoinChat();
  const leave = useLeaveChat();
  const [editing, setEditing] = useState<Message | null>(null);
  const [sidePanel, setSidePanel] = useState<'members' | 'pins' | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const togglePin = useTogglePin();
  const loadAround = useLoadAroundMessage(chat.id);
  const [jump, setJump] = useState<JumpTarget | null>(null);
  const [jumpFailed, setJumpFailed] = useState(false);
  /** The message the next one sent will quote. */
  const [quoting, setQuoting] = useState<Message | null>(null);
  const [forwardedTo, setForwardedTo] = useState<Chat | null>(null);
  const composerArea = useRef<HTMLDivElement>(null);
  // The open thread is in the address (?thread=<id>), so it survives a reload and can be linked.
  const threadId = useSearchParams()[0].get('thread');

  useEffect(() => {
    if (!jump) return;
    const timer = setTimeout(() => setJump(null), JUMP_HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [jump]);

  useEffect(() => {
    if (!forwardedTo) return;
    const timer = setTimeout(() => setForwardedTo(null), FORWARDED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [forwardedTo]);

  // Choosing to quote is choosing to write: the field gets the focus, as after "Edit".
  useEffect(() => {
    if (quoting) composerArea.current?.querySelector('textarea')?.focus();
  }, [quoting]);

  const canWrite = chat.membership !== null && !chat.archived;
  const canModerate = chat.membership?.role === 'owner' || chat.membership?.role === 'admin';

  const { reset: resetEdit } = edit;
  const { reset: resetRemove } = remove;
  const { retry, discard } = sender;
  const { mutate: toggleReaction } = react;
  const { mutate: setPinned } = togglePin;
  const { send } = sender;

  /** Brings a timeline message into view and marks it, loading the history around it if needed. */
  const showInTimeline = useCallback(
    (messageId: string) => {
      setJumpFailed(false);
      if (!panelsBesideMessages()) {
        // On a phone a panel covers the messages: close it (the thread lives in the address).
        setSidePanel(null);
        void navigate({ search: '' }, { replace: true });
      }
      loadAround(messageId).then(
        (found) => (found ? setJump({ messageId }) : setJumpFailed(true)),
        () => setJumpFailed(true),
      );
    },
    [loadAround, navigate],
  );
  // A search result opens the chat at ?message=<id>.
  useLinkedMessage(chat.id, showInTimeline);

  // Stable, so message rows re-render only when their own message changes.
  const actions: MessageActions = useMemo(
    () => ({
      onEdit: (message) => {
        resetEdit();
        setEditing(message);
      },
      onDelete: (message) => {
        resetRemove();
        setDialog({ kind: 'delete', message });
      },
      onRetry: retry,
      onDiscard: discard,
      onToggleReaction: (message, emoji) =>
        toggleReaction({ messageId: message.id, emoji, add: !hasReacted(message, emoji, myId) }),
      onOpenThread: (message) => {
        setSidePanel(null);
        void navigate({ search: `?thread=${message.id}` });
      },
      onTogglePin: (message) => setPinned({ message, pin: !message.pinnedAt }),
      onQuote: (message) => {
        setEditing(null);
        setQuoting(message);
      },
      onForward: (message) => setDialog({ kind: 'forward', message }),
      onJumpToQuote: (quote) => showInTimeline(quote.messageId),
    }),
    [resetEdit, resetRemove, retry, discard, toggleReaction, setPinned, navigate, myId, showInTimeline],
  );

  const closeThread = () => {
    if (threadId) void navigate({ search: '' }, { replace: true });
  };
  const toggleSidePanel = (panel: 'members' | 'pins') => {
    closeThread();
    setSidePanel((open) => (open === panel && !threadId ? null : panel));
  };
  const jumpToMessage = (message: Message) => {
    if (message.threadRootId) {
      setSidePanel(null);
      void navigate({ search: `?thread=${message.threadRootId}` });
      return;
    }
    showInTimeline(message.id);
  };

  const closeDialog = () => setDialog(null);
  const openAddMembers = () => setDialog({ kind: 'addMembers' });
  const openLeave = () => {
    leave.reset();
    setDialog({ kind: 'leave' });
  };
  // Channels are spoken of with their sign: "Message #general".
  const composerName = chat.type === 'channel' || chat.type === 'private' ? `#${title}` : title;

  return (
    <section aria-label={title} className="flex h-full min-w-0 flex-1">
      <FileDropZone
        onFiles={canWrite && !editing ? (files) => uploads.add(files) : null}
        className="flex min-w-0 flex-1 flex-col"
      >
        <ChatHeader
          chat={chat}
          membersOpen={sidePanel === 'members' && !threadId}
          onToggleMembers={() => toggleSidePanel('members')}
          pinsOpen={sidePanel === 'pins' && !threadId}
          onTogglePins={() => toggleSidePanel('pins')}
          onAddMembers={openAddMembers}
          onLeave={openLeave}
        />
        <MessageList
          chat={chat}
          myId={myId}
          editingId={editing?.id ?? null}
          canModerate={canModerate}
          canReact={canWrite}
          actions={actions}
          jumpTo={jump}
          onShowMessage={showInTimeline}
        />
        <TypingIndicator chatId={chat.id} myId={myId} />
        {edit.isError && (
          <Alert tone="error" className="mx-3 mb-2 sm:mx-4">
            {t('chats.composer.editFailed', { reason: describeChatError(t, edit.error) })}
          </Alert>
        )}
        {togglePin.isError && (
          <Alert tone="error" className="mx-3 mb-2 sm:mx-4">
            {t('chats.pins.failed', { reason: describeChatError(t, togglePin.error) })}
          </Alert>
        )}
        {jumpFailed && (
          <Alert tone="error" className="mx-3 mb-2 sm:mx-4">
            {t('chats.pins.jumpFailed')}
          </Alert>
        )}
        {react.isError && (
          <Alert tone="error" className="mx-3 mb-2 sm:mx-4">
            {t('chats.reactions.failed', { reason: describeChatError(t, react.error) })}
          </Alert>
        )}
        {forwardedTo && (
          <Alert tone="success" className="mx-3 mb-2 flex items-center gap-3 py-2 sm:mx-4">
            <span data-testid="forwarded-notice" className="min-w-0 flex-1 truncate">
              {t('chats.forward.done', { name: chatNameWithSign(t, forwardedTo) })}
            </span>
            {forwardedTo.id !== chat.id && (
              <Link
                to={`/chats/${forwardedTo.id}`}
                className="shrink-0 font-medium text-emerald-900 underline underline-offset-2 hover:text-emerald-950"
              >
                {t('chats.forward.open')}
              </Link>
            )}
            <button
              type="button"
              onClick={() => setForwardedTo(null)}
              className="-mr-2 shrink-0 rounded-md p-1 hover:bg-emerald-100 focus-visible:outline-2 focus-visible:outline-emerald-600"
            >
              <CloseIcon className="size-4" />
              <span className="sr-only">{t('chats.forward.dismiss')}</span>
            </button>
          </Alert>
        )}
        {canWrite ? (
          <div
            ref={composerArea}
            className="flex shrink-0 flex-col"
            // Escape in the field drops the quote, unless the composer used it (a list, an edit).
            onKeyDown={(event) => {
              if (event.key !== 'Escape' || event.defaultPrevented || !quoting || editing) return;
              event.preventDefault();
              setQuoting(null);
            }}
          >
            {quoting && !editing && (
              <QuoteStrip
                message={quoting}
                onCancel={() => {
                  setQuoting(null);
                  composerArea.current?.querySelector('textarea')?.focus();
                }}
              />
            )}
            <Composer
              placeholder={t('chats.composer.placeholder', { name: composerName })}
              editing={editing}
              uploads={uploads}
              onSend={(text, attachments) => {
                send(text, { quote: quoting?.id, attachments });
                setQuoting(null);
                typing.reset();
              }}
              onTyping={typing.notify}
              onSaveEdit={(message, text) => {
                edit.mutate({ messageId: message.id, text });
                setEditing(null);
              }}
              onCancelEdit={() => setEditing(null)}
              onEditLast={() => {
                const last = lastEditableMessage(loadedMessages(), myId);
                if (last) setEditing(last);
                return last !== undefined;
              }}
            />
          </div>
        ) : (
          <div className="shrink-0 border-t border-slate-200 bg-slate-50 px-4 py-3 text-center text-sm text-slate-600">
            {chat.archived ? (
              t('chats.composer.archived')
            ) : (
              <div className="flex flex-col items-center gap-2 sm:flex-row sm:justify-center sm:gap-4">
                <span>{t('chats.composer.notMember')}</span>
                <Button pending={join.isPending} onClick={() => join.mutate(chat.id)}>
                  {t('chats.composer.join')}
                </Button>
              </div>
            )}
            {join.isError && <p className="mt-2 text-red-700">{describeChatError(t, join.error)}</p>}
          </div>
        )}
      </FileDropZone>
      {threadId && (
        <ThreadPanel
          key={threadId}
          chat={chat}
          messageId={threadId}
          myId={myId}
          canModerate={canModerate}
          canWrite={canWrite}
          actions={actions}
          onClose={closeThread}
        />
      )}
      {!threadId && sidePanel === 'pins' && (
        <PinsPanel
          chat={chat}
          canWrite={canWrite}
          onJump={jumpToMessage}
          onUnpin={(message) => setPinned({ message, pin: false })}
          onClose={() => setSidePanel(null)}
        />
      )}
      {!threadId && sidePanel === 'members' && (
        <MembersPanel
          chat={chat}
          myId={myId}
          onClose={() => setSidePanel(null)}
          onAddMembers={chat.membership && isRoom(chat) && !chat.archived ? openAddMembers : undefined}
          onLeave={chat.membership && isRoom(chat) ? openLeave : undefined}
        />
      )}

      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          testId="delete-message-dialog"
          title={t('chats.deleteDialog.title')}
          text={t('chats.deleteDialog.text')}
          confirmLabel={t('chats.deleteDialog.confirm')}
          pending={remove.isPending}
          error={remove.isError ? describeChatError(t, remove.error) : null}
          onClose={closeDialog}
          onConfirm={() =>
            remove.mutate(dialog.message, {
              onSuccess: () => {
                if (editing?.id === dialog.message.id) setEditing(null);
                if (quoting?.id === dialog.message.id) setQuoting(null);
                closeDialog();
              },
            })
          }
        />
      )}
      {dialog?.kind === 'leave' && myId && (
        <ConfirmDialog
          testId="leave-chat-dialog"
          title={t('chats.leaveDialog.title', { name: title })}
          text={
            chat.type === 'channel' ? t('chats.leaveDialog.textPublic') : t('chats.leaveDialog.textPrivate')
          }
          confirmLabel={t('chats.leaveDialog.confirm')}
          pending={leave.isPending}
          error={leave.isError ? describeChatError(t, leave.error) : null}
          onClose={closeDialog}
          onConfirm={() =>
            leave.mutate(
              { chatId: chat.id, userId: myId },
              { onSuccess: () => void navigate('/chats', { replace: true }) },
            )
          }
        />
      )}
      {dialog?.kind === 'addMembers' && <AddMembersDialog chat={chat} onClose={closeDialog} />}
      {dialog?.kind === 'forward' && (
        <ForwardDialog
          message={dialog.message}
          onClose={closeDialog}
          onForwarded={(target) => {
            closeDialog();
            setForwardedTo(target);
          }}
        />
      )}
    </section>
  );
}
