import { type Language } from '../../i18n/languages';

/** The picker's categories, in emojibase's group order (2, skin-tone swatches, is left out). */
export const EMOJI_GROUPS = [
  { key: 'smileys', group: 0, icon: '😀' },
  { key: 'people', group: 1, icon: '👋' },
  { key: 'animals', group: 3, icon: '🐻' },
  { key: 'food', group: 4, icon: '🍎' },
  { key: 'travel', group: 5, icon: '🚗' },
  { key: 'activities', group: 6, icon: '⚽' },
  { key: 'objects', group: 7, icon: '💡' },
  { key: 'symbols', group: 8, icon: '❤️' },
  { key: 'flags', group: 9, icon: '🏁' },
] as const;

export type EmojiGroupKey = (typeof EMOJI_GROUPS)[number]['key'];

export interface EmojiInfo {
  emoji: string;
  /** Its name in the interface language: "большой палец вверх", "thumbs up". */
  label: string;
  group: EmojiGroupKey;
  /** Slack/GitHub-style names without colons, e.g. `thumbsup`, `+1`. */
  shortcodes: readonly string[];
  /** Names and keywords in Russian and English, normalised for search. */
  keywords: string;
}

export interface EmojiCatalog {
  /** In the Unicode order, by category. */
  emojis: readonly EmojiInfo[];
  byGroup: ReadonlyMap<EmojiGroupKey, readonly EmojiInfo[]>;
  byEmoji: ReadonlyMap<string, EmojiInfo>;
}

/** The fields of emojibase's compact data that the picker reads. */
interface CompactEmoji {
  hexcode: string;
  label: string;
  unicode: string;
  group?: number;
  order?: number;
  tags?: string[];
}

type Shortcodes = Record<string, string | string[]>;

// The data is our own build's: Vite puts each JSON file into a chunk of its own, fetched the
// first time a picker opens. Nothing is loaded from a CDN (the app runs behind a strict CSP,
// often without internet access).
const compactData: Record<Language, () => Promise<unknown>> = {
  ru: () => import('emojibase-data/ru/compact.json').then((module) => module.default),
  en: () => import('emojibase-data/en/compact.json').then((module) => module.default),
};
const loadShortcodes = () =>
  import('emojibase-data/en/shortcodes/github.json').then((module) => module.default as Shortcodes);

const groupOf = new Map<number, EmojiGroupKey>(EMOJI_GROUPS.map(({ group, key }) => [group, key]));

/** Lower case, `ё` as `е`, so "ёлка" and "елка" find the same tree. */
export function normaliseSearch(text: string): string {
  return text.toLocaleLowerCase('ru').replaceAll('ё', 'е').trim();
}

function buildCatalog(
  own: readonly CompactEmoji[],
  translated: readonly CompactEmoji[],
  shortcodes: Shortcodes,
): EmojiCatalog {
  const translations = new Map(translated.map((entry) => [entry.hexcode, entry]));
  const emojis: EmojiInfo[] = [];
  for (const entry of own) {
    const group = entry.group === undefined ? undefined : groupOf.get(entry.group);
    if (!group) continue;
    const other = translations.get(entry.hexcode);
    const codes = shortcodes[entry.hexcode];
    const names = codes === undefined ? [] : Array.isArray(codes) ? codes : [codes];
    emojis.push({
      emoji: entry.unicode,
      label: entry.label,
      group,
      shortcodes: names,
      keywords: normaliseSearch(
        [entry.label, ...(entry.tags ?? []), other?.label, ...(other?.tags ?? []), ...names].join(' '),
      ),
    });
  }
  const byGroup = new Map<EmojiGroupKey, EmojiInfo[]>();
  for (const info of emojis) byGroup.set(info.group, [...(byGroup.get(info.group) ?? []), info]);
  const byEmoji = new Map(emojis.map((info) => [info.emoji, info]));
  return { emojis, byGroup, byEmoji };
}

const catalogs = new Map<Language, Promise<EmojiCatalog>>();
const loadedCatalogs = new Map<Language, EmojiCatalog>();

/** The catalog if it has already been loaded, so a picker opened again shows at once. */
export function loadedEmojiCatalog(language: Language): EmojiCatalog | null {
  return loadedCatalogs.get(language) ?? null;
}

/**
 * The emoji with names in `language` and keywords in both Russian and English: people switch
 * keyboard layouts less often than they switch languages. Loaded once per language.
 */
export function loadEmojiCatalog(language: Language): Promise<EmojiCatalog> {
  let catalog = catalogs.get(language);
  if (!catalog) {
    catalog = Promise.all([
      compactData[language](),
      compactData[language === 'ru' ? 'en' : 'ru'](),
      loadShortcodes(),
    ]).then(([own, translated, shortcodes]) => {
      const built = buildCatalog(own as CompactEmoji[], translated as CompactEmoji[], shortcodes);
      loadedCatalogs.set(language, built);
      return built;
    });
    // A failed load (a deploy replaced the chunk, the network dropped) is tried again next time.
    catalog.catch(() => catalogs.delete(language));
    catalogs.set(language, catalog);
  }
  return catalog;
}

/**
 * Emoji whose names or keywords contain every word of the query, best first: a name that starts
 * with the query, then a word of the name that does, then any match.
 */
export function searchEmoji(catalog: EmojiCatalog, query: string, limit = Infinity): EmojiInfo[] {
  const normalised = normaliseSearch(query).replace(/^:/, '');
  const words = normalised.split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const rank = (info: EmojiInfo) => {
    const label = normaliseSearch(info.label);
    if (label.startsWith(normalised) || info.shortcodes.some((code) => code.startsWith(normalised))) return 0;
    if (label.split(/\s+/).some((word) => word.startsWith(words[0]!))) return 1;
    return 2;
  };
  return catalog.emojis
    .filter((info) => words.every((word) => info.keywords.includes(word)))
    .map((info, index) => ({ info, index, rank: rank(info) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map(({ info }) => info);
}

const RECENT_KEY = 'beseda.emoji.recent';
const RECENT_LIMIT = 24;

/** The emoji picked lately, most recent first. */
export function recentEmoji(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((value): value is string => typeof value === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberEmoji(emoji: string): void {
  try {
    const next = [emoji, ...recentEmoji().filter((other) => other !== emoji)].slice(0, RECENT_LIMIT);
    localStorage.setItem(RECENT_KEY, JSON.stringify(next));
  } catch {
    // Storage refused: the picker just has no recent row.
  }
}
