import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFileStorageContract } from './file-storage.contract.js';
import { InvalidStorageKeyError } from './file-storage.js';
import { LocalFileStorage } from './local-file-storage.js';

describeFileStorageContract('local', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'beseda-files-'));
  return {
    storage: await LocalFileStorage.open(path.join(root, 'files')),
    close: async () => rmSync(root, { recursive: true, force: true }),
  };
});

/** Every file under `dir`, relative to it. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('LocalFileStorage', () => {
  let root: string;
  let dir: string;
  let storage: LocalFileStorage;

  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'beseda-files-'));
    dir = path.join(root, 'data', 'files');
    storage = await LocalFileStorage.open(dir);
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('creates its folder at start', () => {
    expect(existsSync(dir)).toBe(true);
  });

  it('keeps each key under its folder, with its content type beside it', async () => {
    await storage.put('avatars/abc-64.webp', Buffer.from('x'), 'image/webp');
    expect(listFiles(dir)).toEqual(['avatars/abc-64.webp', 'avatars/abc-64.webp~meta']);
    await storage.delete('avatars/abc-64.webp');
    expect(listFiles(dir)).toEqual([]);
  });

  it('cannot be walked out of its folder, even to a file that exists', async () => {
    writeFileSync(path.join(root, 'data', 'secret.txt'), 'do not serve');
    writeFileSync(path.join(root, 'data', 'secret.txt~meta'), '{"contentType":"text/plain"}');
    for (const key of ['../secret.txt', 'avatars/../../secret.txt', `${root}/data/secret.txt`]) {
      await expect(storage.get(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.delete(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(storage.put(key, Buffer.from('overwritten'), 'text/plain')).rejects.toThrow(
        InvalidStorageKeyError,
      );
    }
    expect(existsSync(path.join(root, 'data', 'secret.txt'))).toBe(true);
    expect(listFiles(dir)).toEqual([]);
  });

  it('leaves no temporary file behind when a write fails', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(storage.put('a/b', failing, 'text/plain')).rejects.toThrow('disk gone');
    expect(listFiles(dir)).toEqual([]);
  });

  it('never shows a reader a half-written file', async () => {
    await storage.put('a/doc', Buffer.from('old complete version'), 'text/plain');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    async function* slowly() {
      yield Buffer.from('new, ');
      await gate;
      yield Buffer.from('complete');
    }
    const writing = storage.put('a/doc', Readable.from(slowly()), 'text/plain');
    await new Promise((resolve) => setTimeout(resolve, 20));

    const during = await storage.get('a/doc');
    const duringBytes = await new Response(Readable.toWeb(during!.stream) as ReadableStream).text();
    expect(duringBytes).toBe('old complete version');
    release();
    await writing;
    const after = await storage.get('a/doc');
    expect(await new Response(Readable.toWeb(after!.stream) as ReadableStream).text()).toBe('new, complete');
  });

  it('does not mistake its own bookkeeping files for keys', async () => {
    await expect(storage.get('a/doc~meta')).rejects.toThrow(InvalidStorageKeyError);
  });
});
