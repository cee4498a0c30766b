import { describe, expect, it } from 'vitest';
import { qualityBetween } from './connection-quality';

describe('qualityBetween', () => {
  it('is unknown before anything was received or measured', () => {
    expect(qualityBetween(undefined, { packetsReceived: 0, packetsLost: 0, roundTripTime: undefined })).toBe(
      'unknown',
    );
  });

  it('is good with little loss and a short round trip', () => {
    expect(qualityBetween(undefined, { packetsReceived: 1000, packetsLost: 5, roundTripTime: 0.05 })).toBe(
      'good',
    );
  });

  it('counts only the loss of the last interval', () => {
    const badMinuteAgo = { packetsReceived: 1000, packetsLost: 300, roundTripTime: 0.05 };
    expect(
      qualityBetween(badMinuteAgo, { packetsReceived: 2000, packetsLost: 301, roundTripTime: 0.05 }),
    ).toBe('good');
    expect(
      qualityBetween(badMinuteAgo, { packetsReceived: 1100, packetsLost: 320, roundTripTime: 0.05 }),
    ).toBe('poor');
  });

  it('is fair with some loss or a long round trip, poor with much of either', () => {
    expect(qualityBetween(undefined, { packetsReceived: 970, packetsLost: 30, roundTripTime: 0.05 })).toBe(
      'fair',
    );
    expect(qualityBetween(undefined, { packetsReceived: 1000, packetsLost: 0, roundTripTime: 0.3 })).toBe(
      'fair',
    );
    expect(qualityBetween(undefined, { packetsReceived: 1000, packetsLost: 0, roundTripTime: 0.8 })).toBe(
      'poor',
    );
  });
});
