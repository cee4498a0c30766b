import { FileSchema } from '@beseda/protocol';
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { ApiError, isApiError } from '../../api/api-error';
import { getSessionState, subscribeToSession } from '../../auth/session-store';
import { type FileAttachment } from './attachments';

/**
 * A message I sent that the server has not confirmed yet. Its `clientId` is fixed when it is
 * written: a retry sends the same one, so the server stores the message once however often
 * the request goes out (after a lost answer, or again after a reload).
 */
export interface OutgoingMessage {
  clientId: string;
  chatId: string;
  text: string;
  /** An earlier message of the chat that this one quotes. */
  quote?: string;
  /**
   * Ids of files already uploaded, sent with the message. The files themselves never wait here:
   * only a message whose uploads finished is queued, so it can go out later without the bytes.
   */
  attachments?: string[];
  /** How those files are shown while the message is on its way. */
  attachmentFiles?: FileAttachment[];
  createdAt: string;
  /** `sending` covers waiting for the connection too: it goes out as soon as it can. */
  status: 'sending' | 'failed';
  /** The error of the last attempt, while failed. */
  error?: unknown;
}

/** Sends one message; resolves once the server has it, rejects with the request's error. */
export type DeliverMessage = (entry: OutgoingMessage) => Promise<void>;

export interface OutboxOptions {
  /** Where unsent messages survive a reload; null keeps them in memory only. */
  storage?: Storage | null;
  /** Whether the browser thinks it has a network; nothing is attempted while it says no. */
  isOnline?: () => boolean;
}

const STORAGE_PREFIX = 'beseda.outbox.v1.';
/** A server that answers with an error (5xx, 408, 429) gets this many tries before the message is marked failed. */
const MAX_SERVER_ATTEMPTS = 5;
/** Waits between tries grow from the first to the last, doubling. */
const FIRST_RETRY_MS = 1_000;
/**
 * Without a network the first wait is longer: the browser's `online` event and the realtime
 * reconnect usually wake the queue sooner than any timer.
 */
const FIRST_OFFLINE_RETRY_MS = 2_000;
const MAX_RETRY_MS = 30_000;

const none: readonly OutgoingMessage[] = [];

const isWaiting = (entry: OutgoingMessage) => entry.status === 'sending';

type FailureKind = 'unreachable' | 'transient' | 'permanent';

/**
 * What a failed send means for the queue. No answer at all: wait for the network, however long.
 * A timeout, a rate limit or a server error: try again a few times. Any other refusal will not
 * change by itself (no access, too long…): the message is marked failed for the person to decide.
 */
function failureKind(error: unknown): FailureKind {
  if (!isApiError(error)) return 'permanent';
  if (error.status === 0) return 'unreachable';
  if (error.status === 408 || error.status === 429 || error.status >= 500) return 'transient';
  return 'permanent';
}

function retryDelay(error: unknown, attempt: number, firstMs = FIRST_RETRY_MS): number {
  const asked = isApiError(error) ? error.retryAfterSeconds : undefined;
  if (asked !== undefined) return Math.min(asked * 1000, MAX_RETRY_MS);
  return Math.min(firstMs * 2 ** Math.max(attempt - 1, 0), MAX_RETRY_MS);
}

function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage refused (some private modes): the queue still works, for this page only.
    return null;
  }
}

/** Outboxes with a sender running; signing out empties them. */
const activeOutboxes = new Set<Outbox>();

/**
 * Messages on their way, per chat. Client state, kept apart from the server's history: the list
 * shows them after the confirmed messages until the server's copy arrives.
 *
 * Once opened for the signed-in person, every change is also written to storage under their id,
 * so what was not sent survives a reload and goes out then, with the same clientId. Sending is
 * one message at a time per chat, in the order written; a chat waits while its next message
 * cannot go out yet, and the others are not held up by it.
 */
export class Outbox {
  private readonly byChat = new Map<string, readonly OutgoingMessage[]>();
  private readonly listeners = new Set<() => void>();
  private readonly storage: Storage | null;
  private readonly isOnline: () => boolean;

