/** Below this level (0..1 RMS) nobody is speaking: background noise never becomes "the speaker". */
const SPEAKING_LEVEL = 0.02;

/**
 * The loudest of several audio streams, measured with WebAudio analysers: who is speaking now.
 * Streams are added and removed as people come and go; `loudest()` is polled by the caller.
 */
export class AudioLevels {
  private readonly context: AudioContext | null;
  private readonly meters = new Map<string, { source: MediaStreamAudioSourceNode; analyser: AnalyserNode }>();
  private readonly buffer = new Float32Array(512);

  constructor() {
    const Context = globalThis.AudioContext;
    this.context = Context ? new Context() : null;
  }

  /** Measures this stream under this key (a participant id); replaces what the key measured before. */
  track(key: string, stream: MediaStream | null): void {
    const current = this.meters.get(key);
    if (current && stream && current.source.mediaStream === stream) return;
    this.untrack(key);
    if (!this.context || !stream || stream.getAudioTracks().length === 0) return;
    const source = this.context.createMediaStreamSource(stream);
    const analyser = this.context.createAnalyser();
    analyser.fftSize = this.buffer.length;
    source.connect(analyser);
    this.meters.set(key, { source, analyser });
  }

  untrack(key: string): void {
    const meter = this.meters.get(key);
    if (!meter) return;
    meter.source.disconnect();
    this.meters.delete(key);
  }

  /** The key of the loudest stream that is above speaking level, or null. */
  loudest(): string | null {
    // A page that had no user gesture yet starts the context suspended.
    if (this.context?.state === 'suspended') void this.context.resume().catch(() => undefined);
    let best: string | null = null;
    let bestLevel = SPEAKING_LEVEL;
    for (const [key, { analyser }] of this.meters) {
      analyser.getFloatTimeDomainData(this.buffer);
      let sum = 0;
      for (const sample of this.buffer) sum += sample * sample;
      const level = Math.sqrt(sum / this.buffer.length);
      if (level > bestLevel) {
        best = key;
        bestLevel = level;
      }
    }
    return best;
  }

  close(): void {
    for (const key of [...this.meters.keys()]) this.untrack(key);
    void this.context?.close().catch(() => undefined);
  }
}
