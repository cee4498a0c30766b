export type ConnectionQuality = 'good' | 'fair' | 'poor' | 'unknown';

/** The counters of one connection at one moment, summed over what it receives. */
export interface QualitySample {
  packetsReceived: number;
  packetsLost: number;
  /** Of the selected candidate pair, in seconds; undefined before the first measurement. */
  roundTripTime: number | undefined;
}

const POOR_LOSS = 0.08;
const FAIR_LOSS = 0.02;
const POOR_RTT_S = 0.6;
const FAIR_RTT_S = 0.25;

/**
 * Quality over the interval between two samples: loss counts only the packets of the interval,
 * so a bad minute long ago does not keep a good connection marked poor.
 */
export function qualityBetween(
  previous: QualitySample | undefined,
  current: QualitySample,
): ConnectionQuality {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = Math.max(0, current.packetsLost - (previous?.packetsLost ?? 0));
  const expected = received + lost;
  if (expected <= 0 && current.roundTripTime === undefined) return 'unknown';
  const loss = expected > 0 ? lost / expected : 0;
  const rtt = current.roundTripTime ?? 0;
  if (loss >= POOR_LOSS || rtt >= POOR_RTT_S) return 'poor';
  if (loss >= FAIR_LOSS || rtt >= FAIR_RTT_S) return 'fair';
  return 'good';
}

/** Reads the counters a quality sample needs out of an RTCStatsReport. */
export function sampleFromReport(report: RTCStatsReport): QualitySample {
  let packetsReceived = 0;
  let packetsLost = 0;
  let roundTripTime: number | undefined;
  report.forEach((stat: Record<string, unknown>) => {
    if (stat.type === 'inbound-rtp') {
      packetsReceived += Number(stat.packetsReceived ?? 0);
      packetsLost += Number(stat.packetsLost ?? 0);
    } else if (stat.type === 'candidate-pair' && stat.nominated && stat.state === 'succeeded') {
      if (typeof stat.currentRoundTripTime === 'number') roundTripTime = stat.currentRoundTripTime;
    }
  });
  return { packetsReceived, packetsLost, roundTripTime };
}
