import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  NoSuchKey,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { type S3Config } from '../../config/config.js';
import { assertValidKey, FileStorage, type StoredFile } from './file-storage.js';

/**
 * Parts of a stream whose length is not known up front: each is held in memory until sent, so
 * this times `queueSize` bounds what one upload holds. 5 MiB is the smallest part S3 accepts.
 */
const PART_BYTES = 5 * 1024 * 1024;

/**
 * Files in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage...). Objects are written whole
 * (a single PUT, or a multipart upload that is completed only at the end and aborted on error),
 * so a reader never sees half of one, as S3 itself guarantees.
 */
export class S3FileStorage extends FileStorage {
  readonly kind = 's3' as const;

  private constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {
    super();
  }

  /** Connects and checks that the bucket answers, so a wrong setting fails the start, not an upload. */
  static async open(config: S3Config): Promise<S3FileStorage> {
    const client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // Checksums only where S3 requires them: several S3-compatible stores do not understand the
      // newer trailing-checksum uploads the SDK otherwise sends by default.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    try {
      await client.send(new HeadBucketCommand({ Bucket: config.bucket }));
    } catch (error) {
      client.destroy();
      const reason = error instanceof Error ? error.name : String(error);
      throw new Error(`S3 bucket "${config.bucket}" at ${config.endpoint} cannot be used (${reason})`, {
        cause: error,
      });
    }
    return new S3FileStorage(client, config.bucket);
  }

  async put(key: string, body: Readable | Buffer, contentType: string): Promise<void> {
    assertValidKey(key);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: PART_BYTES,
      queueSize: 2,
      leavePartsOnError: false,
    });
    // A failing source stream does not always reach the uploader as an error (it may just end):
    // listen for it, or a cut-off upload would be stored as if it were whole.
    let sourceError: unknown;
    if (body instanceof Readable) {
      body.once('error', (error) => {
        sourceError = error;
        void upload.abort().catch(() => undefined);
      });
    }
    try {
      await upload.done();
    } catch (error) {
      throw sourceError ?? error;
    }
    if (sourceError) {
      await this.delete(key);
      throw sourceError;
    }
  }

  async get(key: string): Promise<StoredFile | null> {
    assertValidKey(key);
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        stream: result.Body as Readable,
        size: result.ContentLength ?? 0,
        contentType: result.ContentType ?? 'application/octet-stream',
      };
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.name === 'NoSuchKey')) {
        return null;
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertValidKey(key);
    // S3 answers a delete of a missing key with success too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  override close(): void {
    this.client.destroy();
  }
}
