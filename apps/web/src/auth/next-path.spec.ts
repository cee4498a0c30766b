import { describe, expect, it } from 'vitest';
import { loginPathFor, safeNextPath } from './next-path';

describe('safeNextPath', () => {
  it('keeps a path on this site, with its query', () => {
    expect(safeNextPath('/settings/security?tab=2')).toBe('/settings/security?tab=2');
  });

  it.each(['//evil.example', 'https://evil.example/', '/\\evil.example', 'settings', '', null])(
    'turns %j into the home page rather than redirect elsewhere',
    (next) => {
      expect(safeNextPath(next)).toBe('/');
    },
  );

  it('does not send a signed-in user back to an auth page', () => {
    expect(safeNextPath('/login?next=/chats')).toBe('/');
  });

  it('builds the login address of a page', () => {
    expect(loginPathFor('/settings/sessions')).toBe('/login?next=%2Fsettings%2Fsessions');
    expect(loginPathFor('/')).toBe('/login');
  });
});