  private userId: string | null = null;
  private deliver: DeliverMessage | null = null;
  /** Chats whose queue is being worked through; a second worker would send a message twice. */
  private readonly draining = new Set<string>();
  /** Server errors so far, per message. */
  private readonly attempts = new Map<string, number>();
  /** The last send got no answer at all: we are offline, whatever the browser says. */
  private unreachable = false;
  private unreachableStreak = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: OutboxOptions = {}) {
    this.storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.isOnline = options.isOnline ?? browserOnline;
  }

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

  /**
   * Offline as far as sending goes: the browser says so, or messages are waiting because the
   * last try reached no one.
   */
  get offline(): boolean {
    if (!this.isOnline()) return true;
    return this.unreachable && [...this.byChat.values()].some((entries) => entries.some(isWaiting));
  }

  /**
   * From now on keeps the queue of this person in storage, and takes up what an earlier page
   * left there. Another person's messages are never mixed in: switching accounts starts over.
   */
  open(userId: string): void {
    if (this.userId === userId) return;
    if (this.userId !== null) this.byChat.clear();
    this.userId = userId;
    const stored = this.readStored();
    const storedIds = new Set(stored.map((entry) => entry.clientId));
    // Written before the account was known (the first moments after a load): keep them too.
    const unsaved = [...this.byChat.values()].flat().filter((entry) => !storedIds.has(entry.clientId));
    this.byChat.clear();
    for (const entry of [...stored, ...unsaved]) {
      this.byChat.set(entry.chatId, [...this.forChat(entry.chatId), entry]);
    }
    if (unsaved.length > 0) this.writeStored((entries) => [...entries, ...unsaved]);
    this.changed();
    this.wake();
  }

  /**
   * Starts sending with `deliver`, now and whenever a message is added or retried or `wake` is
   * called. Returns the function that stops it; a send already under way still completes.
   */
  start(deliver: DeliverMessage): () => void {
    this.deliver = deliver;
    activeOutboxes.add(this);
    this.wake();
    return () => {
      if (this.deliver === deliver) this.deliver = null;
      activeOutboxes.delete(this);
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    };
  }

  /** The connection may be back (or gone): try what is waiting now, without waiting for a timer. */
  wake = (): void => {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.unreachableStreak = 0;
    this.changed();
    for (const chatId of [...this.byChat.keys()]) void this.drain(chatId);
  };

  /** A new message, sent after the chat's earlier ones. */
  enqueue(entry: Omit<OutgoingMessage, 'status' | 'error'>): void {
    this.add({ ...entry, status: 'sending' });
    void this.drain(entry.chatId);
  }

  /** Sends a failed message again, with its clientId, after whatever the chat has waiting before it. */
  retry(clientId: string): void {
    const entry = this.find(clientId);
    if (!entry || entry.status !== 'failed') return;
    this.attempts.delete(clientId);
    // It goes to the end of the chat's queue: sent, and shown, after what was written meanwhile.
    this.set(entry.chatId, [
      ...this.forChat(entry.chatId).filter((candidate) => candidate.clientId !== clientId),
      { ...entry, status: 'sending', error: undefined },
    ]);
    void this.drain(entry.chatId);
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
    this.attempts.delete(clientId);
    if (!entry) return;
    this.set(
      entry.chatId,
      this.forChat(entry.chatId).filter((candidate) => candidate.clientId !== clientId),
    );
  }

  /** Signed out: nothing of this person's stays, on screen or in storage. */
  forget(): void {
    if (this.userId !== null) this.storage?.removeItem(STORAGE_PREFIX + this.userId);
    this.userId = null;
    this.deliver = null;
    clearTimeout(this.retryTimer);
    this.byChat.clear();
    this.attempts.clear();
    this.changed();
  }

  private async drain(chatId: string): Promise<void> {
    if (this.draining.has(chatId)) return;
    this.draining.add(chatId);
    try {
      for (;;) {
        const deliver = this.deliver;
        if (!deliver || !this.isOnline()) return;
        const next = this.forChat(chatId).find(isWaiting);
        if (!next) return;
        try {
          await deliver(next);
          this.remove(next.clientId);
          this.reached();
        } catch (error) {
          // Confirmed by its echo, or discarded, while the request was out.
          if (this.find(next.clientId)?.status !== 'sending') continue;
          const kind = failureKind(error);
          if (kind === 'unreachable') {
            this.unreachable = true;
            this.unreachableStreak += 1;
            this.changed();
            this.scheduleRetry(retryDelay(error, this.unreachableStreak, FIRST_OFFLINE_RETRY_MS));
            return;
          }
          this.reached();
          const attempt = (this.attempts.get(next.clientId) ?? 0) + 1;
          this.attempts.set(next.clientId, attempt);
          if (kind === 'transient' && attempt < MAX_SERVER_ATTEMPTS) {
            this.scheduleRetry(retryDelay(error, attempt));
            return;
          }
          this.attempts.delete(next.clientId);
          this.update(next.clientId, { status: 'failed', error });
        }
      }
    } finally {
      this.draining.delete(chatId);
    }
  }

  /** A request got an answer: the network is there. */
  private reached() {
    this.unreachableStreak = 0;
    if (!this.unreachable) return;
    this.unreachable = false;
    this.changed();
  }

  private scheduleRetry(delayMs: number) {
    if (this.retryTimer !== undefined || !this.deliver) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      for (const chatId of [...this.byChat.keys()]) void this.drain(chatId);
    }, delayMs);
  }

  private set(chatId: string, entries: readonly OutgoingMessage[]) {
    const before = this.forChat(chatId);
    if (entries.length === 0) this.byChat.delete(chatId);
    else this.byChat.set(chatId, entries);
    this.writeStored((stored) => {
      const storedIds = new Set(stored.map((entry) => entry.clientId));
      const beforeIds = new Set(before.map((entry) => entry.clientId));
      const known = new Set([...beforeIds, ...entries.map((entry) => entry.clientId)]);
      // Another tab's entries stay; one of ours that another tab already sent is not put back.
      const others = stored.filter((entry) => !known.has(entry.clientId));
      const ours = entries.filter((entry) => storedIds.has(entry.clientId) || !beforeIds.has(entry.clientId));
      return [...others, ...ours];
    });
    this.changed();
  }

  private changed() {
    for (const listener of [...this.listeners]) listener();
  }

  // Storage is read and written whole on each change, so two tabs of the same person add to
  // one list instead of overwriting each other's.

  private readStored(): OutgoingMessage[] {
    if (this.userId === null || !this.storage) return [];
    try {
      const raw = this.storage.getItem(STORAGE_PREFIX + this.userId);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.flatMap(fromStored) : [];
    } catch {
      return [];
    }
  }

  private writeStored(change: (entries: OutgoingMessage[]) => OutgoingMessage[]) {
    if (this.userId === null || !this.storage) return;
    const key = STORAGE_PREFIX + this.userId;
    try {
      const next = change(this.readStored());
      if (next.length === 0) this.storage.removeItem(key);
      else this.storage.setItem(key, JSON.stringify(next.map(toStored)));
    } catch {
      // Storage full or refused: the queue still works for this page.
    }
  }
}

