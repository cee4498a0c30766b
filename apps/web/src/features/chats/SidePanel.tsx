import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { CloseIcon } from '../../components/ui/icons';
import { Spinner } from '../../components/ui/Spinner';
import { describeChatError } from './chat-errors';

interface SidePanelProps {
  id: string;
  testId: string;
  /** The heading, e.g. "Members 12". */
  title: ReactNode;
  closeLabel: string;
  onClose: () => void;
  /** The column's width beside the messages, written out (`md:w-72`) so Tailwind finds it. */
  widthClass: string;
  children: ReactNode;
  /** Below the scrolling body, e.g. "Leave channel". */
  footer?: ReactNode;
}

/** A column beside the messages, or the whole screen on a phone: a titled list with a close button. */
export function SidePanel({
  id,
  testId,
  title,
  closeLabel,
  onClose,
  widthClass,
  children,
  footer,
}: SidePanelProps) {
  return (
    <aside
      id={id}
      data-testid={testId}
      aria-labelledby={`${id}-title`}
      className={`fixed inset-0 z-30 flex flex-col bg-white md:static md:z-auto md:shrink-0 md:border-l md:border-slate-200 ${widthClass}`}
    >
      <div className="flex h-14 shrink-0 items-center justify-between border-b border-slate-200 px-4">
        <h2 id={`${id}-title`} className="font-semibold text-slate-900">
          {title}
        </h2>
        <button
          type="button"
          onClick={onClose}
          className="-mr-2 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-500"
        >
          <CloseIcon />
          <span className="sr-only">{closeLabel}</span>
        </button>
      </div>
      <div className="flex-1 overflow-y-auto p-2">{children}</div>
      {footer}
    </aside>
  );
}

/** "Loading…" while a panel's query is pending; its error with a retry when it failed. */
export function PanelLoadState({
  query,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
}) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <p role="status" className="flex items-center gap-2 p-2 text-sm text-slate-500">
        <Spinner /> {t('common.loading')}
      </p>
    );
  }
  if (!query.isError) return null;
  return (
    <Alert tone="error" className="m-2">
      <p>{describeChatError(t, query.error)}</p>
      <Button variant="secondary" className="mt-3" onClick={() => void query.refetch()}>
        {t('common.retry')}
      </Button>
    </Alert>
  );
}
