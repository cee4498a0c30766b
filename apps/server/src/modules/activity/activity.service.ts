import { Injectable } from '@nestjs/common';
import { type ActivityList } from '@beseda/protocol';
import { z } from 'zod';
import { decodeTimeCursor, encodeTimeCursor } from '../../common/http/time-cursor.js';
import { ActivityRepository } from './activity.repository.js';

export const ActivityPageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});

/** Pages through a user's activity history, newest first, with an opaque cursor. */
@Injectable()
export class ActivityService {
  constructor(private readonly activity: ActivityRepository) {}

  async page(userId: string, query: z.output<typeof ActivityPageQuerySchema>): Promise<ActivityList> {
    const rows = await this.activity.list(
      userId,
      query.limit + 1,
      query.cursor ? decodeTimeCursor(query.cursor) : undefined,
    );
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
      nextCursor: rows.length > query.limit ? encodeTimeCursor(items[items.length - 1]!) : null,
    };
  }
}
