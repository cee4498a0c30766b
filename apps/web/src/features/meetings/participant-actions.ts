import { type MeetingParticipant } from '@beseda/protocol';

export type ParticipantAction =
  'mute' | 'stopVideo' | 'lowerHand' | 'makeCohost' | 'unmakeCohost' | 'makeHost' | 'remove';

/**
 * What I may do to another participant: hosts and co-hosts turn microphones and cameras off,
 * lower hands and remove people (never the host); only the host names co-hosts and hands over.
 */
export function actionsFor(
  target: MeetingParticipant,
  myRole: MeetingParticipant['role'] | undefined,
  isMe: boolean,
): ParticipantAction[] {
  if (isMe || (myRole !== 'host' && myRole !== 'cohost')) return [];
  const actions: ParticipantAction[] = [];
  if (target.audio) actions.push('mute');
  if (target.video) actions.push('stopVideo');
  if (target.handRaised) actions.push('lowerHand');
  if (myRole === 'host' && target.userId) {
    if (target.role === 'participant') actions.push('makeCohost');
    if (target.role === 'cohost') actions.push('unmakeCohost');
    if (target.role !== 'guest') actions.push('makeHost');
  }
  if (target.role !== 'host') actions.push('remove');
  return actions;
}
