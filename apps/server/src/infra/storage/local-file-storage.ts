import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidKey, FileStorage, InvalidStorageKeyError, type StoredFile } from './file-storage.js';

/**
 * Names the store adds beside a file contain `~`, which no key may contain, so they can never
 * collide with a stored file: `<file>~meta` holds the content type, `<file>~tmp-…` is a write in
 * progress.
 */
const META_SUFFIX = '~meta';
const TEMP_INFIX = '~tmp-';

interface Meta {
  contentType: string;
}

/**
 * The embedded default: files under DATA_DIR/files, one file per key. Unlike S3, a key cannot be
 * both a file and the prefix of another key (`a` and `a/b`); the server's key layouts avoid that.
 */
export class LocalFileStorage extends FileStorage {
  readonly kind = 'local' as const;
  private readonly root: string;

  private constructor(root: string) {
    super();
    this.root = path.resolve(root);
  }

  /** Creates the folder when missing, so an unwritable DATA_DIR fails the start, not an upload. */
  static async open(root: string): Promise<LocalFileStorage> {
    await mkdir(root, { recursive: true, mode: 0o700 });
    return new LocalFileStorage(root);
  }

  async put(key: string, body: Readable | Buffer, contentType: string): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const suffix = randomBytes(6).toString('hex');
    const tempFile = `${file}${TEMP_INFIX}${suffix}`;
    const tempMeta = `${file}${META_SUFFIX}${TEMP_INFIX}${suffix}`;
    try {
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      // Flushed to disk before the rename publishes it: a crash must not leave a renamed, empty file.
      await pipeline(source, createWriteStream(tempFile, { flags: 'wx', mode: 0o600, flush: true }));
      await writeFile(tempMeta, JSON.stringify({ contentType } satisfies Meta), { mode: 0o600 });
      // The type first: a reader that finds the new bytes also finds their type.
      await rename(tempMeta, `${file}${META_SUFFIX}`);
      await rename(tempFile, file);
    } catch (error) {
      await Promise.all([rm(tempFile, { force: true }), rm(tempMeta, { force: true })]);
      throw error;
    }
  }

  async get(key: string): Promise<StoredFile | null> {
    const file = this.pathOf(key);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    try {
      // Size and bytes come from the same open file, so a concurrent replace or delete cannot
      // make them disagree.
      const { size } = await handle.stat();
      const meta = await this.readMeta(file);
      return { stream: handle.createReadStream(), size, contentType: meta.contentType };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await rm(file, { force: true });
    await rm(`${file}${META_SUFFIX}`, { force: true });
  }

  private async readMeta(file: string): Promise<Meta> {
    try {
      return JSON.parse(await readFile(`${file}${META_SUFFIX}`, 'utf8')) as Meta;
    } catch (error) {
      if (isMissing(error)) return { contentType: 'application/octet-stream' };
      throw error;
    }
  }

  /** The key's file; the pattern already forbids `..`, the prefix check guards the pattern. */
  private pathOf(key: string): string {
    assertValidKey(key);
    const file = path.resolve(this.root, key);
    if (!file.startsWith(this.root + path.sep)) {
      throw new InvalidStorageKeyError(`Storage key ${JSON.stringify(key)} leaves the storage folder`);
    }
    return file;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}
