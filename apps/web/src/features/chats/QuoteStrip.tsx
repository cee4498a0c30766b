import { type Message, QUOTE_EXCERPT_LENGTH } from '@beseda/protocol';
import { useTranslation } from 'react-i18next';
import { CloseIcon } from '../../components/ui/icons';
import { QuoteIcon } from './quote-forward-icons';
import { QuoteBlock } from './QuoteBlock';

/** Above the composer: the message the next one will quote, with a way to drop it. */
export function QuoteStrip({ message, onCancel }: { message: Message; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div
      role="group"
      data-testid="quote-strip"
      aria-label={t('chats.quote.strip')}
      className="flex shrink-0 items-center gap-2 border-t border-slate-200 bg-white px-3 py-2 sm:px-4"
    >
      <QuoteIcon className="size-4 shrink-0 text-brand-600" />
      <QuoteBlock
        authorId={message.authorId}
        excerpt={message.text.slice(0, QUOTE_EXCERPT_LENGTH)}
        lines={1}
        className="flex-1"
      />
      <button
        type="button"
        onClick={onCancel}
        title={t('chats.quote.cancel')}
        className="shrink-0 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        <CloseIcon className="size-4" />
        <span className="sr-only">{t('chats.quote.cancel')}</span>
      </button>
    </div>
  );
}
