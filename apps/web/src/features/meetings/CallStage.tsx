import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CallSnapshot } from './call/call-session';
import { buildTiles, featuredTile } from './call/tiles';
import { VideoTile } from './VideoTile';

export type CallLayout = 'grid' | 'speaker';

/** Grid columns by number of tiles; phones stack one or two per row. Literal class names for Tailwind. */
function gridColumns(count: number): string {
  if (count <= 1) return 'grid-cols-1';
  if (count === 2) return 'grid-cols-1 sm:grid-cols-2';
  if (count <= 4) return 'grid-cols-1 sm:grid-cols-2';
  if (count <= 6) return 'grid-cols-2 lg:grid-cols-3';
  return 'grid-cols-2 md:grid-cols-3 lg:grid-cols-4';
}

/**
 * Where the video goes: a grid of equal tiles, or one large tile (a shared screen, or whoever
 * speaks) above a strip of the others. A shared screen is always shown large.
 */
interface CallStageProps {
  snapshot: CallSnapshot;
  layout: CallLayout;
  /** How wide each remote camera is shown (the SFU sends the simulcast layer that fits). */
  onTileWidth?: (participantId: string, width: number) => void;
}

export function CallStage({ snapshot, layout, onTileWidth }: CallStageProps) {
  const { t } = useTranslation();
  const tiles = useMemo(() => buildTiles(snapshot), [snapshot]);
  // The last person who spoke stays large through their pauses.
  const [lastSpeaker, setLastSpeaker] = useState<string | null>(null);
  if (snapshot.activeSpeakerId && snapshot.activeSpeakerId !== lastSpeaker) {
    setLastSpeaker(snapshot.activeSpeakerId);
  }
  const speaking = (participantId: string) => tiles.length > 1 && snapshot.activeSpeakerId === participantId;
  const reactions = (
    <div
      aria-live="polite"
      className="pointer-events-none absolute inset-x-0 bottom-4 flex justify-center gap-2"
    >
      {snapshot.reactions.map((reaction) => {
        const who = snapshot.live.participants.find(
          (participant) => participant.id === reaction.participantId,
        );
        return (
          <span
            key={reaction.key}
            data-testid="reaction"
            className="animate-bounce rounded-full bg-slate-900/80 px-3 py-1 text-2xl"
            title={who?.displayName}
          >
            {reaction.emoji}
            <span className="sr-only">
              {t('meetings.call.reactionFrom', { name: who?.displayName ?? '' })}
            </span>
          </span>
        );
      })}
    </div>
  );

  const hasScreen = tiles.some((tile) => tile.kind === 'screen');
  if (layout === 'grid' && !hasScreen) {
    return (
      <main className="relative min-w-0 flex-1 p-2">
        <div className={`grid h-full auto-rows-fr gap-2 ${gridColumns(tiles.length)}`}>
          {tiles.map((tile) => (
            <VideoTile
              key={tile.key}
              tile={tile}
              speaking={speaking(tile.participant.id)}
              onWidth={onTileWidth}
            />
          ))}
        </div>
        {reactions}
      </main>
    );
  }

  const featured = featuredTile(tiles, lastSpeaker);
  const others = tiles.filter((tile) => tile !== featured);
  return (
    <main className="relative flex min-w-0 flex-1 flex-col gap-2 p-2">
      {featured && (
        <VideoTile
          tile={featured}
          speaking={featured.kind === 'camera' && speaking(featured.participant.id)}
          className="flex-1"
          onWidth={onTileWidth}
        />
      )}
      {others.length > 0 && (
        <div className="flex h-24 shrink-0 gap-2 overflow-x-auto sm:h-32">
          {others.map((tile) => (
            <VideoTile
              key={tile.key}
              tile={tile}
              speaking={tile.kind === 'camera' && speaking(tile.participant.id)}
              className="aspect-video h-full shrink-0"
              onWidth={onTileWidth}
            />
          ))}
        </div>
      )}
      {reactions}
    </main>
  );
}
