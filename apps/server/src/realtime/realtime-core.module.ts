import { Global, Module } from '@nestjs/common';
import { PresenceTracker } from './presence-tracker.js';
import { RealtimeCommands } from './realtime-commands.js';
import { RealtimeFanout } from './realtime-fanout.js';

/**
 * Global so any domain can emit events, register commands and read presence without depending
 * on the gateway (which depends on the domains for authentication).
 */
@Global()
@Module({
  providers: [RealtimeFanout, RealtimeCommands, PresenceTracker],
  exports: [RealtimeFanout, RealtimeCommands, PresenceTracker],
})
export class RealtimeCoreModule {}
