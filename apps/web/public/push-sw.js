/* global self */
// Push notifications for the service worker that vite-plugin-pwa generates: workbox loads this
// file with importScripts (see `workbox.importScripts` in vite.config.ts). A classic script, so it
// needs no build step; src/app/push-sw.spec.ts runs it against a fake worker scope.

const pushIcon = '/icons/icon-192.png';

/** Only paths inside the app are followed: a payload must not send a click to another site. */
function pushTargetUrl(url) {
  const origin = self.location.origin;
  try {
    const target = new URL(typeof url === 'string' && url !== '' ? url : '/', origin);
    return target.origin === origin ? target.href : `${origin}/`;
  } catch {
    return `${origin}/`;
  }
}

function readPushPayload(event) {
  if (!event.data) return {};
  try {
    const payload = event.data.json();
    return payload && typeof payload === 'object' ? payload : {};
  } catch {
    // Not JSON: still worth showing rather than dropping (a silent push breaks userVisibleOnly).
    return { body: event.data.text() };
  }
}

function showPushNotification(event) {
  const payload = readPushPayload(event);
  const options = {
    body: typeof payload.body === 'string' ? payload.body : '',
    icon: pushIcon,
    badge: pushIcon,
    data: { url: pushTargetUrl(payload.url) },
  };
  // A tag replaces the earlier notification about the same chat instead of stacking them.
  if (typeof payload.tag === 'string' && payload.tag !== '') options.tag = payload.tag;
  const title = typeof payload.title === 'string' && payload.title !== '' ? payload.title : 'Beseda';
  return self.registration.showNotification(title, options);
}

async function openPushTarget(notification) {
  const url = pushTargetUrl(notification.data && notification.data.url);
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const origin = self.location.origin;
  const appWindows = windows.filter((client) => new URL(client.url).origin === origin);
  const existing = appWindows.find((client) => client.focused) || appWindows[0];
  if (existing) {
    try {
      const focused = await existing.focus();
      if (focused.url !== url) await focused.navigate(url);
      return;
    } catch {
      // navigate() refuses a window this worker does not control yet: open a new one instead.
    }
  }
  await self.clients.openWindow(url);
}

self.addEventListener('push', (event) => {
  event.waitUntil(showPushNotification(event));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  event.waitUntil(openPushTarget(event.notification));
});
