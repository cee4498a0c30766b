import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type S3Config } from '../../src/config/config.js';

/** The part of s3rver's API used here (it ships no types). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

export interface S3TestServer {
  /** Endpoint and credentials, without a bucket: each test makes its own with createBucket(). */
  config: Omit<S3Config, 'bucket'>;
  /** The variables an operator sets, for a test server; the bucket is created first. */
  env(bucket: string): Record<string, string>;
  createBucket(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real S3-protocol server in this process: s3rver (an S3 implementation in JavaScript, from
 * the npm registry; no binary is downloaded), listening on a random local port and keeping its
 * objects in a temporary folder. The storage talks to it over HTTP with signed requests, exactly
 * as to AWS S3 or MinIO.
 */
export async function startS3TestServer(): Promise<S3TestServer> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
  const directory = mkdtempSync(path.join(tmpdir(), 'beseda-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
  });
  const { port } = await server.run();
  const config = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    // s3rver's fixed development credentials.
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  };
  const client = new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: true,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
  return {
    config,
    env: (bucket) => ({
      S3_ENDPOINT: config.endpoint,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY: config.accessKeyId,
      S3_SECRET_KEY: config.secretAccessKey,
    }),
    async createBucket() {
      const bucket = `beseda-${randomBytes(6).toString('hex')}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
