/** The speech-bubble logo, same drawing as public/favicon.svg. */
export function BrandMark({ className = 'size-8' }: { className?: string }) {
  return (
    <svg viewBox="0 0 64 64" aria-hidden="true" focusable="false" className={className}>
      <rect width="64" height="64" rx="14" className="fill-brand-600" />
      <path
        d="M16 18h32a6 6 0 0 1 6 6v14a6 6 0 0 1-6 6H30l-9 8v-8h-5a6 6 0 0 1-6-6V24a6 6 0 0 1 6-6z"
        className="fill-white"
      />
      <circle cx="24" cy="31" r="3" className="fill-brand-600" />
      <circle cx="32" cy="31" r="3" className="fill-brand-600" />
      <circle cx="40" cy="31" r="3" className="fill-brand-600" />
    </svg>
  );
}
