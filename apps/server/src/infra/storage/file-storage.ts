import { type Readable } from 'node:stream';

/** A stored file, opened for reading. The caller must consume or destroy `stream`. */
export interface StoredFile {
  stream: Readable;
  /** Length in bytes. */
  size: number;
  contentType: string;
}

export type FileStorageKind = 'local' | 's3';

/**
 * Where uploaded and generated files live: a folder under DATA_DIR by default, an S3-compatible
 * bucket in a real deployment. Keys are made by the server, never taken from a request, and are
 * object-store style (`avatars/0192…-256.webp`): a `/` groups, it does not need a folder to exist.
 */
export abstract class FileStorage {
  abstract readonly kind: FileStorageKind;

  /** Stores the whole of `body` under `key`, replacing any file there. Readers never see half of it. */
  abstract put(key: string, body: Readable | Buffer, contentType: string): Promise<void>;

  /** The file, or null when there is none under `key`. */
  abstract get(key: string): Promise<StoredFile | null>;

  /** Removes the file; removing one that is not there is not an error. */
  abstract delete(key: string): Promise<void>;

  /** Lets go of connections at shutdown; nothing to do for a folder. */
  close(): void {}
}

/**
 * Segments start with a letter or digit (so never `.` or `..`) and hold only characters that are
 * safe as a file name on any disk and as an S3 key. Anything else is a programming error.
 */
const keyPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}(?:\/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,7}$/;

export class InvalidStorageKeyError extends Error {
  override readonly name = 'InvalidStorageKeyError';
}

export function assertValidKey(key: string): void {
  if (!keyPattern.test(key)) throw new InvalidStorageKeyError(`Invalid storage key ${JSON.stringify(key)}`);
}
