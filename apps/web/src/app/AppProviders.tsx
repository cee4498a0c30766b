import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { RealtimeProvider } from '../realtime/RealtimeProvider';

interface AppProvidersProps {
  i18n: I18n;
  queryClient: QueryClient;
  children: ReactNode;
}

/**
 * Context every page relies on; the app and the tests build it the same way. The realtime
 * connection lives while someone is signed in; unit tests run without one, since no gateway
 * answers there (and a dev server on the test page's origin must not).
 */
export function AppProviders({ i18n, queryClient, children }: AppProvidersProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <RealtimeProvider enabled={import.meta.env.MODE !== 'test'}>{children}</RealtimeProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
