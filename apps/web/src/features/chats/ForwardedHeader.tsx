import { type Message } from '@beseda/protocol';
import { useTranslation } from 'react-i18next';
import { usePerson } from './people.api';
import { ForwardIcon } from './quote-forward-icons';

/** "Forwarded from Boris Ivanov" above a forwarded copy; just "Forwarded message" when the author is unknown or gone. */
export function ForwardedHeader({
  forwarded,
  formatDateTime,
}: {
  forwarded: NonNullable<Message['forwarded']>;
  formatDateTime: (date: Date) => string;
}) {
  const { t } = useTranslation();
  const author = usePerson(forwarded.authorId).data;
  return (
    <p
      data-testid="forwarded-header"
      title={formatDateTime(new Date(forwarded.createdAt))}
      className="flex min-w-0 items-center gap-1 text-xs text-slate-500"
    >
      <ForwardIcon className="size-3.5 shrink-0" />
      <span className="truncate">
        {forwarded.authorId && author
          ? t('chats.forward.from', { name: author.displayName })
          : t('chats.forward.message')}
      </span>
    </p>
  );
}
