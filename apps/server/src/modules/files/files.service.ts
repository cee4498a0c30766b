import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type MultipartFile } from '@fastify/multipart';
import { ErrorCode, type File, type FileVariant } from '@beseda/protocol';
import { type FastifyRequest } from 'fastify';
import { type Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../common/errors/app-error.js';
import { type RateLimit, RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { type Db } from '../../infra/db/database.js';
import { LOGGER } from '../../infra/infra.module.js';
import { FileStorage, type StoredFile } from '../../infra/storage/file-storage.js';
import { type Principal } from '../auth/guard/principal.js';
import { renderImageVariants } from './file-images.js';
import { cleanFileName, detectType, isTypeAllowed, kindOf, previewableImages } from './file-types.js';
import { FileUrls } from './file-urls.js';
import { toFileDto } from './files.mapper.js';
import { filesPolicy } from './files.policy.js';
import { type FileRow, FilesRepository } from './files.repository.js';

export const UPLOAD_FIELD = 'file';

/** Each upload costs disk, CPU for images and a database row: plenty for people, not for a loop. */
export const fileUploadsPerUser: RateLimit = { name: 'file-upload', limit: 300, windowMs: 10 * 60_000 };

const notFound = () => new AppError(ErrorCode.fileNotFound, 404, 'No such file');

/** Where each version of a file is stored; the id is a server-made UUID. */
const storageKeys = (id: string) => ({
  original: `files/${id}/original`,
  preview: `files/${id}/preview.webp`,
  thumbnail: `files/${id}/thumbnail.webp`,
});

/** How a download was allowed: a signed link, or the caller's own token. */
export type DownloadAccess = { exp: number; sig: string } | { principal: Principal };

export interface Download {
  file: FileRow;
  stored: StoredFile;
  variant: FileVariant;
}

/**
 * Files sent in chats. An upload streams to a temporary file (never whole into memory), is judged
 * by its bytes, gets its image sizes made, and is then stored; it stays its uploader's until it is
 * attached to a message, and is deleted by the clean-up job if that never happens.
 */
@Injectable()
export class FilesService implements OnModuleInit {
  private readonly tempDir: string;

  constructor(
    private readonly repository: FilesRepository,
    private readonly storage: FileStorage,
    private readonly urls: FileUrls,
    private readonly rateLimiter: RateLimiter,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.tempDir = path.join(config.dataDir, 'tmp', 'uploads');
  }

  async onModuleInit() {
    await mkdir(this.tempDir, { recursive: true, mode: 0o700 });
  }

  async upload(principal: Principal, request: FastifyRequest): Promise<File> {
    await this.rateLimiter.consume(fileUploadsPerUser, principal.userId);
    const limits = this.config.files;
    const remaining = limits.quotaBytes - (await this.repository.usedBytes(principal.userId));
    // Refused before a byte is read when nothing is left; otherwise counted as the file arrives.
    if (remaining <= 0) throw quotaExceeded(limits.quotaBytes);

    const id = uuidv7();
    const tempFile = path.join(this.tempDir, id);
    try {
      const part = await readFilePart(request, limits.maxBytes);
      let size = 0;
      await pipeline(
        part.file,
        async function* count(chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            yield chunk;
          }
        },
        createWriteStream(tempFile, { flags: 'wx', mode: 0o600 }),
      );
      // The parser stops keeping bytes at the cap but reads the rest of the request, so the
      // client gets this answer instead of a broken connection.
      if (part.file.truncated) {
        throw new AppError(
          ErrorCode.fileTooLarge,
          413,
          `The file is larger than the ${formatBytes(limits.maxBytes)} accepted`,
        );
      }
      if (size > remaining) throw quotaExceeded(limits.quotaBytes);

      const contentType = await detectType(tempFile);
      if (!isTypeAllowed(contentType, limits.allowedTypes, limits.deniedTypes)) {
        throw new AppError(
          ErrorCode.fileTypeNotAllowed,
          415,
          `Files of type ${contentType} are not accepted here`,
        );
      }
      const images = previewableImages[contentType]
        ? await renderImageVariants(tempFile, contentType, limits.maxPixels)
        : undefined;

      const keys = storageKeys(id);
      try {
        await this.storage.put(keys.original, createReadStream(tempFile), contentType);
        if (images) {
          await this.storage.put(keys.preview, images.preview, 'image/webp');
          await this.storage.put(keys.thumbnail, images.thumbnail, 'image/webp');
        }
        const row = await this.repository.insert({
          id,
          ownerId: principal.userId,
          name: cleanFileName(part.filename),
          size,
          contentType,
          kind: kindOf(contentType),
          width: images?.width ?? null,
          height: images?.height ?? null,
          storageKey: keys.original,
          previewKey: images ? keys.preview : null,
          thumbnailKey: images ? keys.thumbnail : null,
        });
        return toFileDto(row, this.urls);
      } catch (error) {
        await this.deleteStored([keys.original, keys.preview, keys.thumbnail]);
        throw error;
      }
    } finally {
      await rm(tempFile, { force: true });
    }
  }

  /**
   * Opens a file for download. A signed link needs nothing else (its signature binds the file,
   * the variant and the expiry); a token needs the right to read the file now. Either way, a
   * file whose message was deleted is gone.
   */
  async open(id: string, variant: FileVariant, access: DownloadAccess): Promise<Download> {
    const found = await this.repository.findReadable(id);
    if (!found) throw notFound();
    if ('sig' in access) {
      if (!this.urls.verify(id, variant, access.exp, access.sig)) throw notFound();
    } else if (!(await this.mayRead(found.file, found.chatId, access.principal))) {
      throw notFound();
    }
    const key = this.keyOf(found.file, variant);
    const stored = key ? await this.storage.get(key) : null;
    if (!stored) throw notFound();
    return { file: found.file, stored, variant };
  }

  /** A signed link to a file the caller may read, e.g. for a redirect. */
  async signedUrl(principal: Principal, id: string, variant: FileVariant): Promise<string> {
    const found = await this.repository.findReadable(id);
    if (!found || !(await this.mayRead(found.file, found.chatId, principal))) throw notFound();
    if (!this.keyOf(found.file, variant)) throw notFound();
    return this.urls.sign(id, variant);
  }

  /**
   * The attachments of messages already shown to the caller, with links signed now: being allowed
   * to read the messages is being allowed to read their files.
   */
  async ofMessages(messageIds: string[]): Promise<Array<{ messageId: string; file: File }>> {
    const rows = await this.repository.ofMessages(messageIds);
    return rows.map((row) => ({ messageId: row.messageId!, file: toFileDto(row, this.urls) }));
  }

  /** Inside the transaction that stores the message: all the files, or the whole send fails. */
  async attach(ids: string[], messageId: string, principal: Principal, tx: Db): Promise<void> {
    const attached = await this.repository.attach(ids, messageId, principal.userId, tx);
    if (attached !== ids.length) {
      throw new AppError(
        ErrorCode.fileInvalidAttachment,
        400,
        'Attach only files you uploaded and have not sent yet',
        [{ path: 'body.attachments', code: 'invalid_attachment', message: 'Not an attachable file' }],
      );
    }
  }

  /** Inside the transaction that deletes the message. */
  async detachDeleted(messageId: string, tx: Db): Promise<void> {
    await this.repository.deleteOfMessage(messageId, tx);
  }

  private async mayRead(file: FileRow, chatId: string | null, principal: Principal): Promise<boolean> {
    const access = chatId ? await this.repository.chatAccess(chatId, principal.userId) : undefined;
    return filesPolicy.canRead(file, access, principal);
  }

  private keyOf(file: FileRow, variant: FileVariant): string | null {
    if (variant === 'preview') return file.previewKey;
    if (variant === 'thumbnail') return file.thumbnailKey;
    return file.storageKey;
  }

  /** Best effort; what it misses is found by nothing but costs only space. */
  async deleteStored(keys: string[]): Promise<boolean> {
    let all = true;
    for (const key of keys) {
      try {
        await this.storage.delete(key);
      } catch (error) {
        all = false;
        this.logger.warn({ err: error, key }, 'could not delete a stored file');
      }
    }
    return all;
  }
}

function quotaExceeded(quotaBytes: number): AppError {
  return new AppError(
    ErrorCode.fileQuotaExceeded,
    413,
    `Your files would take more than your ${formatBytes(quotaBytes)}: delete some messages with files first`,
  );
}

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/**
 * The file part of the form. The size cap is enforced by the parser, which marks the part
 * `truncated` rather than failing mid-stream (see above).
 */
async function readFilePart(request: FastifyRequest, maxBytes: number): Promise<MultipartFile> {
  let part: MultipartFile | undefined;
  try {
    part = await request.file({ limits: { fileSize: maxBytes }, throwFileSizeLimit: false });
  } catch (error) {
    throw clientFault(error);
  }
  if (part?.fieldname !== UPLOAD_FIELD) {
    part?.file.resume();
    throw new AppError(ErrorCode.validationFailed, 400, `Send the file in the form field "${UPLOAD_FIELD}"`, [
      { path: `body.${UPLOAD_FIELD}`, code: 'required', message: 'A file is required' },
    ]);
  }
  return part;
}

/** As for avatars: the plugin's FST_ errors are mapped by the error filter, busboy's are the client's. */
function clientFault(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('FST_')) return error;
  return new AppError(ErrorCode.validationFailed, 400, 'The multipart form is malformed');
}
