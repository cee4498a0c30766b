import { type MeetingTopology } from '@beseda/protocol';

export interface TopologyLimits {
  /** A Janus SFU is configured and the clients can use it. */
  sfu: boolean;
  /** The most people a mesh (everyone sending to everyone) may hold. */
  meshLimit: number;
}

/**
 * How media flows for `count` people: two talk directly; more go through the SFU when there is
 * one, else each to each up to the mesh limit (every sender encodes once per receiver, so a
 * mesh grows costly fast). null: too many for a mesh and no SFU, so the join is refused.
 */
export function chooseTopology(count: number, limits: TopologyLimits): MeetingTopology | null {
  if (count <= 2) return 'p2p';
  if (limits.sfu) return 'sfu';
  return count <= limits.meshLimit ? 'mesh' : null;
}
