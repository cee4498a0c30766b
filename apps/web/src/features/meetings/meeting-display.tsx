import { type Meeting } from '@beseda/protocol';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyIcon } from './meeting-icons';

/** Whether I run this meeting (host or co-host): I may cancel it and see its attendance. */
export function isModeratorOf(meeting: Meeting, userId: string | undefined): boolean {
  return userId !== undefined && (meeting.hostId === userId || meeting.cohostIds.includes(userId));
}

/** "1 h 05 min", "12 min", "40 s", in the interface language. */
export function formatDuration(t: TFunction, seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours > 0) return t('meetings.duration.hours', { hours, minutes: String(minutes).padStart(2, '0') });
  if (minutes > 0) return t('meetings.duration.minutes', { minutes });
  return t('meetings.duration.seconds', { seconds });
}

const statusColours: Record<Meeting['status'], string> = {
  scheduled: 'bg-slate-100 text-slate-700',
  live: 'bg-emerald-100 text-emerald-800',
  ended: 'bg-slate-100 text-slate-500',
  cancelled: 'bg-red-50 text-red-700',
};

export function StatusBadge({ status }: { status: Meeting['status'] }) {
  const { t } = useTranslation();
  return (
    <span
      data-testid="meeting-status"
      className={`shrink-0 rounded px-1.5 py-0.5 text-xs font-medium ${statusColours[status]}`}
    >
      {t(`meetings.details.status.${status}`)}
    </span>
  );
}

/** Copies the meeting's link, and says so for a moment. */
export function CopyLinkButton({ url, className = '' }: { url: string; className?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() => {
        void navigator.clipboard?.writeText(url).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        });
      }}
      className={`inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-500 ${className}`}
    >
      <CopyIcon className="size-4" />
      <span aria-live="polite">{copied ? t('meetings.list.copied') : t('meetings.list.copyLink')}</span>
    </button>
  );
}
