/** A request Janus refused or could not serve; `janusCode` is the VideoRoom/core error code when it gave one. */
export class SfuError extends Error {
  override readonly name: string = 'SfuError';
  constructor(
    message: string,
    readonly janusCode?: number,
  ) {
    super(message);
  }
}

/** Janus cannot be reached right now (the controller keeps reconnecting). */
export class SfuUnavailableError extends SfuError {
  override readonly name = 'SfuUnavailableError';
}

/**
 * VideoRoom error codes worth telling apart (janus_videoroom.c, JANUS_VIDEOROOM_ERROR_*):
 * 426 no such room, 427 room exists, 433 unauthorized (wrong pin, secret or admin_key),
 * 436 participant id taken.
 */
export const JanusErrorCode = {
  noSuchRoom: 426,
  roomExists: 427,
  unauthorized: 433,
  idExists: 436,
} as const;

/** janode's errors read "<code> <text>"; the VideoRoom ones also carry the code as `_code`. */
export function toSfuError(what: string, error: unknown): SfuError {
  if (error instanceof SfuError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { _code?: unknown })?._code ?? Number(/^(\d{3}) /.exec(message)?.[1] ?? Number.NaN);
  if (typeof code === 'number' && !Number.isNaN(code)) {
    return new SfuError(`Janus refused "${what}": ${message}`, code);
  }
  if (/connection closed|unexpected disconnection|not connected|ECONNREFUSED/i.test(message)) {
    return new SfuUnavailableError(`Janus connection lost during "${what}": ${message}`);
  }
  return new SfuError(`Janus refused "${what}": ${message}`);
}
