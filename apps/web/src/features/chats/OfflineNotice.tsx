import { useTranslation } from 'react-i18next';
import { useOutboxOffline } from './outbox';

/**
 * Above the composer while messages cannot go out: what is written now waits in the outbox (kept
 * across a reload) and is sent when the connection returns.
 */
export function OfflineNotice() {
  const { t } = useTranslation();
  const offline = useOutboxOffline();
  return (
    // A live region that is always there, so screen readers announce the notice when it appears.
    <div aria-live="polite">
      {offline && (
        <p
          data-testid="offline-notice"
          className="mb-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-1.5 text-sm text-amber-900"
        >
          {t('chats.composer.offline')}
        </p>
      )}
    </div>
  );
}
