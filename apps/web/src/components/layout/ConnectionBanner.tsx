import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRealtimeStatus } from '../../realtime/realtime-hooks';

/** A reconnect this quick goes unannounced: a flash of the banner would only distract. */
const GRACE_MS = 1_500;

/** A slim strip under the top bar while the realtime connection is down; gone once it is back. */
export function ConnectionBanner({ graceMs = GRACE_MS }: { graceMs?: number }) {
  const { t } = useTranslation();
  const status = useRealtimeStatus();
  const down = status !== null && status !== 'online';
  const [graceOver, setGraceOver] = useState(false);

  useEffect(() => {
    if (!down) return;
    const timer = setTimeout(() => setGraceOver(true), graceMs);
    return () => {
      clearTimeout(timer);
      setGraceOver(false);
    };
  }, [down, graceMs]);

  return (
    // A live region that is always there, so screen readers announce the message when it appears.
    <div aria-live="polite">
      {down && graceOver && (
        <p
          data-testid="connection-banner"
          className="border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-center text-sm text-amber-900"
        >
          {t('realtime.reconnecting')}
        </p>
      )}
    </div>
  );
}
