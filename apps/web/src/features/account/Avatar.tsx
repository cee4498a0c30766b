import type { Me } from '@beseda/protocol';
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

interface AvatarProps {
  displayName: string;
  avatarUrl: string | null;
  presence?: Presence | undefined;
  size?: 'sm' | 'md';
}

export function Avatar({ displayName, avatarUrl, presence, size = 'sm' }: AvatarProps) {
  const box = size === 'sm' ? 'size-8 text-xs' : 'size-11 text-sm';
  return (
    <span className="relative inline-flex shrink-0">
      {avatarUrl ? (
        <img src={avatarUrl} alt="" className={`${box} rounded-full object-cover`} />
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
