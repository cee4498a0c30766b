import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type Logger } from 'pino';
import { type Config } from '../../config/config.js';
import { CONFIG } from '../../config/config.module.js';
import { LOGGER } from '../infra.module.js';
import { JanusSfu } from './janus-sfu.js';
import { iceServersFor, type IceServerList } from './turn-credentials.js';

/** Injection token of the Janus controller: a JanusSfu when JANUS_URL is set, null otherwise. */
export const JANUS_SFU = Symbol('JANUS_SFU');

/** The ICE servers a user's browser gets for a call (STUN_URLS, TURN_URLS with fresh credentials). */
@Injectable()
export class IceServers {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  forUser(userId: string): IceServerList {
    return iceServersFor(this.config.media, userId);
  }
}

@Injectable()
class MediaLifecycle implements OnApplicationShutdown {
  constructor(@Inject(JANUS_SFU) private readonly sfu: JanusSfu | null) {}

  async onApplicationShutdown() {
    await this.sfu?.close();
  }
}

/** Media infrastructure for meetings: ICE servers and the Janus SFU controller. */
@Module({
  providers: [
    IceServers,
    {
      provide: JANUS_SFU,
      inject: [CONFIG, LOGGER],
      useFactory: (config: Config, logger: Logger): JanusSfu | null =>
        config.media.janus ? JanusSfu.start(config.media.janus, logger.child({ component: 'janus' })) : null,
    },
    MediaLifecycle,
  ],
  exports: [IceServers, JANUS_SFU],
})
export class MediaModule {}
