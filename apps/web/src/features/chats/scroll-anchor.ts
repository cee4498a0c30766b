/** Where an item of the message list is laid out, in the scroller's content coordinates. */
export interface ItemBox {
  key: string;
  top: number;
  height: number;
}

/** The first item in view and how far its top edge is from the top of the viewport. */
export interface ScrollAnchor {
  key: string;
  offset: number;
}

/**
 * Picks the first item that is at least partly visible at `scrollTop`. Remembering its position
 * relative to the viewport is what lets older messages be inserted above it without the view
 * jumping.
 */
export function captureAnchor(items: readonly ItemBox[], scrollTop: number): ScrollAnchor | null {
  const first = items.find((item) => item.top + item.height > scrollTop);
  return first ? { key: first.key, offset: first.top - scrollTop } : null;
}

/**
 * The scrollTop that puts the anchor item back where it was in the viewport after the content
 * above it changed; null when the item is gone (then the position is left alone).
 */
export function anchoredScrollTop(anchor: ScrollAnchor, items: readonly ItemBox[]): number | null {
  const item = items.find((candidate) => candidate.key === anchor.key);
  return item ? Math.max(0, item.top - anchor.offset) : null;
}

/** Close enough to the bottom to count as reading the newest messages. */
export const BOTTOM_SLACK_PX = 48;

export function isAtBottom(scroller: Pick<HTMLElement, 'scrollTop' | 'scrollHeight' | 'clientHeight'>) {
  return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= BOTTOM_SLACK_PX;
}
