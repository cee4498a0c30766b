/** `@username` (as registered: letters, digits, `.`, `-`, `_`), `@channel` or `@here`, not inside a word or an e-mail address. */
const MENTION = /(^|[^\w@.])@([A-Za-z0-9][A-Za-z0-9._-]{1,31})/g;

export interface ParsedMentions {
  usernames: string[];
  /** `@channel` (or `@all`): everyone in the chat. */
  channel: boolean;
  /** `@here`: everyone in the chat who is online. */
  here: boolean;
}

/** The mentions written in a message's text; usernames lower-cased and without duplicates. */
export function parseMentions(text: string): ParsedMentions {
  const usernames = new Set<string>();
  let channel = false;
  let here = false;
  for (const match of text.matchAll(MENTION)) {
    // A trailing dot ends a sentence, not a username.
    const name = match[2]!.replace(/[.]+$/, '').toLowerCase();
    if (name === 'channel' || name === 'all') channel = true;
    else if (name === 'here') here = true;
    else if (name.length >= 3) usernames.add(name);
  }
  return { usernames: [...usernames], channel, here };
}
