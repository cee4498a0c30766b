interface SettingSwitchProps {
  /** The id of the element that names the switch. */
  labelledBy: string;
  on: boolean;
  pending?: boolean;
  disabled?: boolean;
  onToggle: () => void;
}

/** An on/off setting that takes effect at once (no save button), announced as a switch. */
export function SettingSwitch({
  labelledBy,
  on,
  pending = false,
  disabled = false,
  onToggle,
}: SettingSwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-labelledby={labelledBy}
      aria-busy={pending || undefined}
      disabled={pending || disabled}
      onClick={onToggle}
      className={[
        'relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600',
        'disabled:cursor-not-allowed disabled:opacity-60',
        on ? 'bg-brand-600' : 'bg-slate-300',
      ].join(' ')}
    >
      <span
        aria-hidden="true"
        className={`inline-block size-5 rounded-full bg-white shadow-sm transition-transform ${
          on ? 'translate-x-5' : 'translate-x-0.5'
        }`}
      />
    </button>
  );
}
