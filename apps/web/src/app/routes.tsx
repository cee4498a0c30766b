import { Navigate, type RouteObject } from 'react-router';
import { RedirectIfSignedIn, RequireAuth, SessionRoot } from '../auth/guards';
import { AppShell } from '../components/layout/AppShell';
import { RouteErrorPage } from '../components/layout/RouteErrorPage';
import { ActivityPage } from '../features/account/ActivityPage';
import { NotificationsSettingsPage } from '../features/account/NotificationsSettingsPage';
import { ProfilePage } from '../features/account/ProfilePage';
import { SecurityPage } from '../features/account/SecurityPage';
import { SessionsPage } from '../features/account/SessionsPage';
import { SettingsLayout } from '../features/account/SettingsLayout';
import { AdminPage } from '../features/admin/AdminPage';
import { AuthLayout } from '../features/auth/AuthLayout';
import { ConfirmEmailPage } from '../features/auth/ConfirmEmailPage';
import { ForgotPasswordPage } from '../features/auth/ForgotPasswordPage';
import { LoginPage } from '../features/auth/LoginPage';
import { RegisterPage } from '../features/auth/RegisterPage';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage';
import { ChatsPage, NoChatSelected } from '../features/chats/ChatsPage';
import { ConversationRoute } from '../features/chats/Conversation';
import { HomePage } from '../features/home/HomePage';
import { MeetingDetailsPage } from '../features/meetings/MeetingDetailsPage';
import { MeetingRoute } from '../features/meetings/MeetingRoute';
import { MeetingsPage } from '../features/meetings/MeetingsPage';
import { NotFoundPage } from '../features/not-found/NotFoundPage';
import { UnsubscribePage } from '../features/notifications/UnsubscribePage';
import { SearchPage } from '../features/search/SearchPage';

/** Every client route. Kept apart from the browser router so tests can mount it in a memory router. */
export const routes: RouteObject[] = [
  {
    element: <SessionRoot />,
    errorElement: <RouteErrorPage />,
    children: [
      {
        // Visitors' pages; a signed-in user is sent on to `next`.
        element: <RedirectIfSignedIn />,
        children: [
          {
            element: <AuthLayout />,
            children: [
              { path: 'login', element: <LoginPage /> },
              { path: 'register', element: <RegisterPage /> },
              { path: 'forgot-password', element: <ForgotPasswordPage /> },
            ],
          },
        ],
      },
      {
        // E-mail links work whether or not someone is signed in in this browser.
        element: <AuthLayout />,
        children: [
          { path: 'confirm-email', element: <ConfirmEmailPage /> },
          { path: 'reset-password', element: <ResetPasswordPage /> },
          { path: 'unsubscribe', element: <UnsubscribePage /> },
        ],
      },
      {
        // A call fills the screen, outside the shell's navigation. Not behind RequireAuth: someone
        // without an account may come as a guest, so the route itself decides what they see.
        path: 'm/:code',
        errorElement: <RouteErrorPage />,
        element: <MeetingRoute />,
      },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        ),
        children: [
          {
            // A page that throws is replaced inside the shell, so navigation stays usable.
            errorElement: <RouteErrorPage />,
            children: [
              { index: true, element: <HomePage /> },
              {
                path: 'chats',
                element: <ChatsPage />,
                children: [
                  { index: true, element: <NoChatSelected /> },
                  { path: ':chatId', element: <ConversationRoute /> },
                ],
              },
              { path: 'meetings', element: <MeetingsPage /> },
              { path: 'meetings/:id', element: <MeetingDetailsPage /> },
              { path: 'search', element: <SearchPage /> },
              { path: 'admin', element: <AdminPage /> },
              {
                path: 'settings',
                element: <SettingsLayout />,
                children: [
                  { index: true, element: <Navigate to="profile" replace /> },
                  { path: 'profile', element: <ProfilePage /> },
                  { path: 'security', element: <SecurityPage /> },
                  { path: 'sessions', element: <SessionsPage /> },
                  { path: 'notifications', element: <NotificationsSettingsPage /> },
                  { path: 'activity', element: <ActivityPage /> },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
