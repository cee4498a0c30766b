import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity/activity.module.js';
import { AvatarsController } from './avatars.controller.js';
import { AvatarsService } from './avatars.service.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [ActivityModule],
  controllers: [UsersController, AvatarsController],
  providers: [UsersRepository, UsersService, AvatarsService],
  exports: [UsersRepository],
})
export class UsersModule {}
