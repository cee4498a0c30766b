import { type SignalPayload } from '@beseda/protocol';
import { type CallConnection } from './call-session';

interface HeldSignal {
  meetingId: string;
  to: string;
  from: string;
  payload: SignalPayload;
}

/** More than a few connections' worth of offers and candidates: older ones are dropped. */
const MAX_HELD = 500;

/**
 * Keeps the signals that arrive before the call exists. Those already in the meeting offer as
 * soon as they see me in the live state, which can be before my own join request has answered;
 * an offer lost then would leave both sides waiting for each other.
 */
export class SignalBuffer {
  private held: HeldSignal[] = [];
  private readonly stop: () => void;

  constructor(connection: Pick<CallConnection, 'on'>) {
    this.stop = connection.on('meeting.signal', (signal) => {
      this.held.push(signal);
      if (this.held.length > MAX_HELD) this.held.shift();
    });
  }

  /** The held signals to this stay, oldest first; the buffer forgets everything it held. */
  take(meetingId: string, participantId: string): { from: string; payload: SignalPayload }[] {
    const mine = this.held.filter((signal) => signal.meetingId === meetingId && signal.to === participantId);
    this.held = [];
    return mine.map(({ from, payload }) => ({ from, payload }));
  }

  close(): void {
    this.stop();
    this.held = [];
  }
}
