/** A small busy indicator; the text that explains it belongs to the caller. */
export function Spinner({ className = 'size-4' }: { className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={`${className} inline-block shrink-0 animate-spin rounded-full border-2 border-current border-t-transparent opacity-70`}
    />
  );
}
