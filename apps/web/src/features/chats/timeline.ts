import { type Message } from '@beseda/protocol';
import { type OutgoingMessage } from './outbox';

/** Messages of one author closer together than this share one name and picture. */
export const GROUP_WINDOW_MS = 5 * 60_000;

/** A row of the message list: a confirmed message, or one of mine still on its way. */
export type TimelineEntry =
  | { kind: 'message'; key: string; message: Message; startsGroup: boolean }
  | { kind: 'outgoing'; key: string; outgoing: OutgoingMessage; startsGroup: boolean };

export type TimelineItem =
  | TimelineEntry
  | { kind: 'day'; key: string; date: Date }
  /** Where the messages I had not read when I opened the chat begin. */
  | { kind: 'unread'; key: string };

interface TimelineOptions {
  myId: string | undefined;
  /** My read marker when the chat was opened; later messages of others get the "new" divider. */
  readUpTo?: number | undefined;
}

/** The local calendar day of a moment, e.g. `2026-03-14`. */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

/**
 * The list's rows: day separators where the local date changes, the unread divider, and each
 * message marked with whether it starts a group (a new author, a new day, or a pause). Messages
 * still being sent come last, after everything the server has confirmed; one the server
 * already has (its echo came first) is not shown twice.
 */
export function buildTimeline(
  messages: readonly Message[],
  outgoing: readonly OutgoingMessage[],
  { myId, readUpTo }: TimelineOptions,
): TimelineItem[] {
  const confirmed = new Set(messages.filter((m) => m.authorId === myId).map((m) => m.clientId));
  type Row = { entry: TimelineEntry; authorId: string | null; at: Date };
  const rows: Row[] = [
    ...messages.map((message): Row => ({
      entry: { kind: 'message', key: message.id, message, startsGroup: false },
      authorId: message.authorId,
      at: new Date(message.createdAt),
    })),
    ...outgoing
      .filter((entry) => !confirmed.has(entry.clientId))
      .map((entry): Row => ({
        entry: { kind: 'outgoing', key: entry.clientId, outgoing: entry, startsGroup: false },
        authorId: myId ?? null,
        at: new Date(entry.createdAt),
      })),
  ];

  const items: TimelineItem[] = [];
  let previous: Row | null = null;
  let unreadShown = false;
  for (const row of rows) {
    const day = dayKey(row.at);
    const newDay = !previous || dayKey(previous.at) !== day;
    if (newDay) items.push({ kind: 'day', key: `day-${day}`, date: row.at });
    const unread =
      !unreadShown &&
      readUpTo !== undefined &&
      row.entry.kind === 'message' &&
      row.entry.message.seq > readUpTo &&
      row.authorId !== myId;
    if (unread) {
      unreadShown = true;
      items.push({ kind: 'unread', key: 'unread' });
    }
    const startsGroup =
      newDay ||
      unread ||
      previous?.authorId !== row.authorId ||
      row.at.getTime() - previous.at.getTime() > GROUP_WINDOW_MS;
    items.push({ ...row.entry, startsGroup });
    previous = row;
  }
  return items;
}

/** My newest message that can still be edited: what the up arrow in an empty composer picks. */
export function lastEditableMessage(
  messages: readonly Message[],
  myId: string | undefined,
): Message | undefined {
  if (!myId) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    if (message.authorId === myId && !message.deleted) return message;
  }
  return undefined;
}
