import { type MeetingParticipant } from '@beseda/protocol';

/**
 * Perfect negotiation needs exactly one polite side per pair: when both offer at once, the polite
 * one gives way. Both sides compare the same two ids, so they always agree without talking.
 */
export function isPolite(myId: string, theirId: string): boolean {
  return myId > theirId;
}

export interface PeerPlan {
  /** Participants to start a connection with. */
  open: string[];
  /** Connections to close: their participant left or was removed. */
  close: string[];
}

/**
 * What the mesh must change so that there is one connection per other participant in the live
 * state: new participants get one, those who are gone lose theirs, everyone else keeps theirs.
 */
export function planPeers(
  connected: Iterable<string>,
  participants: readonly Pick<MeetingParticipant, 'id'>[],
  myId: string,
): PeerPlan {
  const wanted = new Set(participants.map((participant) => participant.id).filter((id) => id !== myId));
  const current = new Set(connected);
  return {
    open: [...wanted].filter((id) => !current.has(id)),
    close: [...current].filter((id) => !wanted.has(id)),
  };
}
