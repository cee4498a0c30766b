import type { RouteObject } from 'react-router';
import { AppShell } from '../components/layout/AppShell';
import { RouteErrorPage } from '../components/layout/RouteErrorPage';
import { AdminPage } from '../features/admin/AdminPage';
import { ChatsPage } from '../features/chats/ChatsPage';
import { HomePage } from '../features/home/HomePage';
import { MeetingsPage } from '../features/meetings/MeetingsPage';
import { NotFoundPage } from '../features/not-found/NotFoundPage';

/** Every client route. Kept apart from the browser router so tests can mount it in a memory router. */
export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppShell />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        // A page that throws is replaced inside the shell, so navigation stays usable.
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'chats', element: <ChatsPage /> },
          { path: 'meetings', element: <MeetingsPage /> },
          { path: 'admin', element: <AdminPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
