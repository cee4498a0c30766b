/**
 * Gives a connection new ICE servers (fresh TURN credentials). Candidates gathered from now on
 * use them; a connection that runs through a TURN relay keeps its allocation only as long as the
 * credentials it was made with, so the caller restarts ICE on those (see `usesRelay`).
 */
export function applyIceServers(pc: RTCPeerConnection, iceServers: RTCIceServer[]): void {
  if (pc.connectionState === 'closed') return;
  pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
}

/** Whether the connection's media goes through a TURN relay on my side right now. */
export async function usesRelay(pc: RTCPeerConnection): Promise<boolean> {
  if (pc.connectionState === 'closed') return false;
  const report = await pc.getStats();
  let localId: string | undefined;
  report.forEach((stat: Record<string, unknown>) => {
    if (stat.type === 'candidate-pair' && stat.nominated && stat.state === 'succeeded') {
      localId = String(stat.localCandidateId);
    }
  });
  if (!localId) return false;
  return (report.get(localId) as { candidateType?: string } | undefined)?.candidateType === 'relay';
}
