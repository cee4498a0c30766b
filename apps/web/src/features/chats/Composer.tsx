import { type Message, MESSAGE_MAX_LENGTH } from '@beseda/protocol';
import {
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { currentLanguage } from '../../i18n/i18n';
import { CloseIcon } from '../../components/ui/icons';
import { PaperclipIcon } from './attachment-icons';
import { type FileAttachment } from './attachments';
import { AttachmentTray } from './AttachmentTray';
import { PencilIcon, SendIcon, SmileIcon } from './chat-icons';
import { replaceToken, tokenAtCaret } from './composer-tokens';
import { EmojiPickerButton } from './EmojiPicker';
import { suggestionOptionId, SuggestionList, useComposerSuggestions } from './MentionSuggestions';
import { OfflineNotice } from './OfflineNotice';
import { isUploading, readyAttachments, type UploadTray, useUploadTrayState } from './upload-tray';

/** The character counter appears from here on. */
export const COUNTER_FROM = MESSAGE_MAX_LENGTH - 1_000;
/** The field grows with its text up to this height, then scrolls. */
const MAX_FIELD_HEIGHT_PX = 200;

interface ComposerProps {
  /** "Message #general" */
  placeholder: string;
  /** The message being edited in the composer, if any. */
  editing: Message | null;
  /** The text (empty only when files go with it) and the uploaded files. */
  onSend: (text: string, attachments: FileAttachment[]) => void;
  /** Called as a new message is typed (not while editing); the caller throttles. */
  onTyping?: () => void;
  onSaveEdit: (message: Message, text: string) => void;
  onCancelEdit: () => void;
  /** Up arrow in an empty composer: start editing my last message; false when there is none. */
  onEditLast: () => boolean;
  /** Whose members `@` offers first; the chat of the current route by default. */
  chatId?: string;
  /**
   * Says above the field that messages wait for the connection. Only true of what goes through
   * the chat's outbox: a composer that sends otherwise (thread replies) turns it off.
   */
  showOfflineNotice?: boolean;
  /**
   * The files for the next message: with it, the composer offers to attach (button, paste) and
   * sends what has uploaded. Without it, text only. Owned by the caller, which may also drop files in.
   */
  uploads?: UploadTray;
}

/**
 * Writing and editing: Enter sends (or saves), Shift+Enter starts a new line, the up arrow in an
 * empty field edits my last message, Escape stops editing. What was being written before an
 * edit started comes back when it ends. `@` and `:` followed by letters offer people and emoji
 * to complete; while the list is open the arrows, Enter, Tab and Escape belong to it.
 */
export function Composer({
  placeholder,
  editing,
  onSend,
  onTyping,
  onSaveEdit,
  onCancelEdit,
  onEditLast,
  chatId,
  showOfflineNotice = true,
  uploads,
}: ComposerProps) {
  const { t, i18n } = useTranslation();
  const routeChatId = useParams().chatId;
  const [text, setText] = useState('');
  const [editedId, setEditedId] = useState<string | null>(null);
  const [draftBeforeEdit, setDraftBeforeEdit] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  /** Where the caret goes after a change made here rather than typed (an emoji, a completion). */
  const caretAfterInsert = useRef<number | null>(null);
  const [caret, setCaret] = useState(0);
  /** The token whose list Escape closed: it stays closed until another one is typed. */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [activeSuggestion, setActiveSuggestion] = useState(0);
  const [focused, setFocused] = useState(false);
  const suggestionsId = useId();
  // Two composers can be on screen (conversation and thread): ids must not clash.
  const counterId = useId();
  const filePicker = useRef<HTMLInputElement>(null);
  const tray = useUploadTrayState(uploads);
  const attached = readyAttachments(tray);
  const uploading = isUploading(tray);

  const token = tokenAtCaret(text, caret);
  const suggestions = useComposerSuggestions(
    chatId ?? routeChatId,
    token && token.start !== dismissedAt ? token : null,
  );
  const suggesting = focused && token !== null && suggestions.length > 0;
  const activeIndex = Math.min(activeSuggestion, suggestions.length - 1);
  // A new query starts at the top of its list (state adjusted while rendering, not in an effect).
  const tokenKey = token ? `${token.start}:${token.query}` : null;
  const [suggestedFor, setSuggestedFor] = useState(tokenKey);
  if (tokenKey !== suggestedFor) {
    setSuggestedFor(tokenKey);
    setActiveSuggestion(0);
    if (token?.start !== dismissedAt) setDismissedAt(null);
  }

  // Entering or leaving edit mode swaps the field's text (state adjusted while rendering, not in an effect).
  const editingId = editing?.id ?? null;
  if (editingId !== editedId) {
    setEditedId(editingId);
    if (editing && editedId === null) setDraftBeforeEdit(text);
    const swapped = editing ? editing.text : draftBeforeEdit;
    setText(swapped);
    setCaret(swapped.length);
  }

  useLayoutEffect(() => {
    const element = field.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${Math.min(element.scrollHeight, MAX_FIELD_HEIGHT_PX)}px`;
  }, [text]);

  useLayoutEffect(() => {
    const position = caretAfterInsert.current;
    const element = field.current;
    if (position === null || !element) return;
    caretAfterInsert.current = null;
    element.focus();
    element.setSelectionRange(position, position);
  }, [text]);

  useLayoutEffect(() => {
    if (editingId === null) return;
    const element = field.current;
    element?.focus();
    element?.setSelectionRange(element.value.length, element.value.length);
  }, [editingId]);

  const length = text.length;
  const tooLong = length > MESSAGE_MAX_LENGTH;
  const blank = text.trim().length === 0;
  const unchanged = editing !== null && text === editing.text;
  // An edit changes the text only: the files of the message being written wait meanwhile.
  const withFiles = uploads !== undefined && editing === null;
  const cannotSend = editing
    ? blank || tooLong
    : tooLong || (blank && attached.length === 0) || (withFiles && uploading);

  const submit = () => {
    if (cannotSend) return;
    if (editing) {
      if (unchanged) onCancelEdit();
      else onSaveEdit(editing, text);
      return;
    }
    onSend(blank ? '' : text, withFiles ? attached : []);
    uploads?.clear();
    setText('');
    setCaret(0);
  };

  const attach = (files: readonly File[]) => {
    if (withFiles) uploads.add(files);
  };

  // A copied picture (a screenshot, "Copy image") is attached; text is pasted as usual.
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData.files);
    if (!withFiles || files.length === 0) return;
    // Without this a copied file would also paste its name (or nothing useful) as text.
    event.preventDefault();
    attach(files);
  };

  /** Puts `insertion` in place of the selection (or of the token being completed). */
  const insert = (insertion: string, replacing = token) => {
    const element = field.current;
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? start;
    const next = replacing
      ? replaceToken(text, replacing, caret, insertion)
      : { text: text.slice(0, start) + insertion + text.slice(end), caret: start + insertion.length };
    caretAfterInsert.current = next.caret;
    setCaret(next.caret);
    setText(next.text);
  };

  const pickSuggestion = (index: number) => {
    const suggestion = suggestions[index];
    if (suggestion) insert(suggestion.insert);
  };

  const onSuggestionKey = (event: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    const count = suggestions.length;
    switch (event.key) {
      case 'ArrowDown':
        setActiveSuggestion((activeIndex + 1) % count);
        return true;
      case 'ArrowUp':
        setActiveSuggestion((activeIndex - 1 + count) % count);
        return true;
      case 'Enter':
      case 'Tab':
        if (event.shiftKey) return false;
        pickSuggestion(activeIndex);
        return true;
      case 'Escape':
        setDismissedAt(token?.start ?? null);
        return true;
      default:
        return false;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter that confirms an input method's composition (Japanese, Chinese…) is not a send.
    if (event.nativeEvent.isComposing) return;
    if (suggesting && onSuggestionKey(event)) {
      event.preventDefault();
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && editing) {
      event.preventDefault();
      onCancelEdit();
    } else if (event.key === 'ArrowUp' && text === '' && !editing) {
      if (onEditLast()) event.preventDefault();
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
    field.current?.focus();
  };

  const number = new Intl.NumberFormat(currentLanguage(i18n));

  return (
    <form onSubmit={onSubmit} className="shrink-0 border-t border-slate-200 bg-white px-3 pt-2 pb-3 sm:px-4">
      {showOfflineNotice && <OfflineNotice />}
      {withFiles && <AttachmentTray tray={uploads} state={tray} />}
      {editing && (
        <div className="mb-1.5 flex items-center gap-2 text-xs font-medium text-amber-800">
          <PencilIcon className="size-3.5" />
          <span className="flex-1">{t('chats.composer.editing')}</span>
          <button
            type="button"
            onClick={onCancelEdit}
            className="flex items-center gap-1 rounded px-1 py-0.5 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500"
          >
            <CloseIcon className="size-3.5" />
            {t('chats.composer.cancelEdit')}
          </button>
        </div>
      )}
      <div
        className={`relative flex items-end gap-2 rounded-lg border bg-white py-1 pr-1 pl-3 focus-within:ring-2 ${tooLong ? 'border-red-400 focus-within:ring-red-200' : editing ? 'border-amber-400 focus-within:ring-amber-100' : 'border-slate-300 focus-within:border-brand-500 focus-within:ring-brand-100'}`}
      >
        <textarea
          ref={field}
          data-testid="composer"
          rows={1}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setCaret(event.target.selectionStart);
            if (!editing && event.target.value.trim() !== '') onTyping?.();
          }}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          placeholder={placeholder}
          aria-label={editing ? t('chats.composer.editing') : placeholder}
          aria-invalid={tooLong || undefined}
          aria-describedby={counterId}
          aria-autocomplete="list"
          aria-controls={suggesting ? suggestionsId : undefined}
          aria-activedescendant={suggesting ? suggestionOptionId(suggestionsId, activeIndex) : undefined}
          enterKeyHint={editing ? 'done' : 'send'}
          className="block max-h-[200px] min-h-9 flex-1 resize-none bg-transparent py-1.5 text-base text-slate-900 outline-none placeholder:truncate placeholder:text-slate-400 sm:text-[0.9375rem]"
        />
        {suggesting && (
          <SuggestionList
            id={suggestionsId}
            items={suggestions}
            activeIndex={activeIndex}
            onPick={pickSuggestion}
            onHover={setActiveSuggestion}
          />
        )}
        {withFiles && (
          <>
            <input
              ref={filePicker}
              type="file"
              multiple
              hidden
              data-testid="attach-input"
              onChange={(event) => {
                attach(Array.from(event.target.files ?? []));
                // The same file can be picked again after it was removed.
                event.target.value = '';
              }}
            />
            <button
              type="button"
              title={t('chats.attachments.attach')}
              onClick={() => filePicker.current?.click()}
              className="flex size-9 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-500"
            >
              <PaperclipIcon className="size-5" />
              <span className="sr-only">{t('chats.attachments.attach')}</span>
            </button>
          </>
        )}
        <EmojiPickerButton
          label={t('chats.emoji.insert')}
          placement="above"
          onPick={(emoji) => insert(emoji, null)}
          className="flex size-9 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-500"
        >
          <SmileIcon className="size-5" />
        </EmojiPickerButton>
        <button
          type="submit"
          disabled={cannotSend}
          title={
            editing
              ? t('chats.composer.save')
              : withFiles && uploading
                ? t('chats.attachments.waitForUploads')
                : t('chats.composer.send')
          }
          className="flex size-9 shrink-0 items-center justify-center rounded-md bg-brand-600 text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:bg-slate-200 disabled:text-slate-400"
        >
          <SendIcon className="size-5" />
          <span className="sr-only">{editing ? t('chats.composer.save') : t('chats.composer.send')}</span>
        </button>
      </div>
      <div
        id={counterId}
        aria-live="polite"
        className={`${length >= COUNTER_FROM ? 'flex' : 'hidden md:flex'} justify-between gap-3 pt-1 text-xs`}
      >
        <span className="hidden truncate text-slate-400 md:inline">
          {editing ? t('chats.composer.editHint') : t('chats.composer.hint')}
        </span>
        {length >= COUNTER_FROM && (
          <span
            data-testid="composer-counter"
            className={`ml-auto ${tooLong ? 'font-medium text-red-700' : 'text-slate-500'}`}
          >
            {tooLong
              ? t('chats.composer.tooLong', { count: number.format(length - MESSAGE_MAX_LENGTH) })
              : `${number.format(length)} / ${number.format(MESSAGE_MAX_LENGTH)}`}
          </span>
        )}
      </div>
    </form>
  );
}
