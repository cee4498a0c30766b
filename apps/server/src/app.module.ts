import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { type Config } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { ErrorFilter } from './common/errors/error.filter.js';
import { InfraModule, type InfraOptions } from './infra/infra.module.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import { ClientErrorsModule } from './modules/client-errors/client-errors.module.js';
import { RealtimeCoreModule } from './realtime/realtime-core.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { ChatsModule } from './modules/chats/chats.module.js';
import { FilesModule } from './modules/files/files.module.js';
import { MeetingsModule } from './modules/meetings/meetings.module.js';
import { SearchModule } from './modules/search/search.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { InstanceModule } from './modules/instance/instance.module.js';
import { MailModule } from './modules/mail/mail.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { PushModule } from './modules/push/push.module.js';
import { OpenApiModule } from './openapi/openapi.module.js';
import { WebClient } from './web/web-client.js';

export interface AppModuleOptions extends InfraOptions {
  config: Config;
  webClient: WebClient;
}

@Module({})
export class AppModule {
  static forRoot({ config, webClient, ...infra }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        InfraModule.forRoot(infra),
        RateLimitModule,
        RealtimeCoreModule,
        HealthModule,
        MetricsModule,
        InstanceModule,
        MailModule,
        UsersModule,
        AuthModule,
        RealtimeModule,
        ChatsModule,
        FilesModule,
        PushModule,
        SearchModule,
        MeetingsModule,
        ClientErrorsModule,
        OpenApiModule,
      ],
      providers: [
        { provide: WebClient, useValue: webClient },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
