import { describe, expect, it } from 'vitest';
import { JanusErrorCode, SfuError, SfuUnavailableError, toSfuError } from './janus-errors.js';

describe('toSfuError', () => {
  it('keeps the code of a VideoRoom error janode reports as `_code`', () => {
    const error = Object.assign(new Error('433 Unauthorized (wrong pin)'), { _code: 433 });
    expect(toSfuError('join', error)).toMatchObject({
      janusCode: JanusErrorCode.unauthorized,
      name: 'SfuError',
    });
  });

  it('reads the code of a core error from its message', () => {
    expect(toSfuError('create session', new Error('403 Unauthorized request'))).toMatchObject({
      janusCode: 403,
    });
  });

  it('treats a lost connection as Janus being unavailable', () => {
    expect(toSfuError('kick', new Error('connection closed'))).toBeInstanceOf(SfuUnavailableError);
  });

  it('keeps an SfuError as it is', () => {
    const error = new SfuError('x', 426);
    expect(toSfuError('destroy', error)).toBe(error);
  });
});
