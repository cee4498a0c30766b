import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFileStorageContract } from './file-storage.contract.js';
import { S3FileStorage } from './s3-file-storage.js';
import { type S3TestServer, startS3TestServer } from '../../../test/support/s3-server.js';

let s3: S3TestServer;

beforeAll(async () => {
  s3 = await startS3TestServer();
});

afterAll(async () => {
  await s3?.close();
});

describeFileStorageContract('S3', async () => {
  const bucket = await s3.createBucket();
  const storage = await S3FileStorage.open({ ...s3.config, bucket });
  return { storage, close: async () => storage.close() };
});

describe('S3FileStorage', () => {
  it('refuses to start on a bucket that does not exist, naming it', async () => {
    await expect(S3FileStorage.open({ ...s3.config, bucket: 'no-such-bucket' })).rejects.toThrow(
      /no-such-bucket/,
    );
  });

  it('stores a stream larger than one part through a multipart upload', async () => {
    const storage = await S3FileStorage.open({ ...s3.config, bucket: await s3.createBucket() });
    const bytes = randomBytes(11 * 1024 * 1024);
    await storage.put('files/big/original', bytes, 'application/octet-stream');
    const file = await storage.get('files/big/original');
    const chunks: Buffer[] = [];
    for await (const chunk of file!.stream) chunks.push(chunk as Buffer);
    expect(file!.size).toBe(bytes.length);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    storage.close();
  });
});
