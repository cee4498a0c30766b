import { ErrorCode, MAX_ATTACHMENTS_PER_MESSAGE } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/api-error';
import { CloseIcon } from '../../components/ui/icons';
import { currentLanguage } from '../../i18n/i18n';
import { FileKindIcon } from './attachment-icons';
import { useFileSizeFormat } from './attachments';
import { describeChatError } from './chat-errors';
import { useOutboxOffline } from './outbox';
import { type PendingUpload, type UploadTray, type UploadTrayState } from './upload-tray';

/** Why the server refused a file, in one sentence; other failures as any chat action's. */
export function describeUploadError(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    switch (error.code) {
      case ErrorCode.fileTooLarge:
        return t('chats.attachments.tooLarge');
      case ErrorCode.fileQuotaExceeded:
        return t('chats.attachments.quotaExceeded');
      case ErrorCode.fileTypeNotAllowed:
        return t('chats.attachments.typeNotAllowed');
      case ErrorCode.fileBadImage:
        return t('chats.attachments.badImage');
    }
  }
  return describeChatError(t, error);
}

/** A failure that may pass by itself (no answer, a busy server): worth a retry button. */
function retryable(error: unknown): boolean {
  return (
    isApiError(error) &&
    (error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500)
  );
}

interface AttachmentTrayProps {
  tray: UploadTray;
  state: UploadTrayState;
}

/** The files picked for the message being written, above its field: each with its progress or its error. */
export function AttachmentTray({ tray, state }: AttachmentTrayProps) {
  const { t } = useTranslation();
  const offline = useOutboxOffline();
  const waiting = state.items.some((item) => item.status !== 'done');
  if (state.items.length === 0 && state.refused === 0) return null;
  return (
    <div className="mb-2">
      {offline && waiting && (
        <p data-testid="upload-offline" className="mb-1.5 text-xs text-amber-800">
          {t('chats.attachments.offline')}
        </p>
      )}
      {state.refused > 0 && (
        <p role="alert" className="mb-1.5 text-xs text-red-700">
          {t('chats.attachments.tooMany', { count: MAX_ATTACHMENTS_PER_MESSAGE })}
        </p>
      )}
      {state.items.length > 0 && (
        <ul
          data-testid="attachment-tray"
          aria-label={t('chats.attachments.tray')}
          className="flex max-h-48 flex-wrap gap-2 overflow-y-auto"
        >
          {state.items.map((item) => (
            <TrayItem
              key={item.key}
              item={item}
              onRemove={() => tray.remove(item.key)}
              onRetry={() => tray.retry(item.key)}
            />
          ))}
        </ul>
      )}
    </div>
  );
}

function TrayItem({
  item,
  onRemove,
  onRetry,
}: {
  item: PendingUpload;
  onRemove: () => void;
  onRetry: () => void;
}) {
  const { t, i18n } = useTranslation();
  const formatSize = useFileSizeFormat();
  const percent = new Intl.NumberFormat(currentLanguage(i18n), { style: 'percent' }).format(item.progress);
  const picture = item.uploaded?.thumbnailUrl ?? item.localPreview;
  const failed = item.status === 'failed';
  return (
    <li
      data-testid="tray-item"
      data-status={item.status}
      className={`relative flex w-60 items-center gap-2 rounded-lg border bg-white p-1.5 pr-8 ${failed ? 'border-red-300 bg-red-50' : 'border-slate-200'}`}
    >
      {picture ? (
        <img src={picture} alt="" className="size-10 shrink-0 rounded object-cover" />
      ) : (
        <span className="flex size-10 shrink-0 items-center justify-center rounded bg-slate-100 text-slate-500">
          <FileKindIcon kind={item.uploaded?.kind ?? item.kind} className="size-5" />
        </span>
      )}
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium text-slate-800" title={item.name}>
          {item.name}
        </p>
        {item.status === 'uploading' && (
          <div
            role="progressbar"
            aria-label={t('chats.attachments.uploading', { name: item.name, percent })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(item.progress * 100)}
            className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-200"
          >
            <div
              className="h-full rounded-full bg-brand-600 transition-[width]"
              style={{ width: `${Math.round(item.progress * 100)}%` }}
            />
          </div>
        )}
        {item.status === 'done' && <p className="text-xs text-slate-500">{formatSize(item.size)}</p>}
        {failed && (
          <p role="alert" className="text-xs text-red-700">
            {describeUploadError(t, item.error)}
            {retryable(item.error) && (
              <button
                type="button"
                onClick={onRetry}
                className="ml-2 font-medium underline underline-offset-2 hover:text-red-900 focus-visible:outline-2 focus-visible:outline-red-600"
              >
                {t('chats.attachments.retry')}
              </button>
            )}
          </p>
        )}
      </div>
      <button
        type="button"
        onClick={onRemove}
        title={
          item.status === 'uploading'
            ? t('chats.attachments.cancelUpload', { name: item.name })
            : t('chats.attachments.remove', { name: item.name })
        }
        className="absolute top-1 right-1 rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        <CloseIcon className="size-4" />
        <span className="sr-only">
          {item.status === 'uploading'
            ? t('chats.attachments.cancelUpload', { name: item.name })
            : t('chats.attachments.remove', { name: item.name })}
        </span>
      </button>
    </li>
  );
}
