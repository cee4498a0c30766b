/** Why this browser could not be subscribed; the settings page words each case. */
export type PushDeviceErrorCode =
  'permissionDenied' | 'permissionDismissed' | 'noServiceWorker' | 'subscribeFailed';

export class PushDeviceError extends Error {
  override readonly name = 'PushDeviceError';
  constructor(
    readonly code: PushDeviceErrorCode,
    cause?: unknown,
  ) {
    super(code, { cause });
  }
}

export function isPushDeviceError(error: unknown): error is PushDeviceError {
  return error instanceof PushDeviceError;
}

/** Whether this browser can receive Web Push at all (iOS Safari only once added to the home screen). */
export function pushSupported(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

export function notificationPermission(): NotificationPermission {
  return 'Notification' in window ? Notification.permission : 'default';
}

export async function requestNotificationPermission(): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission === 'denied') throw new PushDeviceError('permissionDenied');
  if (permission !== 'granted') throw new PushDeviceError('permissionDismissed');
}

/** The worker registered at start-up; it may still be installing on a first visit. */
const workerWaitMs = 10_000;

async function activeRegistration(): Promise<ServiceWorkerRegistration> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // `ready` never settles when no worker is registered (development server, private modes).
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PushDeviceError('noServiceWorker')), workerWaitMs);
  });
  try {
    return await Promise.race([navigator.serviceWorker.ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function thisBrowserSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** The VAPID key arrives as base64url; the push manager wants its bytes. */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function subscribeThisBrowser(publicKey: string): Promise<PushSubscription> {
  const registration = await activeRegistration();
  try {
    // A subscription made with an earlier server key cannot be reused: subscribing again with a
    // different key fails until the old one is gone.
    await (await registration.pushManager.getSubscription())?.unsubscribe();
    return await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64UrlToBytes(publicKey),
    });
  } catch (error) {
    throw new PushDeviceError('subscribeFailed', error);
  }
}

/** Which server subscription belongs to this browser, per account: one browser, many sign-ins. */
interface RememberedDevice {
  id: string;
  endpoint: string;
}

const storageKey = (userId: string) => `beseda.push-subscription.${userId}`;

export function readThisDevice(userId: string): RememberedDevice | null {
  try {
    const value = JSON.parse(
      localStorage.getItem(storageKey(userId)) ?? 'null',
    ) as Partial<RememberedDevice> | null;
    return typeof value?.id === 'string' && typeof value.endpoint === 'string'
      ? { id: value.id, endpoint: value.endpoint }
      : null;
  } catch {
    return null;
  }
}

export function rememberThisDevice(userId: string, device: RememberedDevice): void {
  localStorage.setItem(storageKey(userId), JSON.stringify(device));
}

export function forgetThisDevice(userId: string): void {
  localStorage.removeItem(storageKey(userId));
}
