import { type InfiniteQueryObserverResult } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from 'react';
import {
  anchoredScrollTop,
  captureAnchor,
  isAtBottom,
  type ItemBox,
  type ScrollAnchor,
} from './scroll-anchor';
import { type TimelineItem } from './timeline';

/** Older messages are fetched when the view comes this close to the top of what is loaded. */
const LOAD_OLDER_MARGIN_PX = 400;
/** Further than this from the newest message, a button offers to jump back down. */
const JUMP_BUTTON_DISTANCE_PX = 600;

/** Where each row is, in the scroller's content coordinates. */
function measureRows(scroller: HTMLElement): ItemBox[] {
  const origin = scroller.getBoundingClientRect().top - scroller.scrollTop;
  return Array.from(scroller.querySelectorAll<HTMLElement>('[data-anchor-key]'), (row) => {
    const box = row.getBoundingClientRect();
    return { key: row.dataset.anchorKey!, top: box.top - origin, height: box.height };
  });
}

function scrollToBottom(element: HTMLElement) {
  element.scrollTop = element.scrollHeight;
}

interface MessageListScrollOptions {
  timeline: readonly TimelineItem[];
  /** How many of my messages are on their way: one more means I just sent one. */
  outgoingCount: number;
  history: Pick<
    InfiniteQueryObserverResult,
    'isSuccess' | 'hasPreviousPage' | 'isFetchingPreviousPage' | 'fetchPreviousPage'
  >;
  editingId: string | null;
}

/**
 * Where the message list is scrolled to, and why: at the bottom on opening and after I send, kept
 * at the bottom while new messages arrive if I was there, left alone if I scrolled up to read, and
 * anchored on the first visible message when an older page comes in above it. Reaching the top
 * of what is loaded fetches the page before it.
 */
export function useMessageListScroll({
  timeline,
  outgoingCount,
  history,
  editingId,
}: MessageListScrollOptions) {
  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef<ScrollAnchor | null>(null);
  const wasAtBottom = useRef(true);
  const firstRowKey = useRef<string | null>(null);
  const sentCount = useRef(0);
  const [atBottom, setAtBottom] = useState(true);
  const [farFromBottom, setFarFromBottom] = useState(false);

  const loadOlderIfNearTop = (element: HTMLElement) => {
    if (
      element.scrollTop > LOAD_OLDER_MARGIN_PX ||
      !history.hasPreviousPage ||
      history.isFetchingPreviousPage
    ) {
      return;
    }
    anchor.current = captureAnchor(measureRows(element), element.scrollTop);
    void history.fetchPreviousPage();
  };

  // After the rows change, before the browser paints: keep the view where it belongs.
  const keepViewInPlace = useEffectEvent(() => {
    const element = scroller.current;
    if (!element) return;
    const rows = timeline.filter((item) => item.kind === 'message' || item.kind === 'outgoing');
    const firstKey = rows[0]?.key ?? null;
    const previousFirst = firstRowKey.current;
    // Older rows came in above the ones we had (the one that was first is still there, lower down).
    const prepended =
      previousFirst !== null && firstKey !== previousFirst && rows.some((row) => row.key === previousFirst);
    const sentOne = outgoingCount > sentCount.current;

    if (sentOne) scrollToBottom(element);
    else if (prepended && anchor.current) {
      const top = anchoredScrollTop(anchor.current, measureRows(element));
      if (top !== null) element.scrollTop = top;
    } else if (wasAtBottom.current) scrollToBottom(element);

    firstRowKey.current = firstKey;
    sentCount.current = outgoingCount;
    wasAtBottom.current = isAtBottom(element);
    setAtBottom(wasAtBottom.current);
    if (history.isSuccess) loadOlderIfNearTop(element);
  });
  useLayoutEffect(() => keepViewInPlace(), [timeline, history.isSuccess]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    wasAtBottom.current = isAtBottom(element);
    setAtBottom(wasAtBottom.current);
    setFarFromBottom(
      element.scrollHeight - element.scrollTop - element.clientHeight > JUMP_BUTTON_DISTANCE_PX,
    );
    // While older messages load, the anchor follows the reader, so they appear above what is read now.
    if (history.isFetchingPreviousPage)
      anchor.current = captureAnchor(measureRows(element), element.scrollTop);
    else loadOlderIfNearTop(element);
  };

  // The list gets shorter when the composer grows or the keyboard opens: a reader at the bottom stays there.
  useEffect(() => {
    const element = scroller.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (wasAtBottom.current) scrollToBottom(element);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The message being edited stays in view above the composer.
  useEffect(() => {
    if (!editingId) return;
    scroller.current
      ?.querySelector(`[data-anchor-key="${editingId}"]`)
      ?.scrollIntoView?.({ block: 'nearest' });
  }, [editingId]);

  const jumpToLatest = () =>
    scroller.current?.scrollTo({ top: scroller.current.scrollHeight, behavior: 'smooth' });

  return { scroller, onScroll, atBottom, farFromBottom, jumpToLatest };
}
