import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/ui/Spinner';
import { currentLanguage } from '../../i18n/i18n';
import {
  EMOJI_GROUPS,
  type EmojiCatalog,
  type EmojiGroupKey,
  loadedEmojiCatalog,
  loadEmojiCatalog,
  recentEmoji,
  rememberEmoji,
  searchEmoji,
} from './emoji-data';

/** Emoji per row of the grid; the arrow keys move by this much up and down. */
const COLUMNS = 8;
const SEARCH_LIMIT = 120;

type Tab = 'recent' | EmojiGroupKey;
type Placement = 'above' | 'below';

interface EmojiPickerProps {
  onPick: (emoji: string) => void;
  onClose: () => void;
  placement?: Placement;
}

/**
 * A searchable emoji palette: names in the interface language, keywords in Russian and English,
 * categories, the recently picked first. The search field has focus; the down arrow enters the
 * grid, the arrows move in it, Enter or a click picks, Escape closes.
 */
export function EmojiPicker({ onPick, onClose, placement = 'above' }: EmojiPickerProps) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage(i18n);
  const [fetched, setFetched] = useState<EmojiCatalog | null>(null);
  const catalog = loadedEmojiCatalog(language) ?? fetched;
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [query, setQuery] = useState('');
  const [recent] = useState(recentEmoji);
  const [tab, setTab] = useState<Tab>(recent.length > 0 ? 'recent' : 'smileys');
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const gridId = useId();

  useEffect(() => {
    if (loadedEmojiCatalog(language)) return;
    let current = true;
    loadEmojiCatalog(language).then(
      (loaded) => {
        if (current) setFetched(loaded);
      },
      () => {
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [language, attempt]);

  useEffect(() => search.current?.focus(), []);

  const searching = query.trim() !== '';
  const items: readonly { emoji: string; label: string }[] = !catalog
    ? []
    : searching
      ? searchEmoji(catalog, query, SEARCH_LIMIT)
      : tab === 'recent'
        ? recent.map((emoji) => ({ emoji, label: catalog.byEmoji.get(emoji)?.label ?? emoji }))
        : (catalog.byGroup.get(tab) ?? []);
  const activeIndex = Math.min(active, Math.max(items.length - 1, 0));

  const pick = (emoji: string) => {
    rememberEmoji(emoji);
    onPick(emoji);
  };

  const focusItem = (index: number) => {
    setActive(index);
    grid.current?.querySelectorAll<HTMLButtonElement>('button')[index]?.focus();
  };

  const onGridKeyDown = (event: KeyboardEvent) => {
    const last = items.length - 1;
    const moves: Record<string, number> = {
      ArrowRight: Math.min(activeIndex + 1, last),
      ArrowLeft: Math.max(activeIndex - 1, 0),
      ArrowDown: activeIndex + COLUMNS <= last ? activeIndex + COLUMNS : activeIndex,
      ArrowUp: activeIndex - COLUMNS,
      Home: 0,
      End: last,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    if (target < 0) search.current?.focus();
    else focusItem(target);
  };

  const onSearchKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' && items.length > 0) {
      event.preventDefault();
      focusItem(0);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (items[0]) pick(items[0].emoji);
    }
  };

  const tabs: { key: Tab; icon: string; label: string }[] = [
    ...(recent.length > 0 ? [{ key: 'recent' as const, icon: '🕘', label: t('chats.emoji.recent') }] : []),
    ...EMOJI_GROUPS.map(({ key, icon }) => ({ key, icon, label: t(`chats.emoji.groups.${key}`) })),
  ];
  const heading = searching
    ? t('chats.emoji.results')
    : (tabs.find((candidate) => candidate.key === tab)?.label ?? '');

  return (
    <div
      role="dialog"
      aria-label={t('chats.emoji.picker')}
      data-testid="emoji-picker"
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        // Only the picker closes, not the edit or the menu it was opened from.
        event.preventDefault();
        event.stopPropagation();
        onClose();
      }}
      className={`absolute right-0 z-20 flex w-[19rem] flex-col rounded-lg border border-slate-200 bg-white shadow-lg ${placement === 'above' ? 'bottom-full mb-2' : 'top-full mt-1'}`}
    >
      <div className="p-2 pb-1">
        <input
          ref={search}
          type="search"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onSearchKeyDown}
          placeholder={t('chats.emoji.search')}
          aria-label={t('chats.emoji.search')}
          aria-controls={gridId}
          className="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm text-slate-900 outline-none placeholder:text-slate-400 focus:border-brand-500 focus:ring-2 focus:ring-brand-100"
        />
      </div>
      <div role="tablist" aria-label={t('chats.emoji.categories')} className="flex gap-0.5 px-2">
        {tabs.map((candidate) => (
          <button
            key={candidate.key}
            type="button"
            role="tab"
            title={candidate.label}
            aria-selected={!searching && tab === candidate.key}
            onClick={() => {
              setTab(candidate.key);
              setQuery('');
              setActive(0);
            }}
            className="flex size-7 items-center justify-center rounded text-base opacity-60 hover:bg-slate-100 hover:opacity-100 focus-visible:outline-2 focus-visible:outline-brand-500 aria-selected:bg-brand-50 aria-selected:opacity-100"
          >
            <span aria-hidden="true">{candidate.icon}</span>
            <span className="sr-only">{candidate.label}</span>
          </button>
        ))}
      </div>
      <p className="px-3 pt-1.5 text-xs font-medium text-slate-500">{heading}</p>
      <div className="h-56 overflow-y-auto px-2 pb-2">
        {!catalog ? (
          failed ? (
            <p role="alert" className="p-3 text-center text-sm text-slate-600">
              {t('chats.emoji.loadError')}{' '}
              <button
                type="button"
                onClick={() => {
                  setFailed(false);
                  setAttempt((count) => count + 1);
                }}
                className="font-medium text-brand-700 underline underline-offset-2"
              >
                {t('common.retry')}
              </button>
            </p>
          ) : (
            <p role="status" className="flex items-center justify-center gap-2 p-3 text-sm text-slate-500">
              <Spinner /> {t('chats.emoji.loading')}
            </p>
          )
        ) : items.length === 0 ? (
          <p className="p-3 text-center text-sm text-slate-500">{t('chats.emoji.noResults')}</p>
        ) : (
          <div
            ref={grid}
            id={gridId}
            role="group"
            aria-label={heading}
            onKeyDown={onGridKeyDown}
            className="grid grid-cols-8"
          >
            {items.map((item, index) => (
              <button
                key={item.emoji}
                type="button"
                title={item.label}
                aria-label={item.label}
                tabIndex={index === activeIndex ? 0 : -1}
                onFocus={() => setActive(index)}
                onClick={() => pick(item.emoji)}
                className="flex size-9 items-center justify-center rounded text-xl hover:bg-slate-100 focus-visible:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-500"
              >
                {item.emoji}
              </button>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}

interface EmojiPickerButtonProps {
  label: string;
  onPick: (emoji: string) => void;
  /** Where the palette opens; by default above, unless the button is in the upper half of the screen. */
  placement?: Placement | 'auto';
  className?: string;
  children: ReactNode;
}

/** A button that opens the emoji picker beside it; a pick, Escape or a click elsewhere closes it. */
export function EmojiPickerButton({
  label,
  onPick,
  placement = 'auto',
  className,
  children,
}: EmojiPickerButtonProps) {
  const [open, setOpen] = useState<Placement | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(null);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const openAt = (): Placement => {
    if (placement !== 'auto') return placement;
    const top = toggle.current?.getBoundingClientRect().top ?? 0;
    return top < window.innerHeight / 2 ? 'below' : 'above';
  };

  return (
    <div ref={container} className="relative flex">
      <button
        ref={toggle}
        type="button"
        title={label}
        aria-expanded={open !== null}
        aria-haspopup="dialog"
        onClick={() => setOpen((current) => (current ? null : openAt()))}
        className={className}
      >
        {children}
        <span className="sr-only">{label}</span>
      </button>
      {open && (
        <EmojiPicker
          placement={open}
          onPick={(emoji) => {
            setOpen(null);
            onPick(emoji);
          }}
          onClose={() => {
            setOpen(null);
            toggle.current?.focus();
          }}
        />
      )}
    </div>
  );
}
