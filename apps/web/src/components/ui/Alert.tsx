import type { ReactNode } from 'react';

type Tone = 'error' | 'success' | 'info' | 'warning';

const tones: Record<Tone, string> = {
  error: 'border-red-200 bg-red-50 text-red-800',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-800',
  info: 'border-brand-100 bg-brand-50 text-slate-800',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
};

interface AlertProps {
  tone: Tone;
  children: ReactNode;
  className?: string;
}

/** A message about the page or a form as a whole; errors interrupt a screen reader, the rest wait. */
export function Alert({ tone, children, className = '' }: AlertProps) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={`rounded-lg border px-4 py-3 text-sm ${tones[tone]} ${className}`}
    >
      {children}
    </div>
  );
}
