import { describe, expect, it } from 'vitest';
import { anchoredScrollTop, captureAnchor, type ItemBox } from './scroll-anchor';

/** Rows laid out one under another from the top of the content, each with its height. */
function layout(rows: Array<[key: string, height: number]>, startAt = 0): ItemBox[] {
  let top = startAt;
  return rows.map(([key, height]) => {
    const box = { key, top, height };
    top += height;
    return box;
  });
}

/** Where a row appears in the viewport: its distance from the viewport's top edge. */
function onScreen(items: ItemBox[], key: string, scrollTop: number): number {
  return items.find((item) => item.key === key)!.top - scrollTop;
}

describe('scroll anchoring', () => {
  it('keeps the first visible message in place when older messages are prepended', () => {
    const before = layout([
      ['m10', 40],
      ['m11', 64],
      ['m12', 40],
      ['m13', 88],
    ]);
    const scrollTop = 70; // m10 is scrolled out, m11 is partly visible
    const anchor = captureAnchor(before, scrollTop)!;
    expect(anchor).toEqual({ key: 'm11', offset: -30 });

    // A page of older messages (and a day separator) lands above; rows also change height a little.
    const after = layout([
      ['day-1', 30],
      ['m5', 40],
      ['m6', 120],
      ['m7', 40],
      ['m8', 40],
      ['m9', 40],
      ['m10', 40],
      ['m11', 64],
      ['m12', 40],
      ['m13', 88],
    ]);
    const restored = anchoredScrollTop(anchor, after)!;

    expect(restored).toBe(380);
    expect(onScreen(after, 'm11', restored)).toBe(onScreen(before, 'm11', scrollTop));
  });

  it('anchors on the first row when the view is at the very top', () => {
    const items = layout([
      ['a', 50],
      ['b', 50],
    ]);
    expect(captureAnchor(items, 0)).toEqual({ key: 'a', offset: 0 });
    const after = layout([['older', 200], ...items.map((item): [string, number] => [item.key, item.height])]);
    expect(anchoredScrollTop({ key: 'a', offset: 0 }, after)).toBe(200);
  });

  it('leaves the position alone when the anchor row is gone, and has no anchor in an empty list', () => {
    expect(anchoredScrollTop({ key: 'gone', offset: 0 }, layout([['a', 10]]))).toBeNull();
    expect(captureAnchor([], 0)).toBeNull();
  });
});
