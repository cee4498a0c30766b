import { Module } from '@nestjs/common';
import { AuthModule } from '../modules/auth/auth.module.js';
import { UsersModule } from '../modules/users/users.module.js';
import { ConnectionAuth } from './connection-auth.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { StreamBuffer } from './stream-buffer.js';
import { StreamRegistry } from './stream-registry.js';
import { StreamResumer } from './stream-resumer.js';

@Module({
  imports: [AuthModule, UsersModule],
  providers: [RealtimeGateway, ConnectionAuth, StreamBuffer, StreamRegistry, StreamResumer],
})
export class RealtimeModule {}
