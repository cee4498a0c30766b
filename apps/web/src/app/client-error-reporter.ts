import { type ClientErrorReport } from '@beseda/protocol';
import { apiClient } from '../api/client';

/** A page stuck in an error loop reports a few, not thousands. */
const MAX_REPORTS_PER_PAGE = 10;

let sent = 0;

/** Sends one client-side failure to the server log; never throws, never retries. */
export function reportClientError(kind: ClientErrorReport['kind'], error: unknown) {
  if (sent >= MAX_REPORTS_PER_PAGE) return;
  sent += 1;
  const report: ClientErrorReport = {
    kind,
    message: (error instanceof Error ? error.message : String(error)).slice(0, 2000) || 'Unknown error',
    stack: error instanceof Error ? error.stack?.slice(0, 10_000) : undefined,
    url: location.origin + location.pathname,
  };
  void apiClient.POST('/api/v1/client-errors', { body: report }).catch(() => undefined);
}

/** Reports uncaught errors and unhandled promise rejections for the lifetime of the page. */
export function installClientErrorReporter() {
  window.addEventListener('error', (event) => reportClientError('error', event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) =>
    reportClientError('unhandledrejection', event.reason),
  );
}
