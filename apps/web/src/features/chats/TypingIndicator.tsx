import { useTranslation } from 'react-i18next';
import { usePersonName } from './chat-display';
import { useTypingPeople } from './typing';

/** "Anna is typing…" under the messages; an empty line of the same height when nobody is. */
export function TypingIndicator({ chatId, myId }: { chatId: string; myId: string | undefined }) {
  const typing = useTypingPeople(chatId, myId);
  return (
    <p
      data-testid="typing-indicator"
      aria-live="polite"
      className="h-5 shrink-0 truncate px-4 text-xs leading-5 text-slate-500 italic sm:px-5"
    >
      {typing.length > 0 && <TypingText userIds={typing} />}
    </p>
  );
}

function TypingText({ userIds }: { userIds: string[] }) {
  const { t } = useTranslation();
  const first = usePersonName(userIds[0] ?? null);
  const second = usePersonName(userIds[1] ?? null);
  if (userIds.length === 1) return t('chats.typing.one', { name: first });
  if (userIds.length === 2) return t('chats.typing.two', { first, second });
  return t('chats.typing.several');
}
