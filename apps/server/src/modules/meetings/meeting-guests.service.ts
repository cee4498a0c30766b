import { Injectable } from '@nestjs/common';
import { ErrorCode, type GuestAccessRequestSchema } from '@beseda/protocol';
import { v7 as uuidv7 } from 'uuid';
import { type z } from 'zod';
import { AppError } from '../../common/errors/app-error.js';
import { type RequestContext } from '../../common/http/request-context.js';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.js';
import { Database } from '../../infra/db/database.js';
import { AuthService } from '../auth/auth.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { MeetingRoomService } from './meeting-room.service.js';
import { guestAccountsPerIp } from './meetings.limits.js';
import { MeetingsRepository } from './meetings.repository.js';

/**
 * People without an account come to a meeting whose host allows guests: each gets an account of
 * their own with the `guest` role (no permissions: it sees only the meeting's chat once let in),
 * signed in at once. From then on they join like anyone else, and always wait in the lobby.
 * The address is under `.invalid` (RFC 2606), so nothing is ever mailed to it. The account is
 * linked to the meeting it was made for and ended after it (MeetingGuestsExpiry).
 */
@Injectable()
export class MeetingGuestsService {
  constructor(
    private readonly database: Database,
    private readonly room: MeetingRoomService,
    private readonly users: UsersRepository,
    private readonly meetings: MeetingsRepository,
    private readonly auth: AuthService,
    private readonly limiter: RateLimiter,
  ) {}

  async admit(ref: string, request: z.output<typeof GuestAccessRequestSchema>, context: RequestContext) {
    const meeting = await this.room.findByRef(ref, context.ip);
    if (meeting.status === 'cancelled') {
      throw new AppError(ErrorCode.meetingClosed, 409, 'The meeting was cancelled');
    }
    if (meeting.access !== 'code' || !meeting.allowGuests) {
      throw new AppError(
        ErrorCode.meetingNotAllowed,
        403,
        'This meeting does not take guests; sign in to join',
      );
    }
    if (meeting.passcode) await this.room.checkPasscode(meeting, request.passcode, context.ip);
    await this.limiter.consume(guestAccountsPerIp, context.ip);
    const id = uuidv7();
    const user = await this.database.db.transaction(async (tx) => {
      const user = await this.users.insert(
        {
          id,
          email: `guest-${id}@guests.invalid`,
          emailConfirmedAt: new Date(),
          username: `guest-${id.replaceAll('-', '').slice(-16)}`,
          displayName: request.displayName,
          passwordHash: null,
          role: 'guest',
          language: request.language,
          emailDigest: false,
        },
        tx,
      );
      await this.meetings.linkGuestAccount(user.id, meeting.id, tx);
      return user;
    });
    const result = await this.auth.signInVerified(user, 'meeting-guest', context);
    if (result.kind !== 'tokens') throw new Error('A new guest account has no second factor');
    return result.tokens;
  }
}
