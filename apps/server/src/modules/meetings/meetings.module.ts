import { Module } from '@nestjs/common';
import { MediaModule } from '../../infra/media/media.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ChatsModule } from '../chats/chats.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { UsersModule } from '../users/users.module.js';
import { MeetingGuestsExpiry } from './meeting-guests-expiry.js';
import { MeetingGuestsService } from './meeting-guests.service.js';
import { MeetingRoomService } from './meeting-room.service.js';
import { MeetingSfuService } from './meeting-sfu.service.js';
import { MeetingsController } from './meetings.controller.js';
import { MeetingsRepository } from './meetings.repository.js';
import { MeetingsService } from './meetings.service.js';

@Module({
  imports: [AuthModule, ChatsModule, MediaModule, NotificationsModule, UsersModule],
  controllers: [MeetingsController],
  providers: [
    MeetingsRepository,
    MeetingsService,
    MeetingRoomService,
    MeetingGuestsService,
    MeetingGuestsExpiry,
    MeetingSfuService,
  ],
})
export class MeetingsModule {}
