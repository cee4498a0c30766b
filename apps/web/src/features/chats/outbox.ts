import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';

/**
 * A message I sent that the server has not confirmed yet. Its `clientId` is fixed when it is
 * written: a retry sends the same one, so the server stores the message once however often
 * the request goes out.
 */
export interface OutgoingMessage {
  clientId: string;
  chatId: string;
  text: string;
  createdAt: string;
  status: 'sending' | 'failed';
  /** The error of the last attempt, while failed. */
  error?: unknown;
}

const none: readonly OutgoingMessage[] = [];

/**
 * Messages on their way, per chat. Client state, kept apart from the server's history: the list
 * shows them after the confirmed messages until the server's copy arrives.
 */
export class Outbox {
  private readonly byChat = new Map<string, readonly OutgoingMessage[]>();
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** The same array until the chat's entries change, as useSyncExternalStore needs. */
  forChat(chatId: string): readonly OutgoingMessage[] {
    return this.byChat.get(chatId) ?? none;
  }

  find(clientId: string): OutgoingMessage | undefined {
    for (const entries of this.byChat.values()) {
      const found = entries.find((entry) => entry.clientId === clientId);
      if (found) return found;
    }
    return undefined;
  }

  add(entry: OutgoingMessage): void {
    this.set(entry.chatId, [...this.forChat(entry.chatId), entry]);
  }

  update(clientId: string, changes: Partial<Pick<OutgoingMessage, 'status' | 'error'>>): void {
    const entry = this.find(clientId);
    if (!entry) return;
    this.set(
      entry.chatId,
      this.forChat(entry.chatId).map((candidate) =>
        candidate.clientId === clientId ? { ...candidate, ...changes } : candidate,
      ),
    );
  }

  /** The server has the message (or the person gave up on it). */
  remove(clientId: string): void {
    const entry = this.find(clientId);
    if (!entry) return;
    this.set(
      entry.chatId,
      this.forChat(entry.chatId).filter((candidate) => candidate.clientId !== clientId),
    );
  }

  private set(chatId: string, entries: readonly OutgoingMessage[]) {
    if (entries.length === 0) this.byChat.delete(chatId);
    else this.byChat.set(chatId, entries);
    for (const listener of [...this.listeners]) listener();
  }
}

export const OutboxContext = createContext<Outbox | null>(null);

export function useOutbox(): Outbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new Error('useOutbox needs an OutboxContext (mounted by ChatsPage)');
  return outbox;
}

/** The chat's messages on their way, re-rendering as they change. */
export function useOutgoingMessages(chatId: string): readonly OutgoingMessage[] {
  const outbox = useOutbox();
  const snapshot = useCallback(() => outbox.forChat(chatId), [outbox, chatId]);
  return useSyncExternalStore(outbox.subscribe, snapshot);
}
