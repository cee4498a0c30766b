import { describe, expect, it } from 'vitest';
import { checkPassword, type PersonalInfo } from './password-policy.js';

const ivan: PersonalInfo = {
  email: 'ivan.petrov@example.com',
  username: 'ivan.petrov',
  displayName: 'Ivan Petrov',
};

describe('checkPassword', () => {
  it.each(['password', 'qwerty123', 'P@ssw0rd', 'iloveyou1', '12345678', 'aaaaaaaa', 'abcdefgh'])(
    'rejects the guessable password %j as too common, with advice',
    (password) => {
      expect(checkPassword(password, ivan)).toMatchObject({
        ok: false,
        reason: 'too_common',
        suggestions: expect.arrayContaining([expect.any(String)]),
      });
    },
  );

  it.each(['ivan.petrov', 'IvanPetrov', 'petrov1985', 'ivan12345678', 'ivan.petrov@example.com'])(
    'rejects %j for ivan.petrov as built from personal info',
    (password) => {
      expect(checkPassword(password, ivan)).toMatchObject({ ok: false, reason: 'contains_personal_info' });
    },
  );

  it('sees personal info written in Cyrillic', () => {
    const user = { email: 'ivan@example.com', username: 'ivan', displayName: 'Иван Петров' };
    expect(checkPassword('иванпетров', user)).toMatchObject({ ok: false, reason: 'contains_personal_info' });
  });

  it('judges a password by itself when no personal info is given', () => {
    expect(checkPassword('ivan.petrov')).toEqual({ ok: true });
    expect(checkPassword('ivan.petrov', { displayName: null })).toEqual({ ok: true });
  });

  it.each([
    'correct horse battery staple',
    'q8Zt4wPn1Rx6',
    'xK9#mQ2$vL7p',
    'синий трактор едет домой',
    'Ivan likes green tractors at dawn',
  ])('accepts the strong password %j', (password) => {
    expect(checkPassword(password, ivan)).toEqual({ ok: true });
  });

  it('accepts 8 to 128 characters, counted as the user sees them', () => {
    expect(checkPassword('Zq7#kP2', ivan)).toMatchObject({ ok: false, reason: 'too_short' });
    expect(checkPassword('Zq7#kP2w', ivan)).toEqual({ ok: true });
    // Seven emoji are 14 UTF-16 units but seven characters.
    expect(checkPassword('🐙🦊🐝🐢🦉🐬🦔', ivan)).toMatchObject({ ok: false, reason: 'too_short' });

    const strong = 'correct horse battery staple ';
    const at128 = strong.repeat(5).slice(0, 128);
    expect(checkPassword(at128, ivan)).toEqual({ ok: true });
    expect(checkPassword(`${at128}x`, ivan)).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('does not ask for composition: no digits, symbols or capitals needed', () => {
    expect(checkPassword('lantern meadow quietly', ivan)).toEqual({ ok: true });
  });

  it('sees the organisation in the e-mail domain, but not the top-level domain', () => {
    const user = { email: 'ivan@rosatom-digital.ru', username: 'ivan', displayName: 'Ivan' };
    expect(checkPassword('rosatom2024', user)).toMatchObject({ ok: false, reason: 'contains_personal_info' });
    expect(checkPassword('rosatom-digital', user)).toMatchObject({
      ok: false,
      reason: 'contains_personal_info',
    });
  });

  it('judges only the first 32 characters, which bounds the work an input can cause', () => {
    const weakStart = '12345678'.repeat(4);
    expect(checkPassword(`${weakStart}q8Zt4wPn1Rx6xK9#mQ2$vL7p`, ivan)).toMatchObject({
      ok: false,
      reason: 'too_common',
    });
  });

  it('stays fast on long look-alike-heavy input, since it runs on the event loop', () => {
    checkPassword('warm up the dictionaries', ivan);
    const hostile = '4@3$1!0|7+5('.repeat(11).slice(0, 128);
    const started = performance.now();
    checkPassword(hostile, ivan);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
