import { type FileKind, MAX_ATTACHMENTS_PER_MESSAGE } from '@beseda/protocol';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { type FileAttachment, kindOfType } from './attachments';
import { type UploadFile, uploadFile } from './files.api';

/** A file picked for the next message: uploading, uploaded, or refused. */
export interface PendingUpload {
  key: string;
  name: string;
  size: number;
  kind: FileKind;
  /** A local picture of an image, shown until the server's thumbnail exists. */
  localPreview: string | null;
  status: 'uploading' | 'done' | 'failed';
  /** 0 to 1 while uploading. */
  progress: number;
  uploaded: FileAttachment | null;
  error: unknown;
}

export interface UploadTrayState {
  items: readonly PendingUpload[];
  /** How many files of the last pick did not fit under the per-message limit. */
  refused: number;
}

const empty: UploadTrayState = { items: [], refused: 0 };

function createObjectUrl(file: File): string | null {
  // Absent in some runtimes (jsdom): the tray then shows the type's icon until the upload ends.
  return typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : null;
}

function revoke(item: PendingUpload) {
  if (item.localPreview) URL.revokeObjectURL(item.localPreview);
}

/**
 * The files of the message being written. Each one starts uploading as it is added: by the time
 * the text is written it is usually on the server, and the message only names it by id. Files
 * are not kept across a reload or queued for the connection: the bytes live in this page only.
 */
export class UploadTray {
  private state: UploadTrayState = empty;
  private readonly files = new Map<string, File>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly upload: UploadFile = uploadFile) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  snapshot = (): UploadTrayState => this.state;

  /** Adds files after those already there, as many as the per-message limit leaves room for. */
  add(files: readonly File[]): void {
    if (files.length === 0) return;
    const room = Math.max(MAX_ATTACHMENTS_PER_MESSAGE - this.state.items.length, 0);
    const taken = files.slice(0, room);
    const added = taken.map((file): PendingUpload => {
      const kind = kindOfType(file.type);
      return {
        key: crypto.randomUUID(),
        name: file.name,
        size: file.size,
        kind,
        localPreview: kind === 'image' ? createObjectUrl(file) : null,
        status: 'uploading',
        progress: 0,
        uploaded: null,
        error: undefined,
      };
    });
    this.set({ items: [...this.state.items, ...added], refused: files.length - taken.length });
    added.forEach((item, index) => {
      this.files.set(item.key, taken[index]!);
      void this.start(item.key);
    });
  }

  /** Cancels the file's upload if it is under way, and takes it out of the message. */
  remove(key: string): void {
    this.controllers.get(key)?.abort();
    this.controllers.delete(key);
    this.files.delete(key);
    const item = this.state.items.find((candidate) => candidate.key === key);
    if (item) revoke(item);
    this.set({ items: this.state.items.filter((candidate) => candidate.key !== key), refused: 0 });
  }

  retry(key: string): void {
    const item = this.state.items.find((candidate) => candidate.key === key);
    if (item?.status !== 'failed') return;
    this.patch(key, { status: 'uploading', progress: 0, error: undefined });
    void this.start(key);
  }

  /** The message went out with the uploaded files: the tray starts over. */
  clear(): void {
    for (const controller of this.controllers.values()) controller.abort();
    this.controllers.clear();
    this.files.clear();
    this.state.items.forEach(revoke);
    this.set(empty);
  }

  private async start(key: string) {
    const file = this.files.get(key);
    if (!file) return;
    const controller = new AbortController();
    this.controllers.set(key, controller);
    try {
      const uploaded = await this.upload(file, {
        signal: controller.signal,
        onProgress: (progress) => this.patch(key, { progress }),
      });
      if (controller.signal.aborted) return;
      this.patch(key, { status: 'done', progress: 1, uploaded });
    } catch (error) {
      // Cancelled: remove() has already taken it out.
      if (controller.signal.aborted) return;
      this.patch(key, { status: 'failed', error });
    } finally {
      if (this.controllers.get(key) === controller) this.controllers.delete(key);
    }
  }

  private patch(key: string, changes: Partial<PendingUpload>) {
    if (!this.state.items.some((item) => item.key === key)) return;
    this.set({
      ...this.state,
      items: this.state.items.map((item) => (item.key === key ? { ...item, ...changes } : item)),
    });
  }

  private set(next: UploadTrayState) {
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}

/** The uploaded files, ready to go with the message. */
export function readyAttachments(state: UploadTrayState): FileAttachment[] {
  return state.items.flatMap((item) => (item.status === 'done' && item.uploaded ? [item.uploaded] : []));
}

export function isUploading(state: UploadTrayState): boolean {
  return state.items.some((item) => item.status === 'uploading');
}

/**
 * A tray for one composer, for as long as it is on screen: leaving the chat cancels what is still
 * uploading.
 */
export function useUploadTray(upload?: UploadFile): UploadTray {
  const [tray] = useState(() => new UploadTray(upload));
  useEffect(() => () => tray.clear(), [tray]);
  return tray;
}

export function useUploadTrayState(tray: UploadTray | undefined): UploadTrayState {
  return useSyncExternalStore(tray?.subscribe ?? noSubscription, tray?.snapshot ?? emptySnapshot);
}

const noSubscription = () => () => undefined;
const emptySnapshot = () => empty;
