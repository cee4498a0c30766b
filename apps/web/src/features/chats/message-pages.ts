import { type Message } from '@beseda/protocol';
import { type InfiniteData } from '@tanstack/react-query';

/**
 * A chat's loaded history as the infinite query keeps it: pages oldest first, each page oldest
 * first. (Each page's parameter is its `before` cursor; nothing here needs to read it.)
 */
export type MessagePages = InfiniteData<Message[]>;

export function allMessages(data: MessagePages | undefined): Message[] {
  return data ? data.pages.flat() : [];
}

export function findMessage(data: MessagePages | undefined, id: string): Message | undefined {
  for (const page of data?.pages ?? []) {
    const found = page.find((message) => message.id === id);
    if (found) return found;
  }
  return undefined;
}

/** The highest seq loaded, or 0 when the chat has no messages yet. */
export function newestSeq(data: MessagePages | undefined): number {
  const pages = data?.pages ?? [];
  for (let i = pages.length - 1; i >= 0; i--) {
    const last = pages[i]!.at(-1);
    if (last) return last.seq;
  }
  return 0;
}

function oldestSeq(data: MessagePages): number | undefined {
  for (const page of data.pages) {
    if (page.length > 0) return page[0]!.seq;
  }
  return undefined;
}

function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  const copy = [...list];
  copy[index] = item;
  return copy;
}

/**
 * Puts a message into the loaded history: replaces the copy with the same id, or inserts it in
 * seq order. A message older than everything loaded is left out: the next `before=` page brings
 * it, and inserting it would move that cursor past messages not loaded yet.
 */
export function upsertMessage(data: MessagePages, message: Message): MessagePages {
  for (let p = 0; p < data.pages.length; p++) {
    const page = data.pages[p]!;
    const index = page.findIndex((candidate) => candidate.id === message.id);
    if (index >= 0) return { ...data, pages: replaceAt(data.pages, p, replaceAt(page, index, message)) };
  }
  const oldest = oldestSeq(data);
  if (oldest !== undefined && message.seq < oldest) return data;

  for (let p = data.pages.length - 1; p >= 0; p--) {
    const page = data.pages[p]!;
    if (page.length > 0 && page[0]!.seq > message.seq) continue;
    if (page.some((candidate) => candidate.seq === message.seq)) return data;
    const at = page.findIndex((candidate) => candidate.seq > message.seq);
    const next = at < 0 ? [...page, message] : [...page.slice(0, at), message, ...page.slice(at)];
    return { ...data, pages: replaceAt(data.pages, p, next) };
  }
  return data;
}

/**
 * Puts a run of older messages (oldest first, reaching at least the oldest loaded one) in front of
 * the loaded history, as part of its first page: the history stays one unbroken stretch up to
 * the newest message, and the `before=` cursor of the first page moves back past the run.
 */
export function prependMessages(data: MessagePages, run: readonly Message[]): MessagePages {
  const [first, ...rest] = data.pages;
  if (!first) return data;
  const oldest = oldestSeq(data);
  const older = oldest === undefined ? [] : run.filter((message) => message.seq < oldest);
  if (older.length === 0) return data;
  return { ...data, pages: [[...older, ...first], ...rest] };
}
