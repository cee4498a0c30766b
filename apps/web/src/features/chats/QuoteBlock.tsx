import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { usePersonName } from './chat-display';
import { plainExcerpt } from './quote-text';

interface QuoteBlockProps {
  /** The quoted message's author; null for an account that is gone. */
  authorId: string | null;
  /** The start of the quoted text, as Markdown. */
  excerpt: string;
  /** The quoted message was deleted: its text is gone. */
  deleted?: boolean;
  /** Lines of the excerpt shown before it is cut off. */
  lines?: 1 | 3;
  /** Shows the quoted message; without it the block is not a control. */
  onClick?: () => void;
  className?: string;
}

/** A quoted message in brief, behind a bar on the left: who wrote it and how it starts. */
export function QuoteBlock({
  authorId,
  excerpt,
  deleted = false,
  lines = 3,
  onClick,
  className = '',
}: QuoteBlockProps) {
  const { t } = useTranslation();
  const authorName = usePersonName(authorId);
  const text = useMemo(() => (deleted ? '' : plainExcerpt(excerpt)), [deleted, excerpt]);

  // Spans only: the block can be a button, which holds no block elements.
  const content = (
    <>
      <span data-testid="quote-author" className="block truncate text-xs font-semibold text-brand-700">
        {authorName}
      </span>
      {deleted ? (
        <span data-testid="quote-excerpt" className="block text-sm text-slate-400 italic">
          {t('chats.quote.deleted')}
        </span>
      ) : (
        <span
          data-testid="quote-excerpt"
          className={`block text-sm leading-snug break-words whitespace-pre-line text-slate-600 ${lines === 1 ? 'line-clamp-1' : 'line-clamp-3'}`}
        >
          {text}
        </span>
      )}
    </>
  );
  const frame = `block w-full min-w-0 rounded-r-md border-l-[3px] border-brand-300 bg-slate-100/70 py-1 pr-2 pl-2.5 text-left ${className}`;

  return onClick ? (
    <button
      type="button"
      data-testid="quote-block"
      title={t('chats.quote.jump')}
      onClick={onClick}
      className={`${frame} hover:bg-slate-200/70 focus-visible:outline-2 focus-visible:outline-brand-500`}
    >
      {content}
    </button>
  ) : (
    <div data-testid="quote-block" className={frame}>
      {content}
    </div>
  );
}
