import { describe, expect, it } from 'vitest';
import { UsernameSchema } from '@beseda/protocol';
import { sanitizeUsername, usernameBase, usernameCandidates } from './usernames.js';

describe('usernames for accounts created through a provider', () => {
  it.each([
    ['anna.ivanova', 'anna.ivanova'],
    ['OctoCat', 'octocat'],
    ['Иван Петров', 'ivan_petrov'],
    ['Щукин-Ёжиков', 'shchukin-ezhikov'],
    ['José Müller', 'jose_muller'],
    ['__x..y--z__', 'x.y-z'],
    ['a'.repeat(40), 'a'.repeat(24)],
  ])('turns %j into %j', (hint, expected) => {
    expect(sanitizeUsername(hint)).toBe(expected);
  });

  it('takes the first hint that makes a usable name, then the e-mail local part without its tag', () => {
    expect(usernameBase(['octocat', 'x@example.org'])).toBe('octocat');
    expect(usernameBase([null, 'maria+chat@example.org'])).toBe('maria');
    expect(usernameBase(['—', 'ab@example.org'])).toBe('user');
  });

  it('offers candidates that all pass the username rules', () => {
    for (const base of ['anna', 'a'.repeat(24), 'user']) {
      const candidates = usernameCandidates(base);
      expect(candidates[0]).toBe(base);
      expect(new Set(candidates).size).toBeGreaterThan(10);
      for (const candidate of candidates)
        expect(UsernameSchema.safeParse(candidate).success, candidate).toBe(true);
    }
  });
});
