import { useEffect, useEffectEvent, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { CloseIcon } from '../../components/ui/icons';
import { ChevronLeftIcon, ChevronRightIcon, DownloadIcon } from './attachment-icons';
import { type FileAttachment } from './attachments';

/** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
function keepFocusInside(panel: HTMLElement, event: KeyboardEvent) {
  const controls = Array.from(panel.querySelectorAll<HTMLElement>('a[href], button:not([disabled])'));
  const first = controls[0];
  const last = controls.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !panel.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !panel.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}

interface ImageViewerProps {
  /** The message's images, in order. */
  images: readonly FileAttachment[];
  index: number;
  onIndexChange: (index: number) => void;
  onClose: () => void;
}

const controlClass =
  'flex items-center justify-center rounded-full bg-black/40 p-2 text-white hover:bg-black/60 focus-visible:outline-2 focus-visible:outline-white disabled:opacity-30';

/**
 * One of a message's images over the whole page, as large as the screen allows: the arrows (on
 * screen or on the keyboard) go through the message's other images, Escape or a click beside the
 * picture closes it, and focus returns to where it was.
 */
export function ImageViewer({ images, index, onIndexChange, onClose }: ImageViewerProps) {
  const { t } = useTranslation();
  const closeButton = useRef<HTMLButtonElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const image = images[index]!;
  const hasPrevious = index > 0;
  const hasNext = index < images.length - 1;

  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowLeft' && hasPrevious) {
      event.preventDefault();
      onIndexChange(index - 1);
    } else if (event.key === 'ArrowRight' && hasNext) {
      event.preventDefault();
      onIndexChange(index + 1);
    } else if (event.key === 'Tab' && dialog.current) {
      keepFocusInside(dialog.current, event);
    }
  });

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeButton.current?.focus();
    const listener = (event: KeyboardEvent) => onKey(event);
    // Captured: the page below (an open edit, a quote) must not take Escape as its own as well.
    document.addEventListener('keydown', listener, true);
    return () => {
      document.removeEventListener('keydown', listener, true);
      previous?.focus();
    };
  }, []);

  return createPortal(
    <div
      ref={dialog}
      role="dialog"
      aria-modal="true"
      aria-label={t('chats.attachments.viewer', { name: image.name })}
      data-testid="image-viewer"
      className="fixed inset-0 z-50 flex flex-col bg-slate-950/90"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div className="flex items-center gap-3 px-4 py-3 text-sm text-white">
        <p className="min-w-0 flex-1 truncate font-medium">{image.name}</p>
        {images.length > 1 && (
          <p data-testid="viewer-position" className="shrink-0 text-white/70 tabular-nums">
            {t('chats.attachments.position', { current: index + 1, total: images.length })}
          </p>
        )}
        <a
          href={image.url}
          download={image.name}
          title={t('chats.attachments.download', { name: image.name })}
          className={controlClass}
        >
          <DownloadIcon className="size-5" />
          <span className="sr-only">{t('chats.attachments.download', { name: image.name })}</span>
        </a>
        <button
          ref={closeButton}
          type="button"
          onClick={onClose}
          title={t('common.close')}
          className={controlClass}
        >
          <CloseIcon className="size-5" />
          <span className="sr-only">{t('common.close')}</span>
        </button>
      </div>
      <div
        className="relative flex min-h-0 flex-1 items-center justify-center px-4 pb-4"
        onMouseDown={(event) => {
          if (event.target === event.currentTarget) onClose();
        }}
      >
        <img
          key={image.id}
          src={image.previewUrl ?? image.url}
          alt={image.name}
          className="max-h-full max-w-full object-contain"
        />
        {images.length > 1 && (
          <>
            <button
              type="button"
              onClick={() => onIndexChange(index - 1)}
              disabled={!hasPrevious}
              title={t('chats.attachments.previous')}
              className={`${controlClass} absolute top-1/2 left-3 -translate-y-1/2`}
            >
              <ChevronLeftIcon className="size-6" />
              <span className="sr-only">{t('chats.attachments.previous')}</span>
            </button>
            <button
              type="button"
              onClick={() => onIndexChange(index + 1)}
              disabled={!hasNext}
              title={t('chats.attachments.next')}
              className={`${controlClass} absolute top-1/2 right-3 -translate-y-1/2`}
            >
              <ChevronRightIcon className="size-6" />
              <span className="sr-only">{t('chats.attachments.next')}</span>
            </button>
          </>
        )}
      </div>
    </div>,
    document.body,
  );
}
