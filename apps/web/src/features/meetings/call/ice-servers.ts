/**
 * Gives a connection new ICE servers (fresh TURN credentials). coturn checks credentials when a
 * relay is opened, so a relay already open keeps working; what the new ones are for is the next
 * gathering: an ICE restart after a network change, late in a long call.
 */
export function applyIceServers(pc: RTCPeerConnection, iceServers: RTCIceServer[]): void {
  if (pc.connectionState === 'closed') return;
  pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
}
