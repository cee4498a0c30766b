/** What is being typed at the caret that the composer can complete: `@bo` or `:sm`. */
export interface TokenAtCaret {
  trigger: '@' | ':';
  /** Where the trigger character is. */
  start: number;
  /** What follows it, up to the caret. */
  query: string;
}

/**
 * The trigger must begin a word, so `me@example.com`, `12:30` and `Note:` complete nothing. The
 * query allows what usernames and shortcodes are made of, and letters of any script, because
 * people are found by their display names too.
 */
const TOKEN_BEFORE_CARET = /(?:^|[\s([{"'«])([@:])([\p{L}\p{N}._+-]*)$/u;
/** `:` alone is too common (`:)`, lists): shortcodes are suggested from two characters on. */
const MIN_SHORTCODE_QUERY = 2;
const MAX_QUERY = 32;

export function tokenAtCaret(text: string, caret: number): TokenAtCaret | null {
  const match = TOKEN_BEFORE_CARET.exec(text.slice(0, caret));
  if (!match) return null;
  const trigger = match[1] as '@' | ':';
  const query = match[2]!;
  if (query.length > MAX_QUERY) return null;
  if (trigger === ':' && query.length < MIN_SHORTCODE_QUERY) return null;
  return { trigger, start: caret - query.length - 1, query };
}

/** Replaces the token with `insertion`; the caret goes after it. A space already there is not doubled. */
export function replaceToken(
  text: string,
  token: TokenAtCaret,
  caret: number,
  insertion: string,
): { text: string; caret: number } {
  const after = text.slice(caret);
  const inserted = insertion.endsWith(' ') && after.startsWith(' ') ? insertion.slice(0, -1) : insertion;
  const next = text.slice(0, token.start) + inserted + after;
  const nextCaret = token.start + inserted.length + (inserted === insertion ? 0 : 1);
  return { text: next, caret: nextCaret };
}
