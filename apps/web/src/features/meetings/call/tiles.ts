import { type CallSnapshot } from './call-session';
import { type TileModel } from '../VideoTile';

/** Everyone's camera tile (mine first), and a tile for each screen being shared. */
export function buildTiles(snapshot: CallSnapshot): TileModel[] {
  const cameras: TileModel[] = [];
  const screens: TileModel[] = [];
  for (const participant of snapshot.live.participants) {
    const isMe = participant.id === snapshot.myId;
    const remote = snapshot.remotes.get(participant.id);
    const camera: TileModel = {
      key: `${participant.id}:camera`,
      kind: 'camera',
      participant,
      stream: isMe ? snapshot.localStream : (remote?.camera ?? null),
      isMe,
      videoOn: isMe ? snapshot.video : participant.video,
      audioOn: isMe ? snapshot.audio : participant.audio,
      quality: isMe ? null : (remote?.quality ?? 'unknown'),
    };
    if (isMe) cameras.unshift(camera);
    else cameras.push(camera);
    const screen = isMe ? snapshot.screen : participant.screen ? (remote?.screen ?? null) : null;
    if (screen) {
      screens.push({
        ...camera,
        key: `${participant.id}:screen`,
        kind: 'screen',
        stream: screen,
        videoOn: true,
      });
    }
  }
  return [...screens, ...cameras];
}

/**
 * The tile shown large in the speaker layout: a shared screen first (someone else's before
 * mine), else whoever speaks, else the first other person, else me.
 */
export function featuredTile(
  tiles: readonly TileModel[],
  activeSpeakerId: string | null,
): TileModel | undefined {
  const screens = tiles.filter((tile) => tile.kind === 'screen');
  const screen = screens.find((tile) => !tile.isMe) ?? screens[0];
  if (screen) return screen;
  const cameras = tiles.filter((tile) => tile.kind === 'camera');
  return (
    cameras.find((tile) => !tile.isMe && tile.participant.id === activeSpeakerId) ??
    cameras.find((tile) => !tile.isMe) ??
    cameras[0]
  );
}
