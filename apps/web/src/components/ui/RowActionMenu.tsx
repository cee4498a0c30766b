import { useState } from 'react';

interface RowActionMenuProps<Action extends string> {
  /** The button's accessible name, e.g. "Actions for Anna". */
  label: string;
  /** What may be done to this row; none means no menu at all. */
  actions: readonly Action[];
  labelOf: (action: Action) => string;
  /** Shown in red (removing, and the like). */
  isDangerous?: (action: Action) => boolean;
  onAction: (action: Action) => void;
}

/**
 * The "⋯" menu at the end of a list row (a chat member, a meeting participant): opens below the
 * button, closes on a choice, on Escape and when focus leaves it. Place it in a `relative` row.
 */
export function RowActionMenu<Action extends string>({
  label,
  actions,
  labelOf,
  isDangerous = () => false,
  onAction,
}: RowActionMenuProps<Action>) {
  const [open, setOpen] = useState(false);
  if (actions.length === 0) return null;
  return (
    <div
      className="contents"
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setOpen(false);
      }}
    >
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={label}
        onClick={() => setOpen((value) => !value)}
        className="shrink-0 rounded-md px-1.5 py-0.5 text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-500"
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <ul
          role="menu"
          className="absolute top-full right-2 z-10 mt-1 w-56 rounded-md border border-slate-200 bg-white py-1 shadow-md"
        >
          {actions.map((action) => (
            <li key={action} role="none">
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setOpen(false);
                  onAction(action);
                }}
                className={`w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100 focus-visible:bg-slate-100 focus-visible:outline-none ${isDangerous(action) ? 'text-red-700' : 'text-slate-800'}`}
              >
                {labelOf(action)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
