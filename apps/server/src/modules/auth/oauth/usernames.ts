import { randomInt } from 'node:crypto';

/** Russian letters in the common passport-style transliteration, so "иван" becomes "ivan", not "_". */
// prettier-ignore
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** Leaves room for a numeric suffix within the 32-character limit. */
const MAX_BASE_LENGTH = 24;

/** What a hint becomes under the username rules: ASCII letters, digits, ".", "-", "_", from a letter or digit. */
export function sanitizeUsername(hint: string): string {
  return [...hint.toLowerCase()]
    .map((char) => CYRILLIC[char] ?? char)
    .join('')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9._-]+/g, '_')
    .replace(/[._-]{2,}/g, (run) => run[0]!)
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, MAX_BASE_LENGTH)
    .replace(/[._-]+$/, '');
}

/** The first usable base among the hints (provider login, then the e-mail's local part). */
export function usernameBase(hints: Array<string | null>): string {
  for (const hint of hints) {
    if (!hint) continue;
    const base = sanitizeUsername(hint.includes('@') ? hint.split('@')[0]!.split('+')[0]! : hint);
    if (base.length >= 3) return base;
  }
  return 'user';
}

/** Names to try in order: the base, small numbers, then random ones that are very likely free. */
export function usernameCandidates(base: string): string[] {
  const numbered = Array.from({ length: 8 }, (_, i) => `${base}${i + 2}`);
  const random = Array.from({ length: 5 }, () => `${base}${randomInt(1000, 1_000_000)}`);
  return [base, ...numbered, ...random];
}
