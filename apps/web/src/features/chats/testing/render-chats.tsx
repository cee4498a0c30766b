import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders } from '../../../app/AppProviders';
import { routes } from '../../../app/routes';
import { createI18n } from '../../../i18n/i18n';
import { type Language } from '../../../i18n/languages';
import { type RealtimeConnection } from '../../../realtime/connection';
import { RealtimeContext } from '../../../realtime/realtime-context';

interface RenderChatsOptions {
  language?: Language;
  /** A connection over a fake socket, to deliver realtime events to the page. */
  connection?: RealtimeConnection | null;
}

/** Mounts the whole app at `path`, optionally with a realtime connection the test drives. */
export function renderChats(path: string, { language = 'en', connection = null }: RenderChatsOptions = {}) {
  const i18n = createI18n({ language });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <AppProviders i18n={i18n} queryClient={queryClient}>
      <RealtimeContext value={connection}>
        <RouterProvider router={router} />
      </RealtimeContext>
    </AppProviders>,
  );
  return { ...view, router, queryClient };
}
