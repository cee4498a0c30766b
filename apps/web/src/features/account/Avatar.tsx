import type { Me } from '@beseda/protocol';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type Presence = Me['presence'];

const presenceColours: Record<Presence, string> = {
  online: 'bg-emerald-500',
  away: 'bg-amber-400',
  dnd: 'bg-red-500',
  invisible: 'bg-slate-400',
};

/** "Anna Petrova" → "AP"; one word → its first letter. */
export function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => Array.from(word ?? '')[0]?.toUpperCase() ?? '').join('') || '?';
}

/** The coloured dot of a presence; its meaning is spelled out for screen readers. */
export function PresenceDot({ presence, className = 'size-3' }: { presence: Presence; className?: string }) {
  const { t } = useTranslation();
  return (
    <span
      title={t(`presence.${presence}`)}
      className={`inline-block shrink-0 rounded-full ring-2 ring-white ${presenceColours[presence]} ${className}`}
    >
      <span className="sr-only">{t(`presence.${presence}`)}</span>
    </span>
  );
}

/** `/api/v1/avatars/<key>/256` → the same picture in another of the sizes the server stores. */
export function avatarUrlOfSize(avatarUrl: string, size: 64 | 256): string {
  return avatarUrl.replace(/\/\d+$/, `/${size}`);
}

type AvatarSize = 'sm' | 'md' | 'lg';

const boxes: Record<AvatarSize, string> = {
  sm: 'size-8 text-xs',
  md: 'size-11 text-sm',
  lg: 'size-24 text-3xl',
};

interface AvatarProps {
  displayName: string;
  avatarUrl: string | null;
  presence?: Presence | undefined;
  size?: AvatarSize;
  /** For a picture that is the subject of the page; beside a name it is decorative. */
  alt?: string;
}

export function Avatar({ displayName, avatarUrl, presence, size = 'sm', alt = '' }: AvatarProps) {
  const box = boxes[size];
  // A picture that cannot be loaded (removed meanwhile, offline) gives way to the initials.
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  return (
    <span className="relative inline-flex shrink-0">
      {avatarUrl && avatarUrl !== failedUrl ? (
        <img
          // The 64 px copy is enough for the small sizes; the 256 px one for sharp screens and the preview.
          src={avatarUrlOfSize(avatarUrl, size === 'lg' ? 256 : 64)}
          srcSet={
            size === 'md'
              ? `${avatarUrlOfSize(avatarUrl, 64)} 1x, ${avatarUrlOfSize(avatarUrl, 256)} 2x`
              : undefined
          }
          alt={alt}
          onError={() => setFailedUrl(avatarUrl)}
          className={`${box} rounded-full bg-slate-100 object-cover`}
        />
      ) : (
        <span
          aria-hidden="true"
          className={`${box} flex items-center justify-center rounded-full bg-brand-100 font-semibold text-brand-700`}
        >
          {initialsOf(displayName)}
        </span>
      )}
      {presence && <PresenceDot presence={presence} className="absolute -right-0.5 -bottom-0.5 size-3" />}
    </span>
  );
}
