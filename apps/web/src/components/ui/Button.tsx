import type { ButtonHTMLAttributes } from 'react';
import { Spinner } from './Spinner';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

const variants: Record<Variant, string> = {
  primary:
    'px-4 bg-brand-600 text-white shadow-xs hover:bg-brand-700 focus-visible:outline-brand-600 disabled:hover:bg-brand-600',
  secondary:
    'px-4 bg-white text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-brand-600 disabled:hover:bg-white',
  danger:
    'px-4 bg-white text-red-700 shadow-xs ring-1 ring-red-300 ring-inset hover:bg-red-50 focus-visible:outline-red-600 disabled:hover:bg-white',
  ghost:
    'px-3 text-brand-700 hover:bg-brand-50 focus-visible:outline-brand-600 disabled:hover:bg-transparent',
};

/** A button's look, for a link that acts as one (e.g. a full-page navigation to the server). */
export function buttonClass(variant: Variant = 'primary', className = ''): string {
  return `inline-flex min-h-10 items-center justify-center gap-2 rounded-md py-2 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-60 ${variants[variant]} ${className}`;
}

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  /** Disables the button and shows a spinner while the action it started runs. */
  pending?: boolean;
}

export function Button({
  variant = 'primary',
  pending = false,
  disabled,
  type = 'button',
  className = '',
  children,
  ...props
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={buttonClass(variant, className)}
      {...props}
    >
      {pending && <Spinner />}
      {children}
    </button>
  );
}
