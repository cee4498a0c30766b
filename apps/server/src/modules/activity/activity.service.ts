import { Injectable } from '@nestjs/common';
import { type ActivityList, ErrorCode } from '@beseda/protocol';
import { z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { ActivityRepository, type ActivityEventRow } from './activity.repository.js';

export const ActivityPageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

function encodeCursor(row: ActivityEventRow): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(time ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !z.uuid().safeParse(id).success) {
    throw new AppError(ErrorCode.validationFailed, 400, 'The cursor is invalid', [
      { path: 'query.cursor', code: 'invalid', message: 'Use nextCursor from the previous page' },
    ]);
  }
  return { createdAt, id };
}

/** Pages through a user's activity history, newest first, with an opaque cursor. */
@Injectable()
export class ActivityService {
  constructor(private readonly activity: ActivityRepository) {}

  async page(userId: string, query: z.output<typeof ActivityPageQuerySchema>): Promise<ActivityList> {
    const rows = await this.activity.list(userId, query.limit + 1, decodeCursor(query.cursor));
    const items = rows.slice(0, query.limit);
    return {
      items: items.map((row) => ({
        id: row.id,
        type: row.type,
        success: row.success,
        ip: row.ip,
        userAgent: row.userAgent,
        details: row.details,
        createdAt: row.createdAt.toISOString(),
      })),
      nextCursor: rows.length > query.limit ? encodeCursor(items[items.length - 1]!) : null,
    };
  }
}
