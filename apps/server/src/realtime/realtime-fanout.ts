import { Injectable } from '@nestjs/common';
import { type RealtimeEvent } from '@beseda/protocol';
import { Bus } from '../infra/bus/bus.js';

export const USER_EVENTS_CHANNEL = 'rt.users';

export interface UserEventsMessage {
  userIds: string[];
  event: RealtimeEvent;
  /** The connection that caused the change gets no echo of it (it already has the result). */
  exceptConnectionId?: string;
}

/**
 * Sends an event to every live connection of the given users, on whichever node they are
 * connected: published once on the bus, each node delivers to its own connections.
 */
@Injectable()
export class RealtimeFanout {
  constructor(private readonly bus: Bus) {}

  async toUsers(userIds: string[], event: RealtimeEvent, exceptConnectionId?: string): Promise<void> {
    if (userIds.length === 0) return;
    const message: UserEventsMessage = {
      userIds,
      event,
      ...(exceptConnectionId ? { exceptConnectionId } : {}),
    };
    await this.bus.publish(USER_EVENTS_CHANNEL, JSON.stringify(message));
  }
}