interface StoredError {
  code: string;
  status: number;
  message: string;
}

type StoredMessage = Omit<OutgoingMessage, 'error'> & { error?: StoredError };

function toStored(entry: OutgoingMessage): StoredMessage {
  const { error, ...rest } = entry;
  if (!isApiError(error)) return rest;
  return { ...rest, error: { code: error.code, status: error.status, message: error.message } };
}

function fromStored(value: unknown): OutgoingMessage[] {
  const entry = value as Partial<StoredMessage> | null;
  if (
    typeof entry?.clientId !== 'string' ||
    typeof entry.chatId !== 'string' ||
    typeof entry.text !== 'string' ||
    typeof entry.createdAt !== 'string' ||
    (entry.status !== 'sending' && entry.status !== 'failed')
  ) {
    return [];
  }
  const { clientId, chatId, text, createdAt, status, error, quote, attachments, attachmentFiles } = entry;
  // Entries stored before files existed have neither field; a malformed one is dropped, not the message.
  const ids = Array.isArray(attachments) ? attachments.filter((id) => typeof id === 'string') : [];
  const files = Array.isArray(attachmentFiles)
    ? attachmentFiles.flatMap((file) => {
        const parsed = FileSchema.safeParse(file);
        return parsed.success ? [parsed.data] : [];
      })
    : [];
  return [
    {
      clientId,
      chatId,
      text,
      ...(typeof quote === 'string' && { quote }),
      ...(ids.length > 0 && { attachments: ids }),
      ...(files.length > 0 && { attachmentFiles: files }),
      createdAt,
      status,
      ...(error && {
        error: new ApiError({ code: error.code, status: error.status, message: error.message }),
      }),
    },
  ];
}

/** Removes every queue kept in this browser's storage, whoever it belonged to. */
export function forgetStoredOutboxes(storage: Storage | null = defaultStorage()): void {
  if (!storage) return;
  try {
    const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index));
    for (const key of keys) if (key?.startsWith(STORAGE_PREFIX)) storage.removeItem(key);
  } catch {
    // Nothing could be kept there either.
  }
}

// Signing out (here or in another tab, or a session that ended) leaves no unsent text behind
// for the next person at this browser. A load that starts signed out is not a sign-out: the
// queue must survive a reload while the server is unreachable.
let sessionStatus = getSessionState().status;
subscribeToSession(() => {
  const { status } = getSessionState();
  if (sessionStatus === 'signedIn' && status === 'signedOut') {
    for (const outbox of activeOutboxes) outbox.forget();
    forgetStoredOutboxes();
  }
  sessionStatus = status;
});

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

const noSubscription = () => () => undefined;

/** Whether messages are waiting for the connection; false outside the chats screen. */
export function useOutboxOffline(): boolean {
  const outbox = useContext(OutboxContext);
  return useSyncExternalStore(outbox?.subscribe ?? noSubscription, () => outbox?.offline ?? false);
}
