import { describe, expect, it } from 'vitest';
import {
  decodeSearchCursor,
  encodeSearchCursor,
  highlight,
  MATCH_END,
  MATCH_START,
  searchTerms,
} from './search-text.js';

describe('searchTerms', () => {
  it('splits words of any script, lower-cases them and drops repeats', () => {
    expect(searchTerms('iPhone-Чехол  чехол, "PostgreSQL"!')).toEqual(['iphone', 'чехол', 'postgresql']);
  });
});

describe('highlight', () => {
  it('turns the database marks into ranges and marks parts of words too', () => {
    const marked = `Мы ${MATCH_START}собаками${MATCH_END} конфигурировали`;
    expect(highlight(marked, ['собака', 'конфиг'])).toEqual({
      text: 'Мы собаками конфигурировали',
      highlights: [
        { start: 3, end: 11 },
        { start: 12, end: 18 },
      ],
    });
  });

  it('merges overlapping ranges', () => {
    const marked = `${MATCH_START}running${MATCH_END}`;
    expect(highlight(marked, ['run', 'running']).highlights).toEqual([{ start: 0, end: 7 }]);
  });
});

describe('search cursor', () => {
  const cursor = {
    order: 'relevance' as const,
    rank: 0.0607927106320858,
    createdAt: '2026-03-01 10:00:00.123456+00',
    id: '0195f0a4-7c1e-7d3a-9b6e-1a2b3c4d5e6f',
  };

  it('round-trips the exact sort key', () => {
    expect(decodeSearchCursor(encodeSearchCursor(cursor), 'relevance')).toEqual(cursor);
  });

  it('round-trips the floor of the ranked window', () => {
    const floored = { ...cursor, floor: { createdAt: '2026-01-02 03:04:05.6+00', id: cursor.id } };
    expect(decodeSearchCursor(encodeSearchCursor(floored), 'relevance')).toEqual(floored);
  });

  it('refuses a cursor of the other order, or garbage', () => {
    expect(() => decodeSearchCursor(encodeSearchCursor(cursor), 'date')).toThrow('The cursor is invalid');
    expect(() => decodeSearchCursor('bm9wZQ', 'date')).toThrow('The cursor is invalid');
  });
});
