import { render } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders } from '../app/AppProviders';
import { routes } from '../app/routes';
import { createI18n } from '../i18n/i18n';
import type { Language } from '../i18n/languages';

interface RenderRouteOptions {
  /** Omit to let the app detect the language as it would in a browser. */
  language?: Language;
}

/** Mounts the whole app at `path`, with a fresh cache and no retries so failures show at once. */
export function renderRoute(path: string, { language }: RenderRouteOptions = {}) {
  const i18n = createI18n(language ? { language } : {});
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <AppProviders i18n={i18n} queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, i18n, router };
}
