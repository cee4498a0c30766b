import { Injectable } from '@nestjs/common';
import { type z } from 'zod';
import { type Principal } from '../modules/auth/guard/principal.js';

export interface CommandContext {
  principal: Principal;
  connectionId: string;
}

interface Command {
  params: z.ZodType;
  handle: (params: unknown, context: CommandContext) => Promise<unknown>;
}

/**
 * Client → server commands over the socket (`request` frames), registered by the domain that
 * owns them; each gets exactly one `response`. A map, not a switch: adding a command touches
 * only its domain.
 */
@Injectable()
export class RealtimeCommands {
  private readonly commands = new Map<string, Command>();

  register<S extends z.ZodType>(
    method: string,
    params: S,
    handle: (params: z.output<S>, context: CommandContext) => Promise<unknown>,
  ) {
    if (this.commands.has(method)) throw new Error(`Realtime command ${method} is registered twice`);
    this.commands.set(method, { params, handle: handle as Command['handle'] });
  }

  get(method: string): Command | undefined {
    return this.commands.get(method);
  }
}
