import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DownloadIcon, FileKindIcon } from './attachment-icons';
import { type FileAttachment, useFileSizeFormat } from './attachments';
import { ImageViewer } from './ImageViewer';

/** A single image is shown up to this box; several share a grid of squares. */
const SINGLE_MAX_WIDTH = 360;
const SINGLE_MAX_HEIGHT = 320;
/** A single image whose size the server did not give: a box of this size, the picture cropped to it. */
const UNKNOWN_SIZE = { width: 240, height: 180 };

/** The size a single image takes on screen, known before it loads: nothing below it jumps. */
function fittedSize(image: FileAttachment): { width: number; height: number } {
  if (!image.width || !image.height) return UNKNOWN_SIZE;
  const scale = Math.min(1, SINGLE_MAX_WIDTH / image.width, SINGLE_MAX_HEIGHT / image.height);
  return {
    width: Math.max(Math.round(image.width * scale), 1),
    height: Math.max(Math.round(image.height * scale), 1),
  };
}

interface AttachmentsProps {
  attachments: readonly FileAttachment[];
  /** The message is still on its way: shown muted. */
  pending?: boolean;
}

/**
 * A message's files: its images as thumbnails that open a viewer, video and audio players, and
 * the other files as cards to download.
 */
export function Attachments({ attachments, pending = false }: AttachmentsProps) {
  const { t } = useTranslation();
  const [viewing, setViewing] = useState<number | null>(null);
  const images = attachments.filter((file) => file.kind === 'image');
  const others = attachments.filter((file) => file.kind !== 'image');
  if (attachments.length === 0) return null;
  return (
    <div
      data-testid="attachments"
      role="group"
      aria-label={t('chats.attachments.label')}
      className={`mt-1 flex max-w-xl flex-col gap-1.5 ${pending ? 'opacity-70' : ''}`}
    >
      {images.length === 1 && <SingleImage image={images[0]!} onOpen={() => setViewing(0)} />}
      {images.length > 1 && (
        <div
          className={`grid w-fit gap-1 ${images.length === 2 || images.length === 4 ? 'grid-cols-2' : 'grid-cols-3'}`}
        >
          {images.map((image, index) => (
            <button
              key={image.id}
              type="button"
              data-testid="attachment-image"
              onClick={() => setViewing(index)}
              title={image.name}
              className="size-28 overflow-hidden rounded-md bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 sm:size-32"
            >
              <img
                src={image.thumbnailUrl ?? image.previewUrl ?? image.url}
                alt={t('chats.attachments.openImage', { name: image.name })}
                loading="lazy"
                className="size-full object-cover"
              />
            </button>
          ))}
        </div>
      )}
      {others.map((file) =>
        file.kind === 'video' ? (
          <VideoAttachment key={file.id} file={file} />
        ) : file.kind === 'audio' ? (
          <AudioAttachment key={file.id} file={file} />
        ) : (
          <FileCard key={file.id} file={file} />
        ),
      )}
      {viewing !== null && images[viewing] && (
        <ImageViewer
          images={images}
          index={viewing}
          onIndexChange={setViewing}
          onClose={() => setViewing(null)}
        />
      )}
    </div>
  );
}

function SingleImage({ image, onOpen }: { image: FileAttachment; onOpen: () => void }) {
  const { t } = useTranslation();
  const { width, height } = fittedSize(image);
  return (
    <button
      type="button"
      data-testid="attachment-image"
      onClick={onOpen}
      title={image.name}
      style={{ width, height }}
      className="max-w-full overflow-hidden rounded-lg bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
    >
      <img
        src={image.previewUrl ?? image.thumbnailUrl ?? image.url}
        alt={t('chats.attachments.openImage', { name: image.name })}
        width={width}
        height={height}
        loading="lazy"
        className="size-full object-cover"
      />
    </button>
  );
}

function VideoAttachment({ file }: { file: FileAttachment }) {
  return (
    <figure className="w-full max-w-md">
      {/* A 16:9 frame from the start: the player does not resize the list when its metadata arrives. */}
      <video
        data-testid="attachment-video"
        src={file.url}
        controls
        preload="metadata"
        aria-label={file.name}
        className="aspect-video w-full rounded-lg bg-black"
      />
      <figcaption className="mt-0.5">
        <DownloadLink file={file} />
      </figcaption>
    </figure>
  );
}

function AudioAttachment({ file }: { file: FileAttachment }) {
  return (
    <figure className="w-full max-w-md rounded-lg border border-slate-200 bg-white p-2">
      <figcaption className="mb-1">
        <DownloadLink file={file} />
      </figcaption>
      <audio
        data-testid="attachment-audio"
        src={file.url}
        controls
        preload="metadata"
        aria-label={file.name}
        className="w-full"
      />
    </figure>
  );
}

/** "report.pdf · 1.2 MB", a link that downloads it. */
function DownloadLink({ file }: { file: FileAttachment }) {
  const { t } = useTranslation();
  const formatSize = useFileSizeFormat();
  return (
    <a
      href={file.url}
      download={file.name}
      title={t('chats.attachments.download', { name: file.name })}
      className="inline-flex max-w-full items-center gap-1 text-xs text-slate-600 hover:text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500"
    >
      <DownloadIcon className="size-3.5 shrink-0" />
      <span className="truncate">{file.name}</span>
      <span className="shrink-0 text-slate-400">· {formatSize(file.size)}</span>
    </a>
  );
}

function FileCard({ file }: { file: FileAttachment }) {
  const { t } = useTranslation();
  const formatSize = useFileSizeFormat();
  return (
    <a
      data-testid="attachment-file"
      href={file.url}
      download={file.name}
      title={t('chats.attachments.download', { name: file.name })}
      className="flex w-full max-w-sm items-center gap-3 rounded-lg border border-slate-200 bg-white p-2.5 hover:border-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
    >
      <span className="flex size-10 shrink-0 items-center justify-center rounded-md bg-brand-50 text-brand-700">
        <FileKindIcon kind={file.kind} className="size-5" />
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium text-slate-900">{file.name}</span>
        <span className="block text-xs text-slate-500">{formatSize(file.size)}</span>
      </span>
      <DownloadIcon className="size-5 shrink-0 text-slate-400" />
      <span className="sr-only">{t('chats.attachments.download', { name: file.name })}</span>
    </a>
  );
}
