import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FileStorage, InvalidStorageKeyError } from './file-storage.js';

export interface FileStorageHarness {
  storage: FileStorage;
  close(): Promise<void>;
}

async function read(storage: FileStorage, key: string) {
  const file = await storage.get(key);
  if (!file) return null;
  return { ...file, bytes: await buffer(file.stream) };
}

/**
 * What every FileStorage must do, wherever the bytes go: the local store runs it now, and an S3
 * store runs the same suite against MinIO.
 */
export function describeFileStorageContract(name: string, open: () => Promise<FileStorageHarness>) {
  describe(`${name} file storage contract`, () => {
    let harness: FileStorageHarness;

    beforeEach(async () => {
      harness = await open();
    });

    afterEach(async () => {
      await harness.close();
    });

    it('reads back what was stored from a buffer, with its size and content type', async () => {
      const bytes = Buffer.from('RIFF\0\0\0\0WEBPVP8 binary \u0000\u00ff payload');
      await harness.storage.put('avatars/0192f0c8-256.webp', bytes, 'image/webp');

      const file = await read(harness.storage, 'avatars/0192f0c8-256.webp');
      expect(file).toMatchObject({ size: bytes.length, contentType: 'image/webp' });
      expect(file!.bytes.equals(bytes)).toBe(true);
    });

    it('stores a stream whole, across many chunks', async () => {
      const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(16 * 1024, i));
      await harness.storage.put('uploads/big.bin', Readable.from(chunks), 'application/octet-stream');

      const file = await read(harness.storage, 'uploads/big.bin');
      expect(file!.size).toBe(64 * 16 * 1024);
      expect(file!.bytes.equals(Buffer.concat(chunks))).toBe(true);
    });

    it('replaces the file under an existing key', async () => {
      await harness.storage.put('a/one', Buffer.from('first version'), 'text/plain');
      await harness.storage.put('a/one', Buffer.from('second'), 'application/json');

      const file = await read(harness.storage, 'a/one');
      expect(file!.bytes.toString()).toBe('second');
      expect(file!.contentType).toBe('application/json');
    });

    it('answers null for a key that holds nothing, before and after a delete', async () => {
      expect(await harness.storage.get('a/missing')).toBeNull();
      await harness.storage.put('a/gone', Buffer.from('x'), 'text/plain');
      await harness.storage.delete('a/gone');
      expect(await harness.storage.get('a/gone')).toBeNull();
    });

    it('deletes a missing key without complaint', async () => {
      await expect(harness.storage.delete('a/never-stored')).resolves.toBeUndefined();
    });

    it('keeps nothing of a write whose stream failed', async () => {
      const failing = new Readable({
        read() {
          this.push(Buffer.from('partial'));
          this.destroy(new Error('client went away'));
        },
      });
      await expect(harness.storage.put('a/broken', failing, 'text/plain')).rejects.toThrow(
        'client went away',
      );
      expect(await harness.storage.get('a/broken')).toBeNull();
    });

    it.each([
      '../outside',
      'a/../../etc/passwd',
      '/etc/passwd',
      'a//b',
      '.hidden',
      'a/./b',
      'a\\b',
      'a b',
      '',
    ])('refuses the key %j', async (key) => {
      await expect(harness.storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow(
        InvalidStorageKeyError,
      );
      await expect(harness.storage.get(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(harness.storage.delete(key)).rejects.toThrow(InvalidStorageKeyError);
    });
  });
}
