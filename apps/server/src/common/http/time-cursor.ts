import { ErrorCode } from '@beseda/protocol';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/**
 * Opaque page cursor for lists ordered newest first by (time, id): the position of the last row
 * of the previous page. The id breaks ties between rows of the same instant.
 */
export interface TimeCursor {
  createdAt: Date;
  id: string;
}

export function encodeTimeCursor({ createdAt, id }: TimeCursor): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

/** Throws 400 validation.failed for anything that is not a cursor this server made. */
export function decodeTimeCursor(cursor: string): TimeCursor {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(time ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !z.uuid().safeParse(id).success) {
    throw new AppError(ErrorCode.validationFailed, 400, 'The cursor is invalid', [
      { path: 'query.cursor', code: 'invalid', message: 'Use nextCursor from the previous page' },
    ]);
  }
  return { createdAt, id };
}
