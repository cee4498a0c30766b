import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path.js';

describe('safeNextPath', () => {
  it.each(['/', '/chats/42', '/chats/42?tab=files#m-7', '/settings/security'])('keeps %j', (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it('percent-encodes what a header cannot carry', () => {
    expect(safeNextPath('/чаты/1?q=привет')).toBe(
      '/%D1%87%D0%B0%D1%82%D1%8B/1?q=%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82',
    );
  });

  it.each([
    undefined,
    '',
    'chats',
    '//evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/chats\r\nSet-Cookie: x=1',
    '/a\\b',
  ])('replaces %j with /', (path) => {
    expect(safeNextPath(path)).toBe('/');
  });
});
