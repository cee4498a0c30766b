/**
 * Runs asynchronous steps one after another, in the order they were asked for: one negotiation
 * of a connection must finish before the next one starts. A failed step is reported and the
 * queue goes on.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  run(step: () => Promise<void>): void {
    this.tail = this.tail.then(step).catch((error: unknown) => reportError(error));
  }
}
