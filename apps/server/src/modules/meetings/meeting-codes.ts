import { randomInt } from 'node:crypto';
import { MEETING_CODE_PATTERN } from '@beseda/protocol';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function letters(count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += LETTERS[randomInt(LETTERS.length)];
  return out;
}

/**
 * A new meeting code, `abc-defg-hij`: ten random letters, 26^10 ≈ 1.4 · 10^14 codes, so with join
 * attempts rate limited nobody finds a meeting by guessing. Only letters: easy to read out.
 */
export function newMeetingCode(): string {
  return `${letters(3)}-${letters(4)}-${letters(3)}`;
}

/** What people type: any case, spaces or no dashes (`ABC DEFG HIJ`, `abcdefghij`). */
export function normaliseMeetingCode(input: string): string | null {
  const bare = input.toLowerCase().replace(/[\s-]/g, '');
  if (!/^[a-z]{10}$/.test(bare)) return null;
  const code = `${bare.slice(0, 3)}-${bare.slice(3, 7)}-${bare.slice(7)}`;
  return MEETING_CODE_PATTERN.test(code) ? code : null;
}
