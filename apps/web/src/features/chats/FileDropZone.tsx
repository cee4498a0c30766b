import { type DragEvent, type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PaperclipIcon } from './attachment-icons';

interface FileDropZoneProps {
  /** Files dropped anywhere on the zone; null turns dropping off (no right to write, an edit). */
  onFiles: ((files: File[]) => void) | null;
  className?: string;
  children: ReactNode;
}

/** Whether what is dragged has files in it (and not a selection of text or a link). */
function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/**
 * Files dragged over the conversation: while they are over it, an outline says they can be
 * dropped; dropped, they go to the composer's tray.
 */
export function FileDropZone({ onFiles, className = '', children }: FileDropZoneProps) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  // Entering a child fires enter on it before leave on the parent: count, or the outline flickers.
  const depth = useRef(0);

  const reset = () => {
    depth.current = 0;
    setOver(false);
  };

  // Turning dropping off keeps the same elements: the conversation below must not remount.
  const accepts = (event: DragEvent) => onFiles !== null && carriesFiles(event);

  return (
    <div
      className={`relative ${className}`}
      onDragEnter={(event) => {
        if (!accepts(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!accepts(event)) return;
        // Without this the browser opens the file instead of letting it drop here.
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!accepts(event)) return;
        depth.current = Math.max(depth.current - 1, 0);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event) => {
        if (!accepts(event)) return;
        event.preventDefault();
        reset();
        const files = Array.from(event.dataTransfer.files);
        if (files.length > 0) onFiles?.(files);
      }}
    >
      {children}
      {over && onFiles && (
        <div
          data-testid="drop-zone"
          className="pointer-events-none absolute inset-2 z-30 flex flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed border-brand-500 bg-brand-50/90 text-brand-700"
        >
          <PaperclipIcon className="size-8" />
          <p className="text-base font-medium">{t('chats.attachments.dropHere')}</p>
        </div>
      )}
    </div>
  );
}
