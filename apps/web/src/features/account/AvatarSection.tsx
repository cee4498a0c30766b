import { ErrorCode, type Me } from '@beseda/protocol';
import { type DragEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrorsFrom } from '../../components/forms/form-errors';
import { Button } from '../../components/ui/Button';
import { Spinner } from '../../components/ui/Spinner';
import { Avatar } from './Avatar';
import { AVATAR_MAX_BYTES, AVATAR_TYPES, avatarFileProblem } from './avatar-file';
import { useRemoveAvatar, useUploadAvatar } from './me.api';
import { SettingsSection } from './SettingsLayout';

const MEBIBYTE = 1024 * 1024;
const maxMegabytes = AVATAR_MAX_BYTES / MEBIBYTE;

function carriesFiles(event: DragEvent) {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/**
 * The profile picture: chosen with the button or dropped onto the current one. While it uploads,
 * the chosen file is shown under a spinner; the server's square copy replaces it when it is done.
 */
export function AvatarSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const upload = useUploadAvatar();
  const remove = useRemoveAvatar();
  const picker = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<'uploaded' | 'removed' | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const hintId = useId();
  const problemId = useId();
  const busy = upload.isPending || remove.isPending;

  const send = (file: File | undefined) => {
    if (!file || busy) return;
    setOutcome(null);
    const issue = avatarFileProblem(file);
    if (issue) {
      // Rounded up, so that a file just over the limit never reads as "5 MB; the limit is 5 MB".
      const size = Math.ceil((file.size / MEBIBYTE) * 10) / 10;
      setProblem(
        issue === 'tooLarge'
          ? t('avatar.tooLarge', { size, max: maxMegabytes })
          : t('avatar.unsupportedType'),
      );
      return;
    }
    setProblem(null);
    const previewUrl = URL.createObjectURL(file);
    setPreview(previewUrl);
    upload.mutate(file, {
      onSuccess: () => setOutcome('uploaded'),
      onError: (error) => {
        const { fields, form } = formErrorsFrom(t, error, {
          fields: ['file'],
          messages: {
            [ErrorCode.payloadTooLarge]: t('avatar.tooLargeForServer', { max: maxMegabytes }),
            [ErrorCode.unsupportedFileType]: t('avatar.unsupportedType'),
          },
        });
        setProblem(fields.file ?? form);
      },
      onSettled: () => {
        URL.revokeObjectURL(previewUrl);
        setPreview(null);
      },
    });
  };

  const removePicture = () => {
    setProblem(null);
    setOutcome(null);
    remove.mutate(undefined, {
      onSuccess: () => setOutcome('removed'),
      onError: (error) => setProblem(formErrorsFrom(t, error, { fields: [] }).form),
    });
  };

  const dragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event) || busy) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  return (
    <SettingsSection
      title={t('avatar.heading')}
      description={t('avatar.description')}
      testId="avatar-section"
    >
      <div className="flex flex-col gap-5 sm:flex-row sm:items-center">
        <div
          data-testid="avatar-drop-zone"
          onDragEnter={dragOver}
          onDragOver={dragOver}
          onDragLeave={(event) => {
            // Moving between the zone's own children is not leaving it.
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={(event) => {
            // Never let the browser open a dropped file in place of the app.
            event.preventDefault();
            setDragging(false);
            send(event.dataTransfer.files[0]);
          }}
          className={`relative shrink-0 self-start rounded-full border-2 border-dashed p-1 transition-colors ${
            dragging ? 'border-brand-500 bg-brand-50' : 'border-transparent'
          }`}
        >
          {preview ? (
            <img src={preview} alt="" className="size-24 rounded-full object-cover opacity-60" />
          ) : (
            <Avatar
              size="lg"
              displayName={me.displayName}
              avatarUrl={me.avatarUrl}
              alt={t('avatar.current')}
            />
          )}
          {upload.isPending && (
            <span className="absolute inset-0 flex items-center justify-center">
              <Spinner className="size-8 text-brand-700" />
            </span>
          )}
        </div>

        <div className="min-w-0 space-y-3">
          <div className="flex flex-wrap gap-2">
            <Button
              pending={upload.isPending}
              disabled={busy}
              aria-describedby={problem ? `${problemId} ${hintId}` : hintId}
              onClick={() => picker.current?.click()}
            >
              {me.avatarUrl ? t('avatar.change') : t('avatar.upload')}
            </Button>
            {me.avatarUrl && (
              <Button variant="secondary" pending={remove.isPending} disabled={busy} onClick={removePicture}>
                {t('avatar.remove')}
              </Button>
            )}
          </div>
          <input
            ref={picker}
            type="file"
            accept={AVATAR_TYPES.join(',')}
            hidden
            data-testid="avatar-input"
            onChange={(event) => {
              send(event.target.files?.[0]);
              // Picking the same file again after an error must fire another change.
              event.target.value = '';
            }}
          />
          <p id={hintId} className="text-xs text-slate-500">
            {t('avatar.hint', { max: maxMegabytes })}
          </p>
          {upload.isPending && (
            <p role="status" className="text-sm text-slate-600">
              {t('avatar.uploading')}
            </p>
          )}
          {problem && (
            <p id={problemId} role="alert" className="text-sm text-red-700">
              {problem}
            </p>
          )}
          {outcome && (
            <p role="status" className="text-sm text-emerald-700">
              {t(outcome === 'uploaded' ? 'avatar.uploaded' : 'avatar.removed')}
            </p>
          )}
        </div>
      </div>
    </SettingsSection>
  );
}
