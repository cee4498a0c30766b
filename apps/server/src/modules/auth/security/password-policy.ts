import { createRequire } from 'node:module';
import type * as ZxcvbnCore from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';
import type * as ZxcvbnEnglish from '@zxcvbn-ts/language-en';

// OWASP ASVS / NIST SP 800-63B: a length range and a blocklist, no composition rules.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
const MIN_SCORE = 2;

export type PasswordRejection = 'too_short' | 'too_long' | 'too_common' | 'contains_personal_info';
export type PasswordCheck = { ok: true } | { ok: false; reason: PasswordRejection; suggestions: string[] };

/** What a user's password must not be built from. */
export interface PersonalInfo {
  email?: string | null;
  username?: string | null;
  displayName?: string | null;
}

/** Checks a new password against the policy; the result says why it was refused. */
export function checkPassword(password: string, personal: PersonalInfo = {}): PasswordCheck {
  // Code points after composition, not UTF-16 units: an emoji counts once, and so does a "й"
  // typed as "и" plus a combining breve.
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return refuse('too_short', `Use at least ${PASSWORD_MIN_LENGTH} characters.`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return refuse('too_long', `Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  }
  const result = estimator().check(password, personalWords(personal));
  if (result.score >= MIN_SCORE) return { ok: true };
  const builtFromPersonalInfo = result.sequence.some(
    (match) => match.pattern === 'dictionary' && match.dictionaryName === 'userInputs',
  );
  const { warning, suggestions } = result.feedback;
  return {
    ok: false,
    reason: builtFromPersonalInfo ? 'contains_personal_info' : 'too_common',
    suggestions: warning ? [warning, ...suggestions] : suggestions,
  };
}

function refuse(reason: PasswordRejection, suggestion: string): PasswordCheck {
  return { ok: false, reason, suggestions: [suggestion] };
}

// Whole values and their parts, so "ivan.petrov", "ivanpetrov" and "petrov1985" are all seen.
function personalWords({ email, username, displayName }: PersonalInfo): string[] {
  const words = new Set<string>();
  const add = (value: string) => {
    const lower = value.trim().toLowerCase();
    if (lower.length < 3) return;
    words.add(lower);
    const parts = lower.split(/[\s.+_-]+/).filter((part) => part.length >= 3);
    parts.forEach((part) => words.add(part));
    if (parts.length > 1) words.add(parts.join(''));
  };
  if (email) {
    const [local = '', domain = ''] = email.split('@');
    add(email);
    add(local);
    // The organisation's name is a favourite guess; the top-level domain is not personal.
    add(domain.split('.').slice(0, -1).join('.'));
  }
  if (username) add(username);
  if (displayName) add(displayName);
  return [...words];
}

// The dictionaries take ~0.4 s and ~25 MB to load: only a process that checks a password pays.
// checkPassword stays synchronous for its callers, so the CommonJS builds are required on first use.
let zxcvbn: ZxcvbnCore.ZxcvbnFactory | undefined;

function estimator(): ZxcvbnCore.ZxcvbnFactory {
  if (zxcvbn) return zxcvbn;
  const require = createRequire(import.meta.url);
  const core = require('@zxcvbn-ts/core') as typeof ZxcvbnCore;
  const common = require('@zxcvbn-ts/language-common') as typeof ZxcvbnCommon;
  const english = require('@zxcvbn-ts/language-en') as typeof ZxcvbnEnglish;
  zxcvbn = new core.ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    // The check runs on the event loop and its cost grows with length times l33t look-alike
    // variants: seconds for 128 characters at the defaults. Only the first 32 characters are
    // judged (score 2 needs 10^8 guesses, far less than 32 unguessable characters hold), and 16
    // variants still catch "P@ssw0rd"-style words. Levenshtein matching stays off: ~0.3 s a check.
    maxLength: 32,
    l33tMaxSubstitutions: 16,
  });
  return zxcvbn;
}
