import { Module } from '@nestjs/common';
import { ActivityRepository } from './activity.repository.js';
import { ActivityService } from './activity.service.js';

@Module({ providers: [ActivityRepository, ActivityService], exports: [ActivityRepository, ActivityService] })
export class ActivityModule {}
