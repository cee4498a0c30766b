import { Inject, Injectable } from '@nestjs/common';
import { type AvatarSize, ErrorCode, type Me } from '@beseda/protocol';
import { type Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../common/errors/app-error.js';
import { type RequestContext } from '../../common/http/request-context.js';
import { type RateLimit, RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { RealtimeFanout } from '../../realtime/realtime-fanout.js';
import { Database } from '../../infra/db/database.js';
import { LOGGER } from '../../infra/infra.module.js';
import { FileStorage, type StoredFile } from '../../infra/storage/file-storage.js';
import { ActivityRepository } from '../activity/activity.repository.js';
import { type Principal } from '../auth/guard/principal.js';
import { avatarSizes, renderAvatar } from './avatar-image.js';
import { toMeDto } from './users.mapper.js';
import { UsersRepository } from './users.repository.js';

/** Decoding and re-encoding costs CPU: enough for trying a few pictures, not for a loop. */
export const avatarUploadsPerUser: RateLimit = { name: 'avatar-upload', limit: 20, windowMs: 10 * 60_000 };

/** Where each size of an avatar is stored. The avatar key is a UUID, validated before it gets here. */
const fileKey = (avatarKey: string, size: AvatarSize) => `avatars/${avatarKey}-${size}.webp`;

/**
 * Profile pictures. Every upload gets a new random key, so a URL never changes its content
 * and can be cached forever; the files of the replaced picture are deleted once the new key is
 * committed.
 */
@Injectable()
export class AvatarsService {
  constructor(
    private readonly database: Database,
    private readonly users: UsersRepository,
    private readonly activity: ActivityRepository,
    private readonly storage: FileStorage,
    private readonly rateLimiter: RateLimiter,
    private readonly fanout: RealtimeFanout,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async replace(principal: Principal, upload: Buffer, context: RequestContext): Promise<Me> {
    await this.rateLimiter.consume(avatarUploadsPerUser, principal.userId);
    const images = await renderAvatar(upload);
    // UUIDv7 like every id here: besides its timestamp it has 74 random bits, which is what
    // makes the public URL unguessable.
    const avatarKey = uuidv7();
    let result;
    try {
      for (const size of avatarSizes) {
        await this.storage.put(fileKey(avatarKey, size), images[size], 'image/webp');
      }
      result = await this.setKey(principal, avatarKey, context);
    } catch (error) {
      await this.deleteFiles(avatarKey);
      throw error;
    }
    if (result.previousKey) await this.deleteFiles(result.previousKey);
    return this.announce(toMeDto(result.row, principal.permissions));
  }

  async remove(principal: Principal, context: RequestContext): Promise<Me> {
    const { row, previousKey } = await this.setKey(principal, null, context);
    if (previousKey) await this.deleteFiles(previousKey);
    return this.announce(toMeDto(row, principal.permissions));
  }

  async open(avatarKey: string, size: AvatarSize): Promise<StoredFile> {
    const file = await this.storage.get(fileKey(avatarKey, size));
    if (!file) throw new AppError(ErrorCode.avatarNotFound, 404, 'No such avatar');
    return file;
  }

  private setKey(principal: Principal, avatarKey: string | null, context: RequestContext) {
    return this.database.db.transaction(async (tx) => {
      const result = await this.users.replaceAvatarKey(principal.userId, avatarKey, tx);
      if (!result) throw new AppError(ErrorCode.userNotFound, 404, 'No such user');
      if (result.previousKey !== avatarKey) {
        await this.activity.record(
          {
            userId: principal.userId,
            type: 'profile.updated',
            success: true,
            ip: context.ip,
            userAgent: context.userAgent,
            details: { fields: ['avatar'] },
          },
          tx,
        );
      }
      return result;
    });
  }

  /**
   * Best effort: a storage hiccup must neither fail a change that is already committed nor hide
   * the error that made an upload roll back. What it leaves is a file no user row points to.
   */
  private async deleteFiles(avatarKey: string): Promise<void> {
    for (const size of avatarSizes) {
      try {
        await this.storage.delete(fileKey(avatarKey, size));
      } catch (error) {
        this.logger.warn({ err: error, avatarKey, size }, 'could not delete avatar file');
      }
    }
  }

  /** The user's other tabs and devices show the new picture without reloading. */
  private async announce(me: Me): Promise<Me> {
    await this.fanout.toUsers([me.id], { type: 'me.updated', data: me });
    return me;
  }
}
