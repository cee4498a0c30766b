import { Injectable } from '@nestjs/common';

/** Does the work of one outbox row of its kind; throwing means "try again later". */
export interface OutboxHandler {
  handle(payload: Record<string, unknown>): Promise<void>;
}

/**
 * Which handler does the work of each outbox `kind`. Each kind's module registers its handler at
 * start (mail now; push and webhooks later), so the worker never needs to know them all.
 */
@Injectable()
export class OutboxHandlers {
  private readonly byKind = new Map<string, OutboxHandler>();

  register(kind: string, handler: OutboxHandler): void {
    if (this.byKind.has(kind)) throw new Error(`An outbox handler for "${kind}" is already registered`);
    this.byKind.set(kind, handler);
  }

  get(kind: string): OutboxHandler | undefined {
    return this.byKind.get(kind);
  }
}
