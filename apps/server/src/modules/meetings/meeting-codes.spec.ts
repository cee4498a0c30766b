import { MEETING_CODE_PATTERN } from '@beseda/protocol';
import { describe, expect, it } from 'vitest';
import { newMeetingCode, normaliseMeetingCode } from './meeting-codes.js';

describe('meeting codes', () => {
  it('are three, four and three lowercase letters, and differ', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newMeetingCode()));
    for (const code of codes) expect(code).toMatch(MEETING_CODE_PATTERN);
    expect(codes.size).toBe(200);
  });

  it('accept what people type', () => {
    expect(normaliseMeetingCode('ABC-DEFG-HIJ')).toBe('abc-defg-hij');
    expect(normaliseMeetingCode('abc defg hij')).toBe('abc-defg-hij');
    expect(normaliseMeetingCode('abcdefghij')).toBe('abc-defg-hij');
    expect(normaliseMeetingCode('abc-defg-hi')).toBeNull();
    expect(normaliseMeetingCode('abc-defg-hi1')).toBeNull();
    expect(normaliseMeetingCode('абв-где-жзи')).toBeNull();
  });
});
